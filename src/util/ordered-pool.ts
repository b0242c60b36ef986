/**
 * Maps `items` through `fn` with at most `concurrency` calls in flight, yielding results in input
 * order. Input is pulled lazily, so memory stays bounded by `concurrency` pending results plus the
 * one the consumer holds.
 *
 * The next calls start before a result is handed over: while the consumer works on result i (on the
 * main thread: formatting, writing), call i + concurrency already runs (on the pool), so even one
 * job never leaves the pool idle waiting for the consumer.
 */
export async function* mapOrdered<T, R>(
  items: AsyncIterable<T> | Iterable<T>,
  concurrency: number,
  fn: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  const limit = Math.max(1, Math.floor(concurrency));
  const pending: Promise<{ok: true; value: R} | {ok: false; error: unknown}>[] = [];
  const settle = (p: Promise<R>) =>
    p.then(
      (value) => ({ok: true as const, value}),
      (error: unknown) => ({ok: false as const, error}),
    );
  const source = Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : (items as Iterable<T>)[Symbol.iterator]();
  let exhausted = false;
  const fill = async () => {
    while (!exhausted && pending.length < limit) {
      const next = await source.next();
      if (next.done) exhausted = true;
      else pending.push(settle(fn(next.value)));
    }
  };
  try {
    await fill();
    while (pending.length > 0) {
      const r = await pending.shift()!;
      if (!r.ok) throw r.error;
      await fill();
      yield r.value;
    }
  } finally {
    // Stopped early (an error, or the consumer broke off): close the input like for-await would.
    if (!exhausted) await source.return?.();
  }
}
