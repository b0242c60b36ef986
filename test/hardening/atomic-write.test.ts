// Regression tests for the output-side fixes of issue 9: stale temp clean-up, writeTagFile's temp
// files (were visible `x.tag.PID.tmp`, not fsynced), and the shape of temp names.
import {mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';

import {writeTagFile} from '../../src/changesets/tagfile.js';
import {AtomicBatch, AtomicBatchError, ATOMIC_TEMP_PATTERN, removeStaleTemps, STALE_TEMP_MS, writeFileAtomic} from '../../src/util/atomic-write.js';
import {cleanup, tempDir} from './support.js';

afterAll(cleanup);

describe('atomic writes', () => {
  it('writeFileAtomic and writeTagFile leave only the result; temp names are hidden and match the pattern', async () => {
    const d = tempDir('aw');
    await writeFileAtomic(join(d, 'a.json'), '{}\n');
    await writeTagFile(join(d, 'b.tag'), {id: 0, tags: ['x:2']});
    expect(readdirSync(d).sort()).toEqual(['a.json', 'b.tag']);
    expect(readFileSync(join(d, 'b.tag'), 'utf8')).toBe('id: 0\ntags:\n- x:2\n');
    expect(ATOMIC_TEMP_PATTERN.test(`.b.tag.${process.pid}.0123456789ab.tmp`)).toBe(true);
    expect(ATOMIC_TEMP_PATTERN.test('b.tag.123.tmp')).toBe(false); // visible names are results, never removed
  });

  it('AtomicBatch writes many files at once, the last write of a file wins, nothing else is left', async () => {
    const d = tempDir('batch');
    const batch = new AtomicBatch(4);
    for (let i = 0; i < 40; i++) await batch.write(join(d, `f${i % 30}.tag`), `v${i}\n`);
    await batch.finish();
    const names = readdirSync(d).sort();
    expect(names).toEqual(Array.from({length: 30}, (_, i) => `f${i}.tag`).sort());
    for (let i = 0; i < 30; i++) expect(readFileSync(join(d, `f${i}.tag`), 'utf8')).toBe(`v${i < 10 ? i + 30 : i}\n`);
  });

  it('AtomicBatch reports a failed write with the file it was writing, at a later write or at finish', async () => {
    const d = tempDir('batch-fail');
    mkdirSync(join(d, 'taken.tag')); // a directory where the file should go: the rename fails
    const batch = new AtomicBatch(2);
    await batch.write(join(d, 'ok.tag'), 'x\n');
    await batch.write(join(d, 'taken.tag'), 'y\n');
    const failure = await batch.finish().then(() => undefined, (err: unknown) => err);
    expect(failure).toBeInstanceOf(AtomicBatchError);
    expect((failure as AtomicBatchError).file).toBe(join(d, 'taken.tag'));
    await expect(batch.write(join(d, 'later.tag'), 'z\n')).rejects.toBeInstanceOf(AtomicBatchError);
    expect(readFileSync(join(d, 'ok.tag'), 'utf8')).toBe('x\n');
    expect(readdirSync(d).filter((n) => ATOMIC_TEMP_PATTERN.test(n))).toEqual([]);
  });

  it('removeStaleTemps removes only old temp files of the exact pattern', async () => {
    const d = tempDir('stale');
    const old = (Date.now() - STALE_TEMP_MS - 1000) / 1000;
    const files = {
      stale: '.x.tag.1.aaaaaaaaaaaa.tmp',
      fresh: '.y.tag.2.bbbbbbbbbbbb.tmp',
      oldResult: 'z.tag',
      oldOther: '.hidden-config.tmp',
    };
    for (const f of Object.values(files)) writeFileSync(join(d, f), 'x');
    for (const f of [files.stale, files.oldResult, files.oldOther]) utimesSync(join(d, f), old, old);
    expect(await removeStaleTemps(d)).toEqual([files.stale]);
    expect(readdirSync(d).sort()).toEqual([files.oldOther, files.fresh, files.oldResult].sort());
    expect(await removeStaleTemps(join(d, 'missing'))).toEqual([]);
  });
});
