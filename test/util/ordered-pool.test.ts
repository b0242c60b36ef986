// mapOrdered: results in input order, at most `concurrency` calls in flight, and the next call
// already running while the consumer works on a result (one job never idles the pool).
import {describe, expect, it} from 'vitest';

import {mapOrdered} from '../../src/util/ordered-pool.js';

const tick = () => new Promise((r) => setTimeout(r, 1));

describe('mapOrdered', () => {
  it('yields in input order with at most `concurrency` calls in flight', async () => {
    let running = 0;
    let most = 0;
    const out: number[] = [];
    for await (const v of mapOrdered([5, 1, 4, 2, 3], 2, async (x) => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, x));
      running--;
      return x * 10;
    })) out.push(v);
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });

  it('with one job, starts the next call before the consumer is done with a result', async () => {
    const events: string[] = [];
    for await (const v of mapOrdered([1, 2, 3], 1, async (x) => {
      events.push(`start ${x}`);
      await tick();
      return x;
    })) {
      events.push(`consume ${v}`);
      await tick();
      events.push(`consumed ${v}`);
    }
    expect(events.indexOf('start 2')).toBeLessThan(events.indexOf('consumed 1'));
    expect(events.indexOf('start 3')).toBeLessThan(events.indexOf('consumed 2'));
    expect(events.filter((e) => e.startsWith('start'))).toEqual(['start 1', 'start 2', 'start 3']);
  });

  it('a failed call rejects in its turn, and breaking off closes the input', async () => {
    let closed = false;
    async function* input() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closed = true;
      }
    }
    const seen: number[] = [];
    await expect((async () => {
      for await (const v of mapOrdered(input(), 3, async (x) => {
        if (x === 4) throw new Error('four');
        return x;
      })) seen.push(v);
    })()).rejects.toThrow('four');
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(closed).toBe(true);
  });
});
