// Predict-only model loading (PraxiModel.load with predictOnly): weights read on demand give the
// same predictions as a full load, and the verified stamp (src/model/verify.ts) never vouches for a
// changed file.
import {copyFileSync, existsSync, mkdirSync, readFileSync, utimesSync, writeFileSync} from 'node:fs';
import {createHash} from 'node:crypto';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

import {train} from '../../src/flow/train.js';
import {PraxiModel} from '../../src/model/model.js';
import {currentIdentity, recordVerified, stampMarginNs, verifiedBefore, wallClockNs} from '../../src/model/verify.js';
import {VwModel} from '../../src/vw/index.js';
import {Rng, tempDir} from '../changesets/helpers.js';

const tmp = tempDir('open-on-demand');
const model = join(tmp.path, 'm.vw');
const profileModel = join(tmp.path, 'p.model');
const previousCache = process.env.PRAXI_CACHE_DIR;

beforeAll(async () => {
  process.env.PRAXI_CACHE_DIR = join(tmp.path, 'cache');
  const rng = new Rng(3);
  const dir = join(tmp.path, 'tags');
  mkdirSync(dir);
  for (let l = 0; l < 12; l++) {
    for (let k = 0; k < 3; k++) {
      const tags = Array.from({length: 25}, () => `- t${l}x${rng.int(40)}.:${1 + rng.int(5)}\n`).join('');
      writeFileSync(join(dir, `p${l}.${k}.tag`), `label: p${l}\ntags:\n${tags}- shared${rng.int(9)}:2\n`);
    }
  }
  await train([dir], {model, passes: 2, bits: 20});
  await train([dir], {model: profileModel, engine: 'profile'});
}, 120_000);

afterAll(() => {
  if (previousCache === undefined) delete process.env.PRAXI_CACHE_DIR;
  else process.env.PRAXI_CACHE_DIR = previousCache;
  tmp.cleanup();
});

const items = [
  {source: 'a', tags: ['t3x1.:2', 't3x7.:1', 'shared2:2', 'unknown:1']},
  {source: 'b', tags: ['t9x4.:3', 't9x5.:1', 't1x1.:1']},
  {source: 'c', tags: ['nothing-known:1']},
];

