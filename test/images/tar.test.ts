import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';

import {ChunkSource, readLayerChanges, readTar, readImage, type TarLimits} from '../../src/images/index.js';
import {ociDir, ociTar, standardLayers, tmp} from './fixtures.js';
import {gzip, header, makeTar, zstd, type TarItem} from './tar-writer.js';

async function* chunked(b: Buffer, size = 7): AsyncGenerator<Buffer> {
  for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size);
}

async function names(b: Buffer, limits: TarLimits = {}, chunk = 7): Promise<string[]> {
  const out: string[] = [];
  for await (const m of readTar(new ChunkSource(chunked(b, chunk)), 'test.tar', limits)) out.push(`${m.type}:${m.name}${m.linkname ? `->${m.linkname}` : ''}`);
  return out;
}

const items: TarItem[] = [
  {name: 'a/', type: 'dir'},
  {name: 'a/file', data: 'x'.repeat(1000)},
  {name: 'a/link', type: 'symlink', linkname: '/etc/passwd'},
  {name: `long/${'n'.repeat(150)}`},
  {name: `pax/${'é'.repeat(80)}`, long: 'pax'},
  {name: 'big', data: 'y'.repeat(70_000), base256: true},
];

describe('tar reader', () => {
  it('reads ustar, GNU long names, pax paths and base-256 sizes, in any chunking', async () => {
    const tar = makeTar(items);
    const expected = ['dir:a/', 'file:a/file', 'symlink:a/link->/etc/passwd', `file:long/${'n'.repeat(150)}`, `file:pax/${'é'.repeat(80)}`, 'file:big'];
    for (const size of [1, 7, 512, 100_000]) expect(await names(tar, {}, size)).toEqual(expected);
  });

  it('hands member data to the caller and skips what it does not read', async () => {
    const tar = makeTar([{name: 'one', data: 'hello'}, {name: 'two', data: 'z'.repeat(5000)}, {name: 'three', data: 'bye'}]);
    const got: string[] = [];
    for await (const m of readTar(new ChunkSource(chunked(tar, 100)), 't')) {
      if (m.name !== 'two') got.push((await m.readAll(100)).toString());
    }
    expect(got).toEqual(['hello', 'bye']);
  });

  it('reports truncation anywhere as IMAGE_CORRUPT, never hangs', async () => {
    const tar = makeTar(items);
    for (const cut of [0, 100, 511, 512, 700, 1024, 3000, tar.length - 1024]) {
      await expect(names(tar.subarray(0, cut)), `cut at ${cut}`).rejects.toMatchObject({code: 'IMAGE_CORRUPT'});
    }
  });

  it('rejects garbage and a bad checksum as IMAGE_CORRUPT', async () => {
    await expect(names(Buffer.from('this is not a tar archive at all'.repeat(40)))).rejects.toMatchObject({code: 'IMAGE_CORRUPT'});
    const tar = makeTar(items);
    tar[600] ^= 0xff; // inside the data of a/file: fine
    tar[5] ^= 0x01; // inside the first header's name: checksum breaks
    await expect(names(tar)).rejects.toMatchObject({code: 'IMAGE_CORRUPT', message: expect.stringContaining('bad checksum')});
  });

  it('enforces member count, name length and pax header limits (IMAGE_LIMIT)', async () => {
    const tar = makeTar(items);
    await expect(names(tar, {maxMembers: 3})).rejects.toMatchObject({code: 'IMAGE_LIMIT'});
    await expect(names(tar, {maxNameLength: 120})).rejects.toMatchObject({code: 'IMAGE_LIMIT'});
    const pax = Buffer.concat([header('PaxHeaders/x', {size: 5_000_000, flag: 'x'}), Buffer.alloc(1024)]);
    await expect(names(pax)).rejects.toMatchObject({code: 'IMAGE_LIMIT'});
  });

  it('a lone trailing zero block ends the archive; a zero block mid-archive does not', async () => {
    const one = makeTar([{name: 'f'}], {end: false});
    expect(await names(Buffer.concat([one, Buffer.alloc(512)]))).toEqual(['file:f']);
    const mid = Buffer.concat([one, Buffer.alloc(512), makeTar([{name: 'g'}])]);
    await expect(names(mid)).rejects.toMatchObject({code: 'IMAGE_CORRUPT'});
  });
});

