import {mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {describe, expect, it} from 'vitest';

import {columbusReference} from '../../bench/baselines/columbus-reference.js';
import {parseChangesetText} from '../../src/changesets/index.js';
import type {DiffCommandResult} from '../../src/commands/diff.js';
import {diffPaths} from '../../src/diff/index.js';
import {readImage} from '../../src/images/index.js';
import {runCli} from '../support/cli.js';
import {ociDir, standardLayers} from '../images/fixtures.js';
import {gzip, makeTar} from '../images/tar-writer.js';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'praxi-diff-'));
}

function put(root: string, rel: string, data = `data of ${rel}\n`): void {
  const p = join(root, rel);
  mkdirSync(dirname(p), {recursive: true});
  writeFileSync(p, data);
}

const BASE = ['bin/sh', 'etc/passwd', 'etc/os-release', 'var/lib/dpkg/status', 'usr/share/doc/base/copyright'];
const INSTALLED = ['usr/sbin/nginx', 'etc/nginx/nginx.conf', 'etc/nginx/mime.types', 'usr/share/nginx/html/index.html', 'var/lib/dpkg/info/nginx.list'];

/** before: a base system; after: the same plus an nginx install, one file changed, one removed. */
function trees(): {before: string; after: string} {
  const before = tmp();
  const after = tmp();
  for (const f of BASE) {
    put(before, f);
    put(after, f);
  }
  // Same mtimes on both sides for the untouched files.
  for (const f of BASE) {
    utimesSync(join(after, f), 1_700_000_000, 1_700_000_000);
    utimesSync(join(before, f), 1_700_000_000, 1_700_000_000);
  }
  for (const f of INSTALLED) put(after, f);
  put(after, 'var/lib/dpkg/status', 'status with nginx\n');
  rmSync(join(after, 'etc/os-release'));
  // A symlink out of the tree and a symlinked directory: names only, never followed.
  symlinkSync('/etc', join(after, 'etc/nginx/escape'));
  symlinkSync('..', join(after, 'usr/loop'));
  return {before, after};
}

describe('diff of two snapshots', () => {
  it('two directory trees: the created files are exactly the files added', async () => {
    const {before, after} = trees();
    const d = await diffPaths(before, after);
    expect(d.created).toEqual([...INSTALLED, 'etc/nginx/escape', 'usr/loop'].map((f) => `/${f}`).sort());
    expect(d.modified).toEqual(['/var/lib/dpkg/status']);
    expect(d.deleted).toEqual(['/etc/os-release']);
  });

  it('--hash judges by content: a touched but unchanged file is not modified', async () => {
    const {before, after} = trees();
    utimesSync(join(after, 'bin/sh'), 1_800_000_000, 1_800_000_000);
    expect((await diffPaths(before, after)).modified).toEqual(['/bin/sh', '/var/lib/dpkg/status']);
    expect((await diffPaths(before, after, {hash: true})).modified).toEqual(['/var/lib/dpkg/status']);
  });

  it('tars (plain and gzip) and file lists as sides', async () => {
    const dir = tmp();
    const beforeTar = makeTar(BASE.map((name) => ({name, mtime: 1_700_000_000})));
    const afterTar = makeTar([...BASE.filter((f) => f !== 'etc/os-release').map((name) => ({name, mtime: 1_700_000_000})),
      ...INSTALLED.map((name) => ({name})), {name: 'var/lib/dpkg/status', data: 'changed!', mtime: 1_700_000_000}, {name: '../evil'}]);
    writeFileSync(join(dir, 'before.tar'), beforeTar);
    writeFileSync(join(dir, 'after.tar.gz'), gzip(afterTar));
    const d = await diffPaths(join(dir, 'before.tar'), join(dir, 'after.tar.gz'));
    expect(d.created).toEqual(INSTALLED.map((f) => `/${f}`).sort());
    expect(d.modified).toEqual(['/var/lib/dpkg/status']);
    expect(d.deleted).toEqual(['/etc/os-release']);
    expect(d.warnings.some((w) => w.includes('../evil'))).toBe(true);

    writeFileSync(join(dir, 'before.list'), BASE.map((f) => `/${f}`).join('\n'));
    const {after} = trees();
    const l = await diffPaths(join(dir, 'before.list'), after);
    expect(l.created).toEqual([...INSTALLED, 'etc/nginx/escape', 'usr/loop'].map((f) => `/${f}`).sort());
    expect(l.modified).toEqual([]); // a list has no sizes or times
    expect(l.deleted).toEqual(['/etc/os-release']);
  });

  it('a layer and the diff of the trees before and after it give the same changeset', async () => {
    const layers = standardLayers();
    const before = tmp();
    const after = tmp();
    for (const it of layers[0]!.items) {
      if (it.type === 'dir') continue;
      put(before, it.name);
      put(after, it.name);
    }
    for (const f of ['bin/sh', 'etc/passwd', 'etc/os-release', 'usr/share/doc/base/copyright', 'usr/share/doc/base/changelog.gz', 'var/cache/apt/pkgcache.bin', 'var/lib/dpkg/status']) {
      utimesSync(join(before, f), 1_700_000_000, 1_700_000_000);
      utimesSync(join(after, f), 1_700_000_000, 1_700_000_000);
    }
    for (const it of layers[1]!.items) {
      if (it.type === 'dir') continue;
      if (it.type === 'symlink') {
        mkdirSync(dirname(join(after, it.name)), {recursive: true});
        symlinkSync(it.linkname!, join(after, it.name));
      }
      else put(after, it.name, it.name === 'var/lib/dpkg/status' ? 'nginx installed\n' : undefined);
    }
    const image = ociDir(layers, ['gzip']);
    const css = [];
    for await (const cs of readImage(image)) css.push(cs);
    const d = await diffPaths(before, after);
    expect([...d.created, ...d.modified].sort()).toEqual(css[1]!.changes);
  });
});

describe('praxi diff', () => {
  it('prints a Praxi changeset YAML that praxi reads back, and --out writes it atomically', () => {
    const {before, after} = trees();
    const r = runCli(['diff', before, after, '--label', 'nginx']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^changes:\n- \/etc\/nginx\/escape\n/);
    expect(r.stdout).toContain('deleted:\n- /etc/os-release\nlabel: nginx\n');
    const cs = parseChangesetText(r.stdout, 'diff.yaml');
    expect(cs.label).toBe('nginx');
    expect(cs.changes).toContain('/usr/sbin/nginx');
    const out = join(tmp(), 'nginx.yaml');
    const w = runCli(['diff', before, after, '--label', 'nginx', '--out', out]);
    expect(w.status, w.stderr).toBe(0);
    expect(w.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toBe(r.stdout);
  });

  it('--json gives {created, modified, deleted}; --tag gives the Columbus tags of the changes', () => {
    const {before, after} = trees();
    const j = JSON.parse(runCli(['diff', before, after, '--json']).stdout) as DiffCommandResult;
    expect(j.deleted).toEqual(['/etc/os-release']);
    expect(j.modified).toEqual(['/var/lib/dpkg/status']);
    const t = runCli(['diff', before, after, '--tag', '--threshold', '1', '--filter', 'none']);
    expect(t.status, t.stderr).toBe(0);
    const line = JSON.parse(t.stdout) as {source: string; tags: string[]};
    expect(line.source).toBe(after);
    expect(line.tags).toEqual(columbusReference([...j.created, ...j.modified].sort(), {threshold: 1}));
  });

  it('a missing side is an input error with exit code 3', () => {
    const r = runCli(['diff', '/nonexistent/before', tmp()]);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('INPUT_NOT_FOUND');
  });
});
