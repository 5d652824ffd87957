import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';
import { redactSecrets } from './redactSecrets';

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
  const destination = wantPretty
    ? pretty({ destination: 2, colorize: true, sync: true, ignore: 'pid,hostname,app' })
    : pino.destination({ dest: 2, sync: true });
  return pino(settings, destination);
}
