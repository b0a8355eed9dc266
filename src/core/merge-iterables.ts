/**
 * Runs several async iterables at once (at most `limit` of them) and yields their values as they
 * come: how a scanner reads accounts, organizations, projects or tenants in parallel while
 * yielding one stream of pages.
 *
 * Invariants: each source advances only after its last value was consumed (no buffering beyond
 * one value per running source); a source's values keep their order; the first error stops the
 * merge and is rethrown at once, and the other running sources are asked to return (their
 * `finally` blocks run when their pending step settles, which a scan's abort signal hastens);
 * sources not yet started when the merge stops are never started.
 */
export async function* mergeIterables<T>(
  sources: readonly (() => AsyncIterable<T>)[],
  limit: number,
): AsyncGenerator<T> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError('limit: expected a whole number ≥ 1');
  type Pending = Promise<{ slot: number; result: IteratorResult<T> }>;
  const running = new Map<number, { iterator: AsyncIterator<T>; next: Pending }>();
  let started = 0;
  let slots = 0;
  const advance = (slot: number, iterator: AsyncIterator<T>) => {
    const next: Pending = iterator.next().then((result) => ({ slot, result }));
    running.set(slot, { iterator, next });
  };
  const startNext = () => {
    const source = sources[started++]!;
    advance(slots++, source()[Symbol.asyncIterator]());
  };
  try {
    while (started < sources.length && running.size < limit) startNext();
    while (running.size > 0) {
      const { slot, result } = await Promise.race([...running.values()].map((entry) => entry.next));
      const entry = running.get(slot)!;
      if (result.done) {
        running.delete(slot);
        if (started < sources.length) startNext();
        continue;
      }
      yield result.value;
      advance(slot, entry.iterator);
    }
  } finally {
    // Stopped early (error, consumer break): close what still runs without waiting for it, as a
    // source may be inside a call that ends only when it times out; its errors are not ours.
    for (const { iterator, next } of running.values()) {
      next.catch(() => undefined);
      iterator.return?.().catch(() => undefined);
    }
    running.clear();
  }
}
