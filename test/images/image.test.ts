import {describe, expect, it} from 'vitest';

import type {Changeset} from '../../src/changesets/types.js';
import {openImage, readImage, type ImageOptions} from '../../src/images/index.js';
import {
  dockerSaveLegacy,
  EXPECTED_FILES,
  layerDigests,
  NGINX_CMD,
  ociDir,
  ociTar,
  registryDir,
  standardLayers,
  type Compression,
} from './fixtures.js';
import {sha256, makeTar} from './tar-writer.js';

async function all(path: string, options: ImageOptions = {}): Promise<Changeset[]> {
  const out: Changeset[] = [];
  for await (const cs of readImage(path, options)) out.push(cs);
  return out;
}

const layers = standardLayers();

function checkStandard(css: Changeset[], image: string): void {
  expect(css.map((c) => c.source)).toEqual([1, 2, 3, 4].map((i) => `${image}#${i}`));
  expect(css.map((c) => c.changes)).toEqual(EXPECTED_FILES);
  expect(css.map((c) => c.meta?.layer_index)).toEqual([1, 2, 3, 4]);
  // History pairs with layers, skipping the empty_layer entries in between.
  expect(css[1]!.meta?.created_by).toBe(NGINX_CMD);
  expect(css[0]!.meta?.created_by).toMatch(/ADD file/);
  expect(css[3]!.meta?.created_by).toMatch(/pip install/);
  // Whiteouts are deletions, reported apart.
  expect(css[2]!.meta?.deleted).toEqual(['/etc/os-release', '/var/cache']);
  expect(css[2]!.meta?.opaque).toEqual(['/usr/share/doc']);
  expect(css[1]!.meta?.deleted).toEqual([]);
  // Hostile names: reported and ignored.
  const warnings = css[3]!.meta?.warnings as string[];
  expect(warnings.some((w) => w.includes('"../escape"'))).toBe(true);
  expect(warnings.some((w) => w.includes('"/abs/file"'))).toBe(true);
  expect(warnings.some((w) => w.includes('"ok/../../x"'))).toBe(true);
  for (const c of css) expect(c.meta?.image).toBe(image);
}

describe('image layouts', () => {
  it('docker save (legacy <id>/layer.tar): one changeset per layer, digests are the diff_ids', async () => {
    const path = dockerSaveLegacy(layers);
    const css = await all(path);
    checkStandard(css, path);
    expect(css[0]!.meta?.image_format).toBe('docker-save');
    expect(css.map((c) => c.meta?.layer_digest)).toEqual(layerDigests(layers, ['none']));
    expect(css[0]!.meta?.compression).toBe('none');
    const h = await openImage(path);
    expect(h.refs).toEqual(['web:latest']);
    expect(h.platform).toBe('linux/amd64');
  });

  it('docker save (docker >= 25: blobs/sha256 + manifest.json + OCI index)', async () => {
    const path = ociTar(layers, ['none'], {dockerManifest: true});
    const css = await all(path);
    checkStandard(css, path);
    expect(css[0]!.meta?.image_format).toBe('docker-save');
    expect(css.map((c) => c.meta?.layer_digest)).toEqual(layerDigests(layers, ['none']));
  });

  for (const compressions of [['gzip'], ['zstd'], ['gzip', 'zstd', 'none']] as Compression[][]) {
    it(`OCI layout directory, ${compressions.join('+')} layers`, async () => {
      const path = ociDir(layers, compressions);
      const css = await all(path);
      checkStandard(css, path);
      expect(css[0]!.meta?.image_format).toBe('oci');
      expect(css.map((c) => c.meta?.compression)).toEqual(layers.map((_, i) => compressions[i % compressions.length]));
      expect(css.map((c) => c.meta?.layer_digest)).toEqual(layerDigests(layers, compressions));
      expect(css[1]!.meta?.diff_id).toBe(sha256(makeTar(layers[1]!.items)));
    });
  }

  it('OCI layout as a tar, zstd layers', async () => {
    const path = ociTar(layers, ['zstd']);
    checkStandard(await all(path), path);
  });

  it('OCI layout as a gzip-compressed tar (read in one pass), gzip layers', async () => {
    const path = ociTar(layers, ['gzip'], {gzipOuter: true});
    checkStandard(await all(path), path);
    expect((await all(path, {squash: true}))[0]!.changes).toContain('/usr/sbin/nginx');
  });

  it('registry-v2 directory (manifest.json + <hex>.tar.gz + <hex>.json), compression by magic bytes', async () => {
    const path = registryDir(layers, ['gzip', 'zstd']);
    const css = await all(path);
    checkStandard(css, path);
    expect(css[0]!.meta?.image_format).toBe('registry-v2');
    expect(css[1]!.meta?.compression).toBe('zstd'); // named .tar.gz, typed gzip, but zstd inside
  });

  it('multi-platform index: linux/amd64 by default, an explicit platform, or a clear error', async () => {
    const path = ociDir(layers, ['gzip'], {multiPlatform: true});
    checkStandard(await all(path), path);
    expect((await openImage(path, {platform: 'linux/amd64'})).layers).toHaveLength(4);
    await expect(openImage(path, {platform: 'linux/s390x'})).rejects.toMatchObject({code: 'IMAGE_PLATFORM'});
    // The arm64 manifest's blob is absent from the fixture: choosing it reaches the missing blob.
    await expect(openImage(path, {platform: 'linux/arm64'})).rejects.toMatchObject({code: 'IMAGE_FORMAT'});
  });
});

