/**
 * Discord's global limit: at most `perSecond` requests in each one-second
 * window, counted per bot. A refused request does not use up the window.
 */
export class GlobalRateLimit {
  #perSecond: number | null;
  #windowStart = 0;
  #used = 0;

  constructor(perSecond: number | null) {
    this.#perSecond = perSecond;
  }

  /** Changes the limit; `null` switches it off. The current window starts afresh. */
  setLimit(perSecond: number | null): void {
    this.#perSecond = perSecond;
    this.#windowStart = 0;
    this.#used = 0;
  }

  /** Counts a request at `now`; returns 0 when it may pass, else the milliseconds until the window resets. */
  take(now: number): number {
    if (this.#perSecond === null) return 0;
    if (now - this.#windowStart >= 1000) {
      this.#windowStart = now;
      this.#used = 0;
    }
    if (this.#used >= this.#perSecond) return this.#windowStart + 1000 - now;
    this.#used += 1;
    return 0;
  }
}
