import { EventEmitter } from 'node:events';

/** What a wait checks: a value ends the wait, `false`/`null`/`undefined` keeps waiting, a throw fails it. */
export type WaitPredicate<T> = () => T | false | null | undefined;

const POLL_MS = 20;

/**
 * Lets tests wait for the fake's state instead of sleeping: every recorded
 * event wakes the waiters, and a short poll covers conditions that change
 * with the clock alone (an interaction window closing).
 */
export class ChangeSignal {
  readonly #emitter = new EventEmitter();

  constructor() {
    this.#emitter.setMaxListeners(0);
  }

  notify(): void {
    this.#emitter.emit('change');
  }

  /** Resolves with the predicate's first truthy value; rejects after `timeoutMs` naming `description`. */
  waitFor<T>(predicate: WaitPredicate<T>, timeoutMs: number, description: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const check = () => {
        let value: T | false | null | undefined;
        try {
          value = predicate();
        } catch (error) {
          finish();
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        if (value === false || value === null || value === undefined) return;
        finish();
        resolve(value);
      };
      const timeout = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${description}`));
      }, timeoutMs);
      const poll = setInterval(check, POLL_MS);
      const finish = () => {
        clearTimeout(timeout);
        clearInterval(poll);
        this.#emitter.off('change', check);
      };
      this.#emitter.on('change', check);
      check();
    });
  }
}