describe('image options', () => {
  it('squash: the final filesystem, whiteouts and opaque dirs applied', async () => {
    const path = ociDir(layers, ['gzip']);
    const [sq] = await all(path, {squash: true});
    expect(sq!.source).toBe(`${path}#squash`);
    expect(sq!.changes).not.toContain('/etc/os-release');
    expect(sq!.changes).not.toContain('/var/cache/apt/pkgcache.bin');
    expect(sq!.changes).not.toContain('/usr/share/doc/base/copyright'); // hidden by the opaque dir
    expect(sq!.changes).toContain('/usr/share/doc/new/README');
    expect(sq!.changes).toContain('/usr/sbin/nginx');
    expect(sq!.changes).toContain('/bin/sh');
    expect(sq!.changes).toEqual([...sq!.changes].sort());
    expect(sq!.meta?.deleted).toEqual([]);
  });

  it('base layer N: only the layers after it; with squash, the changes against layer N', async () => {
    const path = ociDir(layers, ['gzip']);
    const after1 = await all(path, {baseLayer: 1});
    expect(after1.map((c) => c.meta?.layer_index)).toEqual([2, 3, 4]);
    expect(after1[0]!.source).toBe(`${path}#2`);
    const [sq] = await all(path, {squash: true, baseLayer: 1});
    expect(sq!.changes).not.toContain('/bin/sh'); // from the base
    expect(sq!.changes).toContain('/var/lib/dpkg/status'); // rewritten by layer 2
    expect(sq!.meta?.deleted).toEqual(['/etc/os-release', '/usr/share/doc/base/changelog.gz', '/usr/share/doc/base/copyright', '/var/cache/apt/pkgcache.bin']);
    expect(sq!.meta?.base_layer).toBe(1);
    await expect(openImage(path, {baseLayer: 9})).rejects.toMatchObject({code: 'IMAGE_FORMAT'});
  });

  it('compat names: raw member names as tarfile.getnames() gives them', async () => {
    const path = ociDir(layers, ['none']);
    const css = await all(path, {names: 'compat'});
    expect(css[0]!.changes.slice(0, 3)).toEqual(['.', 'bin', 'bin/sh']);
    expect(css[2]!.changes).toEqual(['etc/.wh.os-release', 'usr/share/doc', 'usr/share/doc/.wh..wh..opq', 'usr/share/doc/new/README', 'var/.wh.cache', 'var/.wh..wh.plnk']);
    expect(css[3]!.changes).toContain('./good/file');
    expect(css[3]!.changes).not.toContain('../escape');
    expect(css[2]!.meta?.deleted).toEqual(['/etc/.wh.os-release'.replace('.wh.', ''), '/var/cache']);
  });

  it('labels from history only when asked', async () => {
    const path = ociDir(layers, ['gzip']);
    const plain = await all(path);
    expect(plain.every((c) => c.labels === undefined)).toBe(true);
    const labelled = await all(path, {labelsFromHistory: true});
    expect(labelled.map((c) => c.labels)).toEqual([undefined, ['nginx==1.22.1-9', 'curl'], undefined, ['requests==2.31.0', 'flask']]);
  });
});
