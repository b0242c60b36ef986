import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';

import {columbusReference} from '../../bench/baselines/columbus-reference.js';
import {loadFilter, praxiFilterPath, tagChanges, TagSet} from '../../src/columbus/index.js';
import {pick, rng} from '../../src/util/random.js';
import {hasShared, sharedDir} from '../support/shared.js';

interface EdgeCase {
  name: string;
  freq_threshold: number;
  filter: 'praxi' | 'none';
  changes: string[];
  tags: string[];
}

describe('Columbus engine through the addon', () => {
  it.skipIf(!hasShared)('matches every golden edge case (shared/vectors/columbus/edge-cases.jsonl)', async () => {
    const praxi = await loadFilter('praxi');
    const lines = readFileSync(join(sharedDir, 'vectors/columbus/edge-cases.jsonl'), 'utf8').split('\n').filter(Boolean);
    expect(lines.length).toBe(64);
    for (const line of lines) {
      const c = JSON.parse(line) as EdgeCase;
      const tags = await tagChanges(c.changes, {threshold: c.freq_threshold, filter: c.filter === 'praxi' ? praxi : null});
      expect(tags.toStrings(), `${c.name} t=${c.freq_threshold} ${c.filter}`).toEqual(c.tags);
    }
  });

  it('agrees with the JavaScript reference on random changesets (seeded)', async () => {
    const filterSet = new Set(readFileSync(praxiFilterPath, 'utf8').split('\n').filter(Boolean));
    const praxi = await loadFilter('praxi');
    const alphabet = ['a', 'b', 'c', 'ab', 'lib', 'usr', 'bin', ':', '|', '.', '-', 'é', '中', '😀', ' ', '000 ', 'x86_64', 'python3'];
    for (let seed = 1; seed <= 200; seed++) {
      const r = rng(seed);
      const changes: string[] = [];
      const n = Math.floor(r() * 40);
      for (let i = 0; i < n; i++) {
        const depth = 1 + Math.floor(r() * 5);
        let path = r() < 0.8 ? '' : pick(r, ['000 ', '644 ', 'rel']);
        for (let d = 0; d < depth; d++) {
          path += '/';
          const len = Math.floor(r() * 6);
          for (let k = 0; k < len; k++) path += pick(r, alphabet);
        }
        changes.push(path);
        if (r() < 0.1) changes.push(path);
      }
      const threshold = Math.floor(r() * 4);
      const usePraxi = r() < 0.5;
      const got = await tagChanges(changes, {threshold, filter: usePraxi ? praxi : null});
      expect(got.toStrings(), `seed ${seed}`).toEqual(columbusReference(changes, {threshold, filter: usePraxi ? filterSet : undefined}));
    }
  });

  it('rejects a threshold that is not a whole number', async () => {
    await expect(tagChanges(['/a'], {threshold: 1.5, filter: null})).rejects.toThrow(/whole number/);
  });

  it('decodes tags lazily from the bulk buffers', () => {
    const t = TagSet.fromEntries([
      ['café', 2],
      ['😀😁😂', 3],
    ]);
    expect(t.size).toBe(2);
    expect(t.tag(1)).toBe('😀😁😂');
    expect([...t.entries()]).toEqual([
      ['café', 2],
      ['😀😁😂', 3],
    ]);
  });
});
