/** Where the store says that its connection was lost, each attempt to get it back, and that it is back. */
export interface StateLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

/**
 * The state database cannot be reached now; the store is reconnecting in the
 * background. A call that fails with it wrote nothing, except when the
 * connection broke while a COMMIT was on its way: then the server decided,
 * and reading the state again tells.
 */
export class StateDbUnavailableError extends Error {
  override readonly name = 'StateDbUnavailableError';
}

/**
 * Pauses between attempts to reach a lost database, the last repeated for
 * as long as it stays away: quick at first, for a restart or a fail-over,
 * then every 30 s so a long outage costs one warn line per attempt, not a flood.
 */
export const RECONNECT_PAUSES_MS: readonly number[] = [500, 1_000, 2_000, 5_000, 10_000, 30_000];

export interface ConnectionHealth {
  /**
   * Runs `work` against the database. While the connection is known lost it
   * fails at once with {@link StateDbUnavailableError}, so no caller waits out
   * a connect timeout; a loss during `work` (per `isLoss`) starts the
   * reconnecting and fails the same way. Any other error passes through.
   */
  guard<T>(work: () => Promise<T>): Promise<T>;
  /** Reports a loss seen elsewhere (an idle pooled connection failed). */
  lost(error: unknown): void;
  /** Called each time the connection is back after a loss. */
  onBack(listener: () => void): void;
  /** Stops reconnecting, for close. */
  stop(): void;
}

export interface ConnectionHealthOptions {
  /** One cheap round trip (`SELECT 1`); resolves once the database answers again. */
  readonly probe: () => Promise<void>;
  /** Whether an error means the connection is gone rather than a refused statement. */
  readonly isLoss: (error: unknown) => boolean;
  readonly log?: StateLog;
  readonly pausesMs?: readonly number[];
}

function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && code.length > 0) return code;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Watches one database connection (or pool): after a loss it probes with a
 * growing pause, one warn line per attempt, and one info line when the
 * database answers again. The timers never keep the process alive.
 */
export function watchConnection(options: ConnectionHealthOptions): ConnectionHealth {
  const { probe, isLoss, log } = options;
  const pausesMs = options.pausesMs ?? RECONNECT_PAUSES_MS;
  const listeners: (() => void)[] = [];
  let down: { since: number; reason: string } | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const unavailable = () => new StateDbUnavailableError(`the state database cannot be reached (${down?.reason ?? 'connection lost'}); reconnecting`);

  function retry(attempt: number): void {
    if (stopped || down === undefined) return;
    const pauseMs = pausesMs[Math.min(attempt - 1, pausesMs.length - 1)] ?? 30_000;
    log?.warn(
      { attempt, retryInMs: pauseMs, reason: down.reason },
      attempt === 1 ? 'state database connection lost; reconnecting' : 'state database still unreachable; trying again',
    );
    timer = setTimeout(() => {
      probe().then(
        () => {
          if (down === undefined || stopped) return;
          log?.info({ attempts: attempt, downMs: Date.now() - down.since }, 'state database connection is back');
          down = undefined;
          for (const listener of listeners) listener();
        },
        (error: unknown) => {
          if (down !== undefined) down.reason = reasonOf(error);
          retry(attempt + 1);
        },
      );
    }, pauseMs);
    timer.unref();
  }

  function lost(error: unknown): void {
    if (stopped || down !== undefined) return;
    down = { since: Date.now(), reason: reasonOf(error) };
    retry(1);
  }

  return {
    async guard(work) {
      if (down !== undefined) throw unavailable();
      try {
        return await work();
      } catch (error) {
        if (!isLoss(error)) throw error;
        lost(error);
        throw Object.assign(unavailable(), { cause: error });
      }
    },
    lost,
    onBack: (listener) => void listeners.push(listener),
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
