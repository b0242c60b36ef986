// Input discovery and loading: order, errors per input, symlinks, stdin.
import { copyFileSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { discoverInputs, listDirectory } from '../../src/changesets/discover.js';
import type { DiscoveryItem } from '../../src/changesets/discover.js';
import { tagInputs, type TagOutcome } from '../../src/tagging.js';
import { ociTar, standardLayers } from '../images/fixtures.js';
import { tempDir } from './helpers.js';

const CS = 'changes:\n- /a\nlabel: x\n';

async function collect<T>(gen: AsyncGenerator<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of gen) out.push(item);
  return out;
}

function describeItem(item: DiscoveryItem): string {
  return item.type === 'source' ? `${item.kind}:${item.path}` : `error:${item.error.code}:${item.input}`;
}

describe('discoverInputs', () => {
  const tmp = tempDir('discover');
  const d = (p = ''): string => join(tmp.path, p);

  beforeAll(() => {
    mkdirSync(d('data/a/deep'), { recursive: true });
    mkdirSync(d('data/.hidden'), { recursive: true });
    mkdirSync(d('outside'), { recursive: true });
    mkdirSync(d('outside2'), { recursive: true });
    for (const f of ['data/a.yaml', 'data/a/b.yaml', 'data/a/deep/c.yml', 'data/a-b.json', 'data/z.yaml', 'data/Z.yaml',
      'data/x.tag', 'data/notes.txt', 'data/paths.list', 'data/README.md', 'data/.hidden/h.yaml', 'outside/secret.yaml',
      'outside2/o.yaml', 'outside2/other.txt']) {
      writeFileSync(d(f), f.endsWith('.json') ? JSON.stringify({ changes: ['/a'] }) : CS);
    }
    symlinkSync(d('outside/secret.yaml'), d('data/link-out.yaml')); // a link out of the directory: followed
    symlinkSync(d('data/a.yaml'), d('data/link-in.yaml')); // the same file as a.yaml: listed once
    symlinkSync(d('outside2'), d('data/dirlink')); // a symlinked directory: walked
    symlinkSync(d('data/a'), d('data/a/deep/loop')); // a loop: walked once, must not hang
    symlinkSync(d('data/nowhere.yaml'), d('data/dangling.yaml'));
    symlinkSync('self.yaml', d('data/self.yaml')); // a link to itself (ELOOP)
    mkdirSync(d('empty'));
  });
  afterAll(() => tmp.cleanup());

  it('lists every input kind recursively in plain string order, following symlinks once', async () => {
    expect(await listDirectory(d('data'))).toEqual(
      ['Z.yaml', 'a-b.json', 'a.yaml', 'a/b.yaml', 'a/deep/c.yml', 'dirlink/o.yaml', 'dirlink/other.txt', 'link-out.yaml',
        'notes.txt', 'paths.list', 'z.yaml'].map((p) => d(`data/${p}`)));
    expect(await listDirectory(d('data'), { tagFiles: true })).toContain(d('data/x.tag'));
    // Started inside the loop: data/a/deep/loop leads back to data/a, already walked.
    expect(await listDirectory(d('data/a'))).toEqual([d('data/a/b.yaml'), d('data/a/deep/c.yml')]);
  });

  it('reads a directory of symlinks as a ConfigMap or Secret volume mounts it', async () => {
    // kubelet: <key> -> ..data/<key>, ..data -> ..<timestamp>/ holding the real files.
    const cm = d('configmap');
    mkdirSync(join(cm, '..2026_12_02_20_47_00.1234'), { recursive: true });
    writeFileSync(join(cm, '..2026_12_02_20_47_00.1234', 'nginx.yaml'), CS);
    writeFileSync(join(cm, '..2026_12_02_20_47_00.1234', 'curl.txt'), '/usr/bin/curl\n/usr/share/doc/curl/copyright\n');
    symlinkSync('..2026_12_02_20_47_00.1234', join(cm, '..data'));
    symlinkSync('..data/nginx.yaml', join(cm, 'nginx.yaml'));
    symlinkSync('..data/curl.txt', join(cm, 'curl.txt'));
    expect(await listDirectory(cm)).toEqual([join(cm, 'curl.txt'), join(cm, 'nginx.yaml')]);
    const items = await collect(tagInputs([cm], { threshold: 0, filter: 'none', jobs: 2 }));
    expect(items.map((i) => i.ok && i.value.source)).toEqual([join(cm, 'curl.txt'), join(cm, 'nginx.yaml')]);
    // An `ln -s` farm of files kept elsewhere.
    const farm = d('farm');
    mkdirSync(farm);
    symlinkSync(d('outside/secret.yaml'), join(farm, 'one.yaml'));
    symlinkSync(d('outside2/other.txt'), join(farm, 'two.txt'));
    expect(await listDirectory(farm)).toEqual([join(farm, 'one.yaml'), join(farm, 'two.txt')]);
  });

  it('finds images in directories: archives by their first bytes, layouts as one input', async () => {
    const dir = d('with-images');
    mkdirSync(join(dir, 'layout'), { recursive: true });
    copyFileSync(ociTar(standardLayers(), ['gzip', 'gzip', 'gzip']), join(dir, 'app.tar'));
    writeFileSync(join(dir, 'layout', 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
    writeFileSync(join(dir, 'layout', 'index.json'), '{"schemaVersion":2,"manifests":[]}');
    writeFileSync(join(dir, 'layout', 'ignored.yaml'), CS); // inside an image: not a changeset
    writeFileSync(join(dir, 'not-an-image.tar'), 'plain text\n');
    writeFileSync(join(dir, 'c.yaml'), CS);
    const items = await collect(discoverInputs([dir]));
    expect(items.map(describeItem)).toEqual([`image:${join(dir, 'app.tar')}`, `changeset:${join(dir, 'c.yaml')}`, `image:${join(dir, 'layout')}`]);
  });

  it('takes files as given, `-` as stdin, and reports a missing path without stopping', async () => {
    const items = await collect(discoverInputs([d('data/notes.txt'), d('missing.yaml'), '-', d('data/a'), d('empty'), d('data/x.tag')]));
    expect(items.map(describeItem)).toEqual([
      `changeset:${d('data/notes.txt')}`,
      `error:INPUT_NOT_FOUND:${d('missing.yaml')}`,
      'changeset:-',
      `changeset:${d('data/a/b.yaml')}`,
      `changeset:${d('data/a/deep/c.yml')}`,
      `error:INPUT_NOT_FOUND:${d('empty')}`,
      `tagfile:${d('data/x.tag')}`,
    ]);
    const missing = items[1]!;
    expect(missing.type === 'error' && missing.error.message).toMatch(/missing\.yaml: cannot open the input: no such file or directory/);
  });

  it('tagInputs reads everything in order, stdin included, errors as items', async () => {
    writeFileSync(d('bad.yaml'), 'changes:\n- a: b\n');
    const stdin = Readable.from([Buffer.from('/usr/bin/x\n'), Buffer.from('/usr/bin/y\n')]);
    const items = await collect(tagInputs([d('data/a.yaml'), '-', d('bad.yaml'), d('nope'), d('data/x.tag'), d('data')],
      { stdin, tagFiles: true, threshold: 0, filter: 'none', jobs: 3, trees: [d('outside'), d('nope-tree')] }));
    const brief = items.map((i: TagOutcome) => i.ok ? `ok:${i.value.source}` : `err:${i.error.code}`);
    expect(brief).toEqual([
      `ok:${d('data/a.yaml')}`,
      'ok:-',
      'err:CHANGESET_SHAPE',
      'err:INPUT_NOT_FOUND',
      'err:TAGFILE_SHAPE', // x.tag holds a changeset, not tags
      `ok:${d('data/Z.yaml')}`, `ok:${d('data/a-b.json')}`, `ok:${d('data/a.yaml')}`, `ok:${d('data/a/b.yaml')}`,
      `ok:${d('data/a/deep/c.yml')}`, `ok:${d('data/dirlink/o.yaml')}`, `ok:${d('data/dirlink/other.txt')}`,
      `ok:${d('data/link-out.yaml')}`, `ok:${d('data/notes.txt')}`, `ok:${d('data/paths.list')}`, 'err:TAGFILE_SHAPE',
      `ok:${d('data/z.yaml')}`,
      `ok:${d('outside')}`,
      'err:INPUT_NOT_FOUND',
    ]);
  });
});
