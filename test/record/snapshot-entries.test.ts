import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';

import {native} from '../../src/native.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, {recursive: true, force: true});
});

describe('snapshot entry lists', () => {
  it('cross into JavaScript in path order with non-ASCII names in their places', async () => {
    const root = mkdtempSync(join(tmpdir(), 'praxi-entries-'));
    dirs.push(root);
    const names = ['a', 'caf\u00e9', 'line\nfeed', 'm', '\u{1F600}', 'z'];
    mkdirSync(join(root, 'd'));
    for (const n of names) writeFileSync(join(root, 'd', n), '');
    const addon = native();
    for (const stat of [true, false]) {
      const list = addon.snapshotEntries(await addon.takeSnapshot(root, {stat}));
      const want = names.map((n) => `/d/${n}`).sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
      expect(list.paths).toEqual(want);
    }
  });
});
