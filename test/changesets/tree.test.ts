// --tree DIR: one changeset of the tree's files; never follows symlinks; survives what it cannot read.
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { changesetFromTree } from '../../src/changesets/tree.js';
import { tempDir } from './helpers.js';

const isRoot = process.getuid?.() === 0;

describe('changesetFromTree', () => {
  const tmp = tempDir('tree');
  afterAll(() => tmp.cleanup());

  it('lists files and symlinks relative to DIR with a leading /, sorted; directories are not entries', async () => {
    const root = join(tmp.path, 'basic');
    mkdirSync(join(root, 'usr/bin'), { recursive: true });
    mkdirSync(join(root, 'empty'));
    mkdirSync(join(root, 'a.d'));
    writeFileSync(join(root, 'usr/bin/tool'), '');
    writeFileSync(join(root, 'a.d/x'), '');
    writeFileSync(join(root, 'a'), '');
    writeFileSync(join(root, 'with space'), '');
    symlinkSync('.', join(root, 'usr/loop')); // a loop: listed as an entry, never entered
    symlinkSync('/etc', join(root, 'etc-link')); // leaves the tree: listed, not followed
    symlinkSync('nowhere', join(root, 'dangling'));
    const fifo = spawnSync('mkfifo', [join(root, 'pipe')]);
    const cs = await changesetFromTree(root);
    const expected = ['/a', '/a.d/x', '/dangling', '/etc-link', ...(fifo.status === 0 ? ['/pipe'] : []), '/usr/bin/tool', '/usr/loop', '/with space'];
    expect(cs).toEqual({ source: root, changes: expected, meta: { format: 'tree' } });
  });

  it('keeps going past names that are not UTF-8, with a warning', async () => {
    const root = join(tmp.path, 'names');
    mkdirSync(root);
    const bad = Buffer.concat([Buffer.from(`${root}/bad`), Buffer.from([0xff]), Buffer.from('.txt')]);
    closeSync(openSync(bad, 'w'));
    writeFileSync(join(root, 'good'), '');
    const cs = await changesetFromTree(root);
    expect(cs.changes).toEqual(['/bad\ufffd.txt', '/good']);
    expect(cs.meta).toEqual({ format: 'tree', warningCount: 1, warnings: ['/bad\ufffd.txt: name is not valid UTF-8 (invalid bytes replaced by U+FFFD)'] });
  });

  // As root (CI, this sandbox) chmod 000 does not stop reading; tree-unreadable.test.ts covers
  // the warning path with an injected EACCES instead.
  it.skipIf(isRoot)('reports an unreadable directory as a warning and lists the rest', async () => {
    const root = join(tmp.path, 'perm');
    mkdirSync(join(root, 'locked'), { recursive: true });
    writeFileSync(join(root, 'locked/f'), '');
    writeFileSync(join(root, 'open'), '');
    chmodSync(join(root, 'locked'), 0o000);
    try {
      const cs = await changesetFromTree(root);
      expect(cs.changes).toEqual(['/open']);
      expect(cs.meta?.warnings).toEqual(['/locked: cannot read directory (EACCES)']);
    } finally {
      chmodSync(join(root, 'locked'), 0o755);
    }
  });

  it('rejects a missing DIR or a file with a clear InputError', async () => {
    await expect(changesetFromTree(join(tmp.path, 'nope'))).rejects.toMatchObject({ code: 'INPUT_NOT_FOUND' });
    const file = join(tmp.path, 'file');
    writeFileSync(file, '');
    await expect(changesetFromTree(file)).rejects.toMatchObject({ code: 'INPUT_UNREADABLE', message: expect.stringMatching(/expects a directory/) });
  });

  it('walks a 1000-level deep tree (no recursion)', async () => {
    const root = join(tmp.path, 'deep');
    let dir = root;
    for (let i = 0; i < 1000; i++) dir = join(dir, 'd');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'leaf'), '');
    const cs = await changesetFromTree(root);
    expect(cs.changes).toEqual([`${'/d'.repeat(1000)}/leaf`]);
  });

  it('walks 100,000 files in bounded time and memory', async () => {
    const root = join(tmp.path, 'wide');
    for (let d = 0; d < 100; d++) {
      const dir = join(root, `dir${String(d).padStart(3, '0')}`);
      mkdirSync(dir, { recursive: true });
      for (let f = 0; f < 1000; f++) closeSync(openSync(join(dir, `file${f}`), 'w'));
    }
    global.gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const cs = await changesetFromTree(root);
    const ms = performance.now() - t0;
    const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
    console.log(`--tree over 100,000 files: ${ms.toFixed(0)} ms, heap growth ${heapMb.toFixed(0)} MB`);
    expect(cs.changes).toHaveLength(100_000);
    expect(cs.changes[0]).toBe('/dir000/file0');
    expect(cs.changes[1]).toBe('/dir000/file1');
    expect(cs.changes[2]).toBe('/dir000/file10'); // plain string order
    expect(heapMb).toBeLessThan(200); // ~100k short strings plus transient buffers
  });
});
