/**
 * Runs `work` on every item with at most `limit` in flight, starting the next
 * item as soon as any finishes, so one slow item holds up only its own slot.
 * `work` must handle its own errors: a rejection rejects the whole run.
 */
export async function forEachConcurrently<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