describe('predict-only models', () => {
  it('read on demand, predict exactly like a full load', async () => {
    const full = await PraxiModel.load(model);
    const lazy = await PraxiModel.load(model, {predictOnly: true});
    const top = {top: 5};
    expect(await lazy.predict(items, top)).toEqual(await full.predict(items, top));
    // And again on the same handle (blocks now in memory, absent ones remembered).
    expect(await lazy.predict(items, top)).toEqual(await full.predict(items, top));
  });

  it('an opened-on-demand VW model refuses to learn or be saved', async () => {
    const {model: vw} = await VwModel.openFile(model, ['--probabilities', '--loss_function', 'logistic']);
    await expect(vw.save()).rejects.toMatchObject({code: 'VW_STATE'});
    await expect(vw.train(['1 | a:1'])).rejects.toMatchObject({code: 'VW_STATE'});
  });

  it('training stamps the file it wrote, so the first predict-only open does not hash it again', async () => {
    const manifest = JSON.parse(readFileSync(`${model}.json`, 'utf8')) as {model_sha256: string};
    const identity = await currentIdentity(model);
    // Where timestamps are whole seconds (or ms) waiting out the margin is not worth it: no stamp.
    const fine = stampMarginNs(identity.ctimeNs) < 1_000_000_000n;
    expect(await verifiedBefore(model, manifest.model_sha256, identity)).toBe(fine);
  });

  it('a model trained by vw itself (no manifest) opens on demand and predicts like a full load', async () => {
    const bare = join(tmp.path, 'bare.vw');
    copyFileSync(model, bare);
    const full = await PraxiModel.load(bare);
    const lazy = await PraxiModel.load(bare, {predictOnly: true});
    expect(lazy.manifest.labels).toEqual(full.manifest.labels);
    expect(await lazy.predict(items, {top: 5})).toEqual(await full.predict(items, {top: 5}));
    // Its sha256 (what `praxi run` reports) is computed on request, from the file as opened.
    const digest = createHash('sha256').update(readFileSync(bare)).digest('hex');
    expect(full.manifest.model_sha256).toBe(digest);
    expect(await lazy.modelSha256()).toBe(digest);
    const changed = await PraxiModel.load(bare, {predictOnly: true});
    writeFileSync(bare, readFileSync(model).subarray(0, 1000));
    await expect(changed.modelSha256()).rejects.toMatchObject({code: 'MODEL_CHECKSUM'});
  });

  it('keeps no stamp, and creates nothing, where the home directory does not exist (a container)', async () => {
    const saved = {cache: process.env.PRAXI_CACHE_DIR, xdg: process.env.XDG_CACHE_HOME, home: process.env.HOME};
    const home = join(tmp.path, 'no-such-home');
    delete process.env.PRAXI_CACHE_DIR;
    delete process.env.XDG_CACHE_HOME;
    process.env.HOME = home;
    try {
      const manifest = JSON.parse(readFileSync(`${model}.json`, 'utf8')) as {model_sha256: string};
      const identity = await currentIdentity(model);
      await recordVerified(model, manifest.model_sha256, identity, wallClockNs() + 10_000_000_000n);
      expect(existsSync(home)).toBe(false);
      expect(await verifiedBefore(model, manifest.model_sha256, identity)).toBe(false);
    } finally {
      for (const [key, value] of [['PRAXI_CACHE_DIR', saved.cache], ['XDG_CACHE_HOME', saved.xdg], ['HOME', saved.home]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });

  it('a stamp vouches only for the unchanged file; a rewrite with the old size and mtime is refused', async () => {
    const manifest = JSON.parse(readFileSync(`${model}.json`, 'utf8')) as {model_sha256: string};
    const mtime = new Date('2026-01-01T00:00:00Z'); // whole seconds: utimes keeps them exactly
    utimesSync(model, mtime, mtime);
    const identity = await currentIdentity(model);
    expect(await verifiedBefore(model, manifest.model_sha256, identity)).toBe(false);
    // As if verified long after the file was written (the stamp needs the ctime well in the past).
    await recordVerified(model, manifest.model_sha256, identity, wallClockNs() + 10_000_000_000n);
    expect(await verifiedBefore(model, manifest.model_sha256, identity)).toBe(true);
    await PraxiModel.load(model, {predictOnly: true});

    // Same bytes count, same mtime, one weight changed: only the ctime (and content) tells.
    const bytes = readFileSync(model);
    bytes[bytes.length - 1] ^= 0x40;
    writeFileSync(model, bytes);
    utimesSync(model, mtime, mtime);
    const after = await currentIdentity(model);
    expect(after.size).toBe(identity.size);
    expect(after.mtimeNs).toBe(identity.mtimeNs);
    expect(await verifiedBefore(model, manifest.model_sha256, after)).toBe(false);
    await expect(PraxiModel.load(model, {predictOnly: true})).rejects.toMatchObject({code: 'MODEL_CHECKSUM'});
  });

  it('a profile-engine model (the bundled kind) skips its sha256 only on a stamp for the unchanged file', async () => {
    const manifest = JSON.parse(readFileSync(`${profileModel}.json`, 'utf8')) as {model_sha256: string; engine: string};
    expect(manifest.engine).toBe('profile');
    const mtime = new Date('2026-01-01T00:00:00Z');
    utimesSync(profileModel, mtime, mtime);
    const identity = await currentIdentity(profileModel);
    const full = await PraxiModel.load(profileModel);
    const first = await PraxiModel.load(profileModel, {predictOnly: true});
    expect(await first.predict(items, {top: 3})).toEqual(await full.predict(items, {top: 3}));
    // The file's ctime is recent, so that verification left no stamp; one made later vouches.
    expect(await verifiedBefore(profileModel, manifest.model_sha256, identity)).toBe(false);
    await recordVerified(profileModel, manifest.model_sha256, identity, wallClockNs() + 10_000_000_000n);
    const stamped = await PraxiModel.load(profileModel, {predictOnly: true});
    expect(await stamped.predict(items, {top: 3})).toEqual(await full.predict(items, {top: 3}));

    const bytes = readFileSync(profileModel);
    bytes[bytes.length - 1] ^= 0x40;
    writeFileSync(profileModel, bytes);
    utimesSync(profileModel, mtime, mtime);
    expect(await verifiedBefore(profileModel, manifest.model_sha256, await currentIdentity(profileModel))).toBe(false);
    await expect(PraxiModel.load(profileModel, {predictOnly: true})).rejects.toMatchObject({code: 'MODEL_CHECKSUM'});
  });
});
