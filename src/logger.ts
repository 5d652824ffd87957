import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger } from 'pino';
import type prettyFactory from 'pino-pretty';
import { redactSecrets } from './redactSecrets';

/**
 * pino-pretty and its formatting stack, loaded only when a person watches a
 * terminal: a service's stderr is a pipe, and never pays for it.
 */
function prettyStream(): DestinationStream {
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof prettyFactory;
  return pretty({ destination: 2, colorize: true, sync: true, ignore: 'pid,hostname,app' });
}

export type { Logger };

/**
 * Structured logs on stderr (stdout belongs to the local console's answers):
 * JSON lines for log collectors, readable lines when a person watches a terminal.
 * Token-bearing keys are redacted as a second line of defence; the first is that
 * the token is never handed to the logger at all.
 */
export function createLogger(level: string, options: { pretty?: boolean; destination?: DestinationStream } = {}): Logger {
  const settings = {
    level,
    base: { app: 'briefing-desk' },
    serializers: {
      err: (error: Error) => {
        const serialized = pino.stdSerializers.err(error);
        return JSON.parse(redactSecrets(JSON.stringify(serialized))) as typeof serialized;
      },
    },
    redact: {
      paths: ['token', '*.token', 'discordToken', '*.discordToken', 'authorization', '*.authorization', '*.headers.authorization'],
      censor: '[redacted]',
    },
  };
  if (options.destination !== undefined) return pino(settings, options.destination);
  const wantPretty = options.pretty ?? process.stderr.isTTY === true;
  const destination = wantPretty ? prettyStream() : pino.destination({ dest: 2, sync: true });
  return pino(settings, destination);
}

/** A short reference shown to the member or operator and written to the log, to find one failure among many. */
export function errorRef(): string {
  return randomBytes(3).toString('hex').toUpperCase();
}

/** The slice of a logger a guarded callback reports to. */
export interface FailureLog {
  error(fields: Record<string, unknown>, message: string): void;
}

/**
 * Wraps an event listener or timer callback so that whatever it throws, at
 * once or later through its promise, is logged with a ref as "<what> failed"
 * instead of reaching the process: one bad event must not stop the others.
 */
export function guarded<A extends unknown[]>(log: FailureLog, what: string, callback: (...args: A) => unknown): (...args: A) => void {
  const report = (error: unknown): void => {
    try {
      log.error({ err: error, ref: errorRef() }, `${what} failed`);
    } catch {
      // The log itself is broken (stderr closed); there is nowhere left to report to.
    }
  };
  return (...args) => {
    try {
      const result = callback(...args);
      if (result instanceof Promise) result.catch(report);
    } catch (error) {
      report(error);
    }
  };
}
