import { errorRef, guarded } from '../logger';
import type { RecapLogger } from '../schedule/recapLogger';
import { isBusyError, StateDbBusyError } from '../schedule/openStateDb';
import { StateDbUnavailableError } from '../state/connectionHealth';

/**
 * Pauses between tries of a write the state database refused because another
 * process held its lock, or that could not reach it: about six minutes in
 * all, far longer than any transaction of the bot or of a backup tool holds
 * the lock, and long enough for a PostgreSQL restart.
 */
export const RETRY_PAUSES_MS: readonly number[] = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000, 60_000, 60_000, 60_000, 60_000, 60_000];

/** One write and what its log lines say. */
export interface RetriedWrite {
  /** One statement or transaction; a lock refusal must leave nothing changed, so it can run again. */
  readonly write: () => Promise<unknown>;
  /** What the write does, for the log: "forget the server's recap schedule". */
  readonly what: string;
  /** Logged at info once the write has landed. */
  readonly done: string;
  readonly fields: Record<string, unknown>;
  /**
   * Asked before each later try: false drops the write, logged with `why`. A
   * server's removal is dropped once the bot is back in it, so a retry cannot
   * delete the schedule a moderator sets after the bot was added again.
   */
  readonly stillWanted?: { readonly check: () => boolean; readonly why: string };
}

export interface RetriedWrites {
  /** Runs the write now; while the database is locked, again after each pause, then gives up with an error in the log. */
  run(write: RetriedWrite): Promise<void>;
  /** Gives every write still waiting one last try, for shutdown; each that still fails is logged as lost. */
  flush(): Promise<void>;
}

/**
 * Writes that come from events, not from a member waiting for an answer (the
 * bot removed from a server), and so must not be lost to a lock another
 * process holds: each is tried at once and, while the lock lasts, again
 * later without blocking anything. A failure other than a lock is logged
 * with a ref and not retried, since running it again would fail the same way.
 */
export function createRetriedWrites(logger: RecapLogger, pausesMs: readonly number[] = RETRY_PAUSES_MS): RetriedWrites {
  const waiting = new Map<RetriedWrite, { readonly timer: NodeJS.Timeout; readonly tries: number }>();

  /** Whether the write is finished with, landed or failed for good. */
  const attempt = async (job: RetriedWrite, tries: number, last: boolean): Promise<boolean> => {
    if (tries > 1 && job.stillWanted?.check() === false) {
      logger.info({ ...job.fields, tries }, `no longer trying to ${job.what}: ${job.stillWanted.why}`);
      return true;
    }
    try {
      await job.write();
      logger.info({ ...job.fields, ...(tries > 1 && { tries }) }, job.done);
      return true;
    } catch (error) {
      const ref = errorRef();
      const unreachable = error instanceof StateDbUnavailableError;
      if (!unreachable && !isBusyError(error) && !(error instanceof StateDbBusyError)) {
        logger.error({ ...job.fields, err: error, ref }, `could not ${job.what}`);
        return true;
      }
      if (last) {
        const why = unreachable ? 'stayed unreachable' : 'stayed locked by another process';
        logger.error({ ...job.fields, err: error, ref, tries }, `could not ${job.what}: the state database ${why}; giving up`);
        return true;
      }
      const why = unreachable ? 'cannot be reached' : 'is locked by another process';
      logger.warn(
        { ...job.fields, ref, tries, retryInMs: pausesMs[tries - 1] },
        `could not ${job.what} yet: the state database ${why}; will try again`,
      );
      return false;
    }
  };

  const schedule = (job: RetriedWrite, tries: number): void => {
    // Guarded like every timer: a throw from the stillWanted check must be logged, not end the process.
    const timer = setTimeout(
      guarded(logger, `retry to ${job.what}`, async () => {
        waiting.delete(job);
        if (!(await attempt(job, tries + 1, tries + 1 > pausesMs.length))) schedule(job, tries + 1);
      }),
      pausesMs[tries - 1],
    );
    // The gateway keeps the process alive; a pending retry must not hold up an exit.
    timer.unref();
    waiting.set(job, { timer, tries });
  };

  return {
    async run(job) {
      if (!(await attempt(job, 1, pausesMs.length === 0))) schedule(job, 1);
    },
    async flush() {
      for (const [job, { timer, tries }] of [...waiting]) {
        clearTimeout(timer);
        waiting.delete(job);
        await attempt(job, tries + 1, true);
      }
    },
  };
}