describe('compressed layers', () => {
  const tar = makeTar(items);

  it('detects gzip and zstd by magic bytes and streams them', async () => {
    for (const [data, kind] of [[gzip(tar), 'gzip'], [zstd(tar), 'zstd'], [tar, 'none']] as const) {
      const r = await readLayerChanges(chunked(data, 333), 'l');
      expect(r.compression).toBe(kind);
      expect(r.changes).toEqual(['/a/file', '/a/link', '/big', `/long/${'n'.repeat(150)}`, `/pax/${'é'.repeat(80)}`]);
      expect(r.tarBytes).toBe(tar.length);
    }
  });

  it('truncated or corrupt gzip and zstd are IMAGE_CORRUPT', async () => {
    for (const data of [gzip(tar), zstd(tar)]) {
      await expect(readLayerChanges(chunked(data.subarray(0, data.length - 20), 100), 'l')).rejects.toMatchObject({code: 'IMAGE_CORRUPT'});
      const bad = Buffer.from(data);
      for (let i = 20; i < bad.length - 20; i += 7) bad[i] ^= 0x5a;
      await expect(readLayerChanges(chunked(bad, 100), 'l')).rejects.toMatchObject({code: 'IMAGE_CORRUPT'});
    }
  });

  it('refuses xz layers clearly', async () => {
    const xz = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 1, 2, 3]);
    await expect(readLayerChanges(chunked(xz), 'l')).rejects.toMatchObject({code: 'IMAGE_FORMAT'});
  });
});

describe('broken images', () => {
  it('a truncated image tarball fails for that image only, with IMAGE_CORRUPT', async () => {
    const path = ociTar(standardLayers(), ['gzip']);
    const {readFileSync} = await import('node:fs');
    const whole = readFileSync(path);
    const cut = join(tmp('cut'), 'cut.tar');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.5)));
    await expect((async () => {
      for await (const _ of readImage(cut)) void _;
    })()).rejects.toMatchObject({code: 'IMAGE_CORRUPT'});
  });

  it('a layer blob that is corrupt fails with the layer in the source', async () => {
    const dir = ociDir(standardLayers(), ['gzip']);
    const {readdirSync, statSync, readFileSync} = await import('node:fs');
    const blobs = join(dir, 'blobs', 'sha256');
    // The largest gzip blob is a layer; cut its end.
    const largest = readdirSync(blobs).map((f) => join(blobs, f)).filter((f) => readFileSync(f)[0] === 0x1f)
      .sort((a, b) => statSync(b).size - statSync(a).size)[0]!;
    const b = readFileSync(largest);
    writeFileSync(largest, b.subarray(0, b.length - 30));
    const seen: string[] = [];
    await expect((async () => {
      for await (const cs of readImage(dir)) seen.push(cs.source);
    })()).rejects.toMatchObject({code: 'IMAGE_CORRUPT', source: expect.stringMatching(/#\d$/)});
  });

  it('not an image: IMAGE_FORMAT', async () => {
    const path = join(tmp('notimg'), 'plain.tar');
    writeFileSync(path, makeTar([{name: 'etc/hosts'}]));
    await expect(readImage(path).next()).rejects.toMatchObject({code: 'IMAGE_FORMAT'});
    const evil = tmp('evil');
    writeFileSync(join(evil, 'manifest.json'), JSON.stringify([{Config: '../../etc/passwd', Layers: []}]));
    await expect(readImage(evil).next()).rejects.toMatchObject({code: 'IMAGE_FORMAT', message: expect.stringContaining('outside')});
  });
});
