import { schedule } from 'node-cron';
import { errorRef, guarded } from '../logger';
import type { RecapLogger } from './recapLogger';

/** What the cron shell drives: the tick, the time it is given, and where its errors go. */
export interface RecapSchedulerOptions {
  /** One pass over the subscriptions, e.g. `(now) => runDueRecaps(deps, now)`. */
  readonly tick: (now: Date) => Promise<unknown>;
  readonly clock: () => Date;
  readonly logger: RecapLogger;
}

/** A running scheduler, for a clean shutdown. */
export interface RecapSchedulerHandle {
  /** Stops ticking and resolves once a tick in progress has finished. */
  stop(): Promise<void>;
}

/**
 * The scheduler's shell: a node-cron task once a minute, plus one run at start
 * to catch up on anything due while the bot was down. Runs never overlap: a
 * minute that arrives while a tick is still running is skipped and logged.
 * Each tick catches and logs its own errors, so one bad tick never stops the
 * next.
 */
export function startRecapScheduler(options: RecapSchedulerOptions): RecapSchedulerHandle {
  const { tick, clock, logger } = options;
  let running: Promise<void> | undefined;
  let stopped = false;

  const runTick = (): void => {
    if (stopped) return;
    if (running !== undefined) {
      logger.warn({}, 'recap tick skipped: the previous tick is still running');
      return;
    }
    const startedAt = clock();
    // Through a promise so a tick that throws before returning one is caught like any other.
    running = Promise.resolve()
      .then(() => tick(startedAt))
      .then(
        () => undefined,
        (error: unknown) => logger.error({ err: error, ref: errorRef(), tickAt: startedAt.toISOString() }, 'recap tick failed'),
      )
      .finally(() => {
        running = undefined;
      });
  };

  // Guarded too: node-cron must never see a throw, even from a broken log.
  const task = schedule('* * * * *', guarded(logger, 'recap minute timer', runTick), { name: 'recaps' });
  runTick();
  return {
    async stop() {
      stopped = true;
      await task.destroy();
      await running;
    },
  };
}
