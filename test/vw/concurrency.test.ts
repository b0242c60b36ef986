import {describe, expect, it} from 'vitest';

import {VwModel} from '../../src/vw/index.js';
import {rng} from '../../src/util/random.js';

/** Praxi-like lines: k classes, each with its own tags plus shared noise tags. */
function syntheticLines(n: number, classes: number, features: number, seed: number): string[] {
  const r = rng(seed);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = 1 + Math.floor(r() * classes);
    const tags: string[] = [];
    for (let f = 0; f < features; f++) {
      const tag = r() < 0.6 ? `pkg${k}/f${Math.floor(r() * 300)}` : `usr/share/t${Math.floor(r() * 20000)}`;
      tags.push(`${tag}:${1 + Math.floor(r() * 20)}`);
    }
    lines.push(`${k} | ${tags.join(' ')}`);
  }
  return lines;
}

describe('VwModel concurrency', () => {
  it('the native model rejects a second call while one runs with VW_BUSY, and works again afterwards', async () => {
    const m = VwModel.create(['--oaa', '10', '-b', '20']);
    const raw = m.native;
    const training = raw.train(syntheticLines(3000, 10, 40, 1), {passes: 2});
    await expect(raw.predict(['a:1'])).rejects.toMatchObject({name: 'PraxiError', code: 'VW_BUSY'});
    await expect(raw.save()).rejects.toMatchObject({code: 'VW_BUSY'});
    await expect(raw.readable()).rejects.toMatchObject({code: 'VW_BUSY'});
    await expect(raw.train(['1 | a'], {passes: 1})).rejects.toMatchObject({code: 'VW_BUSY'});
    // Getters read fixed options and work during the run.
    expect(raw.numClasses).toBe(10);
    const stats = await training;
    expect(stats.examples).toBe(3000);
    expect((await raw.predict(['a:1', 'b:2'])).length).toBe(20);
  });

  it('the TypeScript wrapper queues overlapping calls in order instead', async () => {
    const lines = syntheticLines(1000, 5, 20, 2);
    const a = VwModel.create(['--oaa', '5', '-b', '18']);
    const [, p1, bytes] = await Promise.all([a.train(lines, {passes: 1}), a.predict(['pkg1/f1:2']), a.save(), a.train(lines.slice(0, 10), {passes: 1})]);
    // Same as doing it step by step.
    const b = VwModel.create(['--oaa', '5', '-b', '18']);
    await b.train(lines, {passes: 1});
    expect(Array.from((await b.predict(['pkg1/f1:2'])).values)).toEqual(Array.from(p1.values));
    expect((await b.save()).equals(bytes)).toBe(true);
    // A failed call does not stop the queue.
    const bad = a.train(['nope | x'], {passes: 1});
    const after = a.predict(['x']);
    await expect(bad).rejects.toMatchObject({code: 'VW_PARSE'});
    expect((await after).rows).toBe(1);
  });

  it('training runs off the main thread: the event loop is idle while a long train runs', async () => {
    const lines = syntheticLines(8000, 40, 120, 3);
    const m = VwModel.create(['--oaa', '40', '-b', '22', '-l', '1.5', '--loss_function', 'logistic', '--probabilities']);
    // The event loop's own account of busy vs idle time (no clock bound: a slow or loaded machine
    // stretches the train and the main thread's share alike). Training on the main thread would
    // keep the loop busy for all of it; off the main thread, only handing over the lines is busy.
    const before = performance.eventLoopUtilization();
    const stats = await m.train(lines, {passes: 3});
    const elu = performance.eventLoopUtilization(before);
    if (process.env.PRAXI_VW_TEST_VERBOSE) console.log(elu);
    expect(stats.passesUsed).toBeGreaterThan(0);
    expect(elu.utilization, 'share of the train during which the event loop was busy').toBeLessThan(0.5);
  });
});
