import {chmodSync, mkdirSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';

import {bundledModelPath} from '../../src/model/bundled.js';
import {commonDir, groupFiles, installRoot, nameKey} from '../../src/scan/group.js';
import {bytecodeSource, isGenerated} from '../../src/scan/generated.js';
import {renderScan} from '../../src/scan/render.js';
import {resolveInRoot} from '../../src/scan/rootfs.js';
import {inventory} from '../../src/scan/inventory.js';
import {scanRoot, type ScanResult} from '../../src/scan/scan.js';
import {PraxiModel} from '../../src/model/model.js';
import {dockerSaveLegacy} from '../images/fixtures.js';
import {runCli} from '../support/cli.js';
import {buildRoot, NCDU, put} from './fixture.js';

const roots: string[] = [];
function fixture(): string {
  const r = buildRoot();
  roots.push(r);
  return r;
}
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, {recursive: true, force: true});
});

const scan = (root: string, extra = {}) => scanRoot(root, {model: bundledModelPath, ...extra});
const byRoot = (r: ScanResult) => new Map(r.groups.map((g) => [g.root, g]));

describe('praxi scan', () => {
  it('leaves out what the databases own and generated state, and groups the rest by install root and event', async () => {
    const r = await scan(fixture());
    expect(r.databases).toEqual(['dpkg', 'python', 'npm']);
    expect(r.warnings).toEqual([]);
    const groups = byRoot(r);
    expect([...groups.keys()].sort()).toEqual(['/opt/mytool', '/srv/app', '/usr']);
    expect(groups.get('/opt/mytool')!.files).toBe(3);
    // server.js only: node_modules packages own their directories.
    expect(groups.get('/srv/app')!.files).toBe(1);
    expect(groups.get('/usr')!.files).toBe(NCDU.length);
    expect(groups.get('/usr')!.kind).toBe('event');
    expect(groups.get('/usr')!.labels.map((l) => l.label)).toContain('ncdu');
    expect(r.stats.unowned).toBe(3 + 1 + NCDU.length);
  });

  it('lists the recorded packages with --include-managed (not dpkg bookkeeping, not config-files-only packages)', async () => {
    const r = await scan(fixture(), {includeManaged: true});
    const names = r.packages!.map((p) => `${p.manager}:${p.name}${p.version ? `@${p.version}` : ''}`).sort();
    expect(names).toEqual(['dpkg:coreutils@1.0-1', 'dpkg:libc6@1.0-1', 'npm:@scope/pkg@2.0.0', 'npm:left-pad@1.3.0', 'python:requests@2.31.0']);
    const bom = JSON.parse(await renderScan(r, 'cyclonedx')) as {components: {name: string; properties?: {name: string; value: string}[]}[]};
    const components = bom.components.map((c) => c.name);
    expect(components).toEqual(expect.arrayContaining(['coreutils', 'left-pad', 'requests', 'ncdu']));
    const ncdu = bom.components.find((c) => c.name === 'ncdu')!;
    expect(ncdu.properties?.some((p) => p.name === 'praxi:confidence')).toBe(true);
  });

  it('names a damaged database file and goes on with the others', async () => {
    const root = fixture();
    writeFileSync(join(root, 'var/lib/dpkg/info/libc6:amd64.list'), 'not a path\n');
    writeFileSync(join(root, 'var/lib/dpkg/diversions'), 'one\ntwo\n');
    const r = await scan(root);
    expect(r.warnings).toEqual([
      '/var/lib/dpkg/info/libc6:amd64.list:1: expected an absolute path, got "not a path"',
      '/var/lib/dpkg/diversions: 2 lines, expected groups of three (from, to, package)',
    ]);
    // coreutils' files are still owned; libc6's and the diverted file are now candidates.
    const system = r.groups.filter((g) => g.kind === 'event').reduce((n, g) => n + g.files, 0);
    expect(system).toBe(NCDU.length + 3);
  });

  it('reads the database inside ROOT only, never through a symlink out of it', async () => {
    const root = fixture();
    // ROOT/var/lib/dpkg → /var/lib/dpkg would be the host's database if symlinks were followed out.
    rmSync(join(root, 'var/lib/dpkg'), {recursive: true});
    symlinkSync('/var/lib/dpkg', join(root, 'var/lib/dpkg'));
    expect(await resolveInRoot(root, '/var/lib/dpkg/status')).toBeUndefined();
    const r = await scan(root);
    expect(r.databases).not.toContain('dpkg');
    // The link inside ROOT that leads to ROOT's own files is followed inside ROOT.
    expect(await resolveInRoot(root, '/bin/ls')).toBe(join(root, 'usr/bin/ls'));
    mkdirSync(join(root, 'escape'));
    symlinkSync('../../../../../../etc', join(root, 'escape/up'));
    expect(await resolveInRoot(root, '/escape/up/passwd')).toBeUndefined();
  });

  it('reads apk databases', async () => {
    const root = fixture();
    put(root, '/lib/apk/db/installed', 'P:musl\nV:1.2.4-r2\nF:lib\nR:ld-musl-x86_64.so.1\n\nP:busybox\nV:1.36\nF:bin\nR:busybox\n\n');
    put(root, '/usr/lib/ld-musl-x86_64.so.1');
    put(root, '/usr/bin/busybox');
    const r = await scan(root, {includeManaged: true});
    expect(r.databases).toContain('apk');
    expect(r.packages!.filter((p) => p.manager === 'apk').map((p) => p.name)).toEqual(['musl', 'busybox']);
    expect(r.stats.unowned).toBe(3 + 1 + NCDU.length);
  });

  it('--ignore-db reads no database and names the packages of the system hierarchy from their files', async () => {
    const r = await scan(fixture(), {ignoreDb: true});
    expect(r.databases).toEqual([]);
    expect(r.stats.owned).toBe(0);
    const inventory = r.groups.find((g) => g.kind === 'inventory')!;
    expect(inventory.root).toBe('/');
    expect(inventory.labels.map((l) => l.label)).toContain('ncdu');
    for (const l of inventory.labels) expect(l.score).toBeGreaterThanOrEqual(0.9);
    // Install roots stay groups of their own.
    expect(r.groups.map((g) => g.root)).toContain('/opt/mytool');
  });

  it('--ignore-db reads a populated /usr/share/doc as Debian does: a package without its entry is not named', async () => {
    const model = await PraxiModel.load(bundledModelPath);
    const others = Array.from({length: 12}, (_, i) => `/usr/share/doc/other${i}/copyright`);
    const withDoc = await inventory(model, [...NCDU, ...others]);
    expect(withDoc.docRule).toBe(true);
    expect(withDoc.labels.map((l) => l.label)).toContain('ncdu');
    // The documented label needs only the model's own threshold there.
    for (const l of withDoc.labels) expect(l.score).toBeGreaterThanOrEqual(model.profile!.threshold);
    const withoutDoc = await inventory(model, [...NCDU.filter((p) => !p.startsWith('/usr/share/doc/')), ...others]);
    expect(withoutDoc.labels.map((l) => l.label)).not.toContain('ncdu');
  });

  it('scans an image as its squashed filesystem, from its files alone', () => {
    const layers = [
      {createdBy: 'base', items: [{name: 'usr/bin/sh'}, {name: 'opt/tool/bin/tool'}, {name: 'opt/tool/lib/libtool.so'}]},
      {createdBy: 'unpack', items: NCDU.map((p) => ({name: p.slice(1)}))},
    ];
    const image = dockerSaveLegacy(layers);
    roots.push(dirname(image));
    const res = runCli(['scan', image, '--json']);
    expect(res.status, res.stderr).toBe(1);
    expect(res.stderr).toContain('package databases inside images are not read');
    const r = JSON.parse(res.stdout) as ScanResult;
    expect(r.stats.entries).toBe(3 + NCDU.length);
    expect(r.groups.find((g) => g.kind === 'inventory')!.labels.map((l) => l.label)).toContain('ncdu');
    expect(r.groups.find((g) => g.root === '/opt/tool')!.files).toBe(2);
  });

  it('works as a command: table, json, exit code 1 with warnings; refuses a missing root', () => {
    const root = fixture();
    const table = runCli(['scan', root, '--format', 'table']);
    expect(table.status, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/^ROOT\s+FILES\s+LABEL\s+SCORE/);
    expect(table.stdout).toContain('/opt/mytool');
    writeFileSync(join(root, 'var/lib/dpkg/info/coreutils.list'), '\0bad');
    const json = runCli(['scan', root, '--json']);
    expect(json.status).toBe(1);
    expect(json.stderr).toContain('coreutils.list:1: expected an absolute path');
    const result = JSON.parse(json.stdout) as ScanResult;
    expect(result.groups.length).toBeGreaterThan(0);
    const missing = runCli(['scan', join(root, 'nope')]);
    expect(missing.status).toBe(3);
    expect(missing.stderr).toContain('INPUT_NOT_FOUND');
  });

  it('reports an unreadable directory and scans the rest (as an unprivileged user)', () => {
    const root = fixture();
    mkdirSync(join(root, 'opt/secret'));
    put(root, '/opt/secret/f');
    chmodSync(join(root, 'opt/secret'), 0);
    chmodSync(root, 0o755);
    const asNobody = process.getuid?.() === 0 ? {uid: 65534, gid: 65534} : {};
    const r = runCli(['scan', root, '--json'], asNobody);
    chmodSync(join(root, 'opt/secret'), 0o755);
    expect(r.stderr).toContain('/opt/secret: cannot read directory (EACCES)');
    expect(r.status).toBe(1);
    expect((JSON.parse(r.stdout) as ScanResult).groups.some((g) => g.root === '/opt/mytool')).toBe(true);
  });
});

