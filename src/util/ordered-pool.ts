/**
 * Maps `items` through `fn` with at most `concurrency` calls in flight, yielding results in input
 * order. Input is pulled lazily, so memory stays bounded by `concurrency` pending results.
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
  for await (const item of items) {
    pending.push(settle(fn(item)));
    if (pending.length >= limit) {
      const r = await pending.shift()!;
      if (!r.ok) throw r.error;
      yield r.value;
    }
  }
  while (pending.length > 0) {
    const r = await pending.shift()!;
    if (!r.ok) throw r.error;
    yield r.value;
  }
}
