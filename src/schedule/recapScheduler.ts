import type { ScheduledTask } from 'node-cron';
import { errorRef, guarded } from '../logger';
import type { RecapLogger } from './recapLogger';

/** What the cron shell drives: the tick, the time it is given, and where its errors go. */
export interface RecapSchedulerOptions {
  /** One pass over the subscriptions, e.g. `(now) => runDueRecaps(deps, now)`. */
  readonly tick: (now: Date) => Promise<unknown>;
  readonly clock: () => Date;
  readonly logger: RecapLogger;
  /**
   * Whether any recap is scheduled. The minute clock runs only while one is:
   * node-cron reads the time through Intl, which maps ICU's locale and time
   * zone data (about 6 MB resident) into a bot that may never post a recap.
   */
  readonly hasSchedules: () => Promise<boolean>;
}

/** A running scheduler, for a clean shutdown. */
export interface RecapSchedulerHandle {
  /** Starts the minute clock if a schedule now exists; call it after one is set. The clock stops itself once none is left. */
  refresh(): void;
  /** Stops ticking and resolves once a tick in progress has finished. */
  stop(): Promise<void>;
}

/**
 * The scheduler's shell: a node-cron task once a minute while any recap is
 * scheduled, plus one run at start to catch up on anything due while the bot
 * was down. Runs never overlap: a minute that arrives while a tick is still
 * running is skipped and logged. Each tick catches and logs its own errors, so
 * one bad tick never stops the next.
 */
export function startRecapScheduler(options: RecapSchedulerOptions): RecapSchedulerHandle {
  const { tick, clock, logger, hasSchedules } = options;
  let running: Promise<void> | undefined;
  let stopped = false;
  let task: ScheduledTask | undefined;
  let starting: Promise<void> | undefined;

  const schedulesExist = async (): Promise<boolean> => {
    try {
      return await hasSchedules();
    } catch (error) {
      // A database locked for a moment must not stop recaps: keep (or start) the clock and look again next minute.
      logger.warn({ err: error }, 'could not tell whether any recap is scheduled; the minute clock keeps running');
      return true;
    }
  };

  // node-cron is loaded with the first schedule: it adds about 60 ms to every start-up, and most bots start with none.
  const startClock = (): Promise<void> =>
    (starting ??= import('node-cron')
      .then(({ schedule }) => {
        // Guarded too: node-cron must never see a throw, even from a broken log.
        if (!stopped && task === undefined)
          task = schedule('* * * * *', guarded(logger, 'recap minute timer', runTick), { name: 'recaps' });
      })
      .catch((error: unknown) => logger.error({ err: error, ref: errorRef() }, 'the recap minute timer could not start'))
      .finally(() => {
        starting = undefined;
      }));

  /** Answers are applied in the order asked, so a slow older answer cannot undo a newer one. */
  let deciding: Promise<void> = Promise.resolve();

  const apply = (wanted: boolean): void => {
    if (stopped) return;
    if (wanted && task === undefined) {
      void startClock();
    } else if (!wanted && task !== undefined) {
      const idle = task;
      task = undefined;
      void Promise.resolve(idle.destroy()).catch((error: unknown) =>
        logger.error({ err: error, ref: errorRef() }, 'stopping the recap minute timer failed'),
      );
    }
  };

  const refresh = (): void => {
    if (stopped) return;
    const wanted = schedulesExist();
    deciding = deciding.then(async () => apply(await wanted));
  };

  function runTick(): void {
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
        refresh();
      });
  }

  runTick();
  refresh();
  return {
    refresh,
    async stop() {
      stopped = true;
      await deciding;
      await starting;
      await task?.destroy();
      task = undefined;
      await running;
    },
  };
}
