// Input discovery and loading: order, errors per input, symlinks, stdin.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { discoverInputs, listDirectory } from '../../src/changesets/discover.js';
import type { DiscoveryItem } from '../../src/changesets/discover.js';
import { tagInputs, type TagOutcome } from '../../src/tagging.js';
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
    for (const f of ['data/a.yaml', 'data/a/b.yaml', 'data/a/deep/c.yml', 'data/a-b.json', 'data/z.yaml', 'data/Z.yaml',
      'data/x.tag', 'data/notes.txt', 'data/.hidden/h.yaml', 'outside/secret.yaml', 'outside/other.txt']) {
      writeFileSync(d(f), f.endsWith('.json') ? JSON.stringify({ changes: ['/a'] }) : CS);
    }
    symlinkSync(d('outside/secret.yaml'), d('data/link-out.yaml')); // leaves the directory: skipped
    symlinkSync(d('data/a.yaml'), d('data/link-in.yaml')); // stays inside: taken
    symlinkSync(d('outside'), d('data/dirlink')); // a symlinked directory: not descended
    symlinkSync(d('data'), d('data/a/loop')); // a loop: must not hang
    symlinkSync(d('data/nowhere.yaml'), d('data/dangling.yaml'));
    mkdirSync(d('empty'));
  });
  afterAll(() => tmp.cleanup());

  it('lists directories recursively in plain string order, without leaving them through symlinks', async () => {
    expect(await listDirectory(d('data'))).toEqual(
      ['Z.yaml', 'a-b.json', 'a.yaml', 'a/b.yaml', 'a/deep/c.yml', 'link-in.yaml', 'z.yaml'].map((p) => d(`data/${p}`)));
    expect(await listDirectory(d('data'), { tagFiles: true })).toContain(d('data/x.tag'));
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
      `ok:${d('data/a/deep/c.yml')}`, `ok:${d('data/link-in.yaml')}`, 'err:TAGFILE_SHAPE', `ok:${d('data/z.yaml')}`,
      `ok:${d('outside')}`,
      'err:INPUT_NOT_FOUND',
    ]);
  });
});