describe('scan pieces', () => {
  it('finds install roots', () => {
    expect(installRoot('/opt/x/bin/y')).toBe('/opt/x');
    expect(installRoot('/usr/local/bin/y')).toBe('/usr/local');
    expect(installRoot('/usr/local/go/bin/go')).toBe('/usr/local/go');
    expect(installRoot('/home/u/apps/x/run')).toBe('/home/u/apps');
    expect(installRoot('/home/u/.bashrc')).toBe('/home/u');
    expect(installRoot('/app/server/main.py')).toBe('/app/server');
    expect(installRoot('/usr/bin/ls')).toBeUndefined();
    expect(installRoot('/etc/x.conf')).toBeUndefined();
  });

  it('splits one install event into packages by mtime and name key', () => {
    const files = [
      {path: '/usr/bin/tree', ctime: 100, mtime: 5},
      {path: '/usr/share/doc/tree/copyright', ctime: 100.2, mtime: 5},
      {path: '/usr/share/man/man1/tree.1.gz', ctime: 100.3, mtime: 3},
      {path: '/usr/bin/ncdu', ctime: 100.4, mtime: 9},
      {path: '/usr/share/doc/ncdu/copyright', ctime: 100.5, mtime: 9},
      {path: '/etc/later.conf', ctime: 500, mtime: 9},
    ];
    const groups = groupFiles(files).map((g) => g.files.map((f) => f.path));
    expect(groups).toEqual([['/usr/bin/tree', '/usr/share/doc/tree/copyright', '/usr/share/man/man1/tree.1.gz'], ['/usr/bin/ncdu', '/usr/share/doc/ncdu/copyright'], ['/etc/later.conf']]);
    expect(nameKey('/usr/lib/x86_64-linux-gnu/libfoo.so.1')).toBe('libfoo');
    expect(commonDir(['/usr/bin/a', '/usr/share/b/c'])).toBe('/usr');
  });

  it('knows generated state and bytecode of owned sources', () => {
    const owned = (p: string) => p === '/usr/lib/python3/dist-packages/m.py';
    expect(isGenerated('/var/log/syslog', owned)).toBe(true);
    expect(isGenerated('/etc/passwd-', owned)).toBe(true);
    expect(isGenerated('/usr/lib/python3/dist-packages/__pycache__/m.cpython-311.pyc', owned)).toBe(true);
    expect(isGenerated('/opt/x/__pycache__/m.cpython-311.pyc', owned)).toBe(false);
    expect(isGenerated('/opt/x/bin/tool', owned)).toBe(false);
    expect(bytecodeSource('/a/m.pyc')).toBe('/a/m.py');
  });
});
