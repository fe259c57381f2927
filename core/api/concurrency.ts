/**
 * Runs `fn` over `items` with at most `limit` calls in flight, and reports
 * each outcome in input order, so one failure neither stops the others nor
 * goes unnoticed. Creating thousands of nodes at once would queue thousands
 * of writes; a bounded pool keeps the API responsive meanwhile.
 */
export async function settleConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array<PromiseSettledResult<R>>(items.length);
  const pending = items.entries();
  const worker = async (): Promise<void> => {
    for (const [index, item] of pending) {
      try {
        results[index] = { status: 'fulfilled', value: await fn(item, index) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
