// VwModel.withClasses: a model grown to more classes holds every weight where vw indexes it for the
// new count, keeps predicting its old classes as before, learns the new ones, and real vw loads it.
import {execFileSync} from 'node:child_process';
import {existsSync, readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';

import {rng} from '../../src/util/random.js';
import {VwModel, withClassCount} from '../../src/vw/index.js';
import {hasShared, sharedDir} from '../support/shared.js';
import {g6, tempDir} from './support.js';

const vwBinary = join(sharedDir, 'vw', 'vw');
const probArgs = ['--probabilities', '--loss_function', 'logistic'];

/** Seeded examples: each class has its own typical tokens plus shared noise, like package tags. */
function examples(classes: number[], perClass: number, seed: number): {label: number; text: string}[] {
  const r = rng(seed);
  const out: {label: number; text: string}[] = [];
  for (let i = 0; i < perClass; i++) {
    for (const k of classes) {
      const own = Array.from({length: 6}, (_, j) => `pkg${k}/file${Math.floor(r() * 12) + j}:${1 + Math.floor(r() * 4)}`);
      const noise = Array.from({length: 3}, () => `usr/share/doc${Math.floor(r() * 30)}:1`);
      out.push({label: k, text: [...own, ...noise].join(' ')});
    }
  }
  return out;
}

/** `index:w a n` lines of a readable model, as a map. */
function weightsOf(readable: string): Map<number, string> {
  const m = new Map<number, string>();
  for (const line of readable.split('\n')) {
    const hit = /^(\d+):(.*)$/.exec(line);
    if (hit) m.set(Number(hit[1]), hit[2]);
  }
  return m;
}

describe('VwModel.withClasses', () => {
  it('moves every weight of (hash, class) to vw\'s index for the new stride (6 → 10 classes: stride 8 → 16)', async () => {
    const small = VwModel.create(['--oaa', '6', '-b', '18', '-l', '1.5', ...probArgs]);
    await small.train(examples([1, 2, 3, 4, 5, 6], 8, 1).map((e) => `${e.label} | ${e.text}`), {passes: 3});
    const {model: big, stats} = await small.withClasses(10);
    expect(stats).toEqual({oldInterleave: 8, newInterleave: 16, slots: expect.any(Number), merged: 0});
    expect(big.numClasses).toBe(10);
    expect(big.optionsString).toBe(' --learning_rate 1.5 --oaa 10');
    const before = weightsOf(await small.readable());
    const after = weightsOf(await big.readable());
    expect(after.size).toBe(before.size);
    expect(stats.slots).toBe(before.size);
    for (const [index, values] of before) {
      // index = (hash * 8 + class) & (2^18 - 1)  →  (hash * 16 + class) & (2^18 - 1)
      const moved = (((index >> 3) << 4) | (index & 7)) & ((1 << 18) - 1);
      expect(after.get(moved), `weight ${index}`).toBe(values);
    }
    // The source model is unchanged and still usable.
    expect(small.numClasses).toBe(6);
    expect(withClassCount(['--oaa', '6', '-b', '18'], 10)).toEqual(['--oaa', '10', '-b', '18']);
    expect(withClassCount(['--csoaa=6'], 9)).toEqual(['--csoaa=9']);
  });

  it('refuses to shrink (VW_ARGS)', async () => {
    const m = VwModel.create(['--oaa', '4']);
    await expect(m.withClasses(3)).rejects.toMatchObject({code: 'VW_ARGS'});
  });

  it.skipIf(!hasShared || !existsSync(vwBinary))('a grown and retrained model loads in real vw, which predicts what praxi predicts (oracle: shared/vw/vw)', async () => {
    const dir = tempDir();
    const args = ['--oaa', '6', '-b', '20', '-l', '1.5', ...probArgs];
    const first = VwModel.create(args);
    await first.train(examples([1, 2, 3, 4, 5, 6], 8, 2).map((e) => `${e.label} | ${e.text}`), {passes: 5});
    // As praxi train --resume does: the saved model is loaded (vw -i), grown, and trained on.
    const loaded = await VwModel.load(await first.save(), probArgs);
    const {model: grown} = await loaded.withClasses(11);
    await grown.train(examples([7, 8, 9, 10, 11, 2], 8, 3).map((e) => `${e.label} | ${e.text}`), {passes: 5});
    const file = join(dir, 'grown.vw');
    writeFileSync(file, await grown.save());
    const test = examples([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 2, 4);
    writeFileSync(join(dir, 'test.txt'), test.map((e) => `| ${e.text}\n`).join(''));
    execFileSync(vwBinary, ['-t', '-i', file, '-d', join(dir, 'test.txt'), '-p', join(dir, 'vw.pred'), ...probArgs, '--quiet']);
    const theirs = readFileSync(join(dir, 'vw.pred'), 'utf8').trim().split('\n');
    const ours = await grown.predict(test.map((e) => e.text));
    expect(theirs.length).toBe(test.length);
    theirs.forEach((line, i) => {
      expect(line, `row ${i}`).toBe(Array.from(ours.row(i), (p, c) => `${c + 1}:${g6(p)}`).join(' '));
    });
    // It learned the new classes and kept the old ones.
    const right = test.filter((e, i) => ours.best(i) === e.label).length;
    expect(right / test.length).toBeGreaterThanOrEqual(0.9);
  });
});
