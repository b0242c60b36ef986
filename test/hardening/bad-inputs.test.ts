// One test per row of the bad-input table in docs/reliability.md: every bad input class gives the
// documented exit code and `praxi: <message> [CODE]` line, through the built CLI (npm test builds it;
// by hand: npx tsc -p tsconfig.build.json && node scripts/oclif-manifest.js).
import {spawnSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, symlinkSync, writeFileSync, writeSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

import {ociTar, standardLayers} from '../images/fixtures.js';
import {header, makeTar} from '../images/tar-writer.js';
import {runCli} from '../support/cli.js';
import {projectRoot} from '../support/shared.js';
import {cleanup, runCliDenied, runCliFsizeLimited, tempDir, trainSmallModel, tryMountTmpfs} from './support.js';

const GOOD = 'changes:\n- /usr/share/doc/tool/README\n- /usr/bin/tool\n- /usr/lib/tool/libtool.so\nlabel: tool\n';

/** The last `praxi: ... [CODE]` line of stderr, split. */
function praxiError(stderr: string): {message: string; code: string} {
  const lines = stderr.trim().split('\n').filter((l) => l.startsWith('praxi: '));
  const m = /^praxi: (.*) \[([A-Z0-9_]+)\]$/.exec(lines.at(-1) ?? '');
  if (!m) throw new Error(`no "praxi: ... [CODE]" line in stderr:\n${stderr}`);
  return {message: m[1]!, code: m[2]!};
}

function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

let dir: string;
const file = (name: string, content: string | Buffer): string => {
  const p = join(dir, name);
  mkdirSync(join(p, '..'), {recursive: true});
  writeFileSync(p, content);
  return p;
};
const tag = (...args: string[]) => runCli(['tag', ...args]);

beforeAll(() => {
  dir = tempDir('bad');
});
afterAll(cleanup);

describe('bad changeset inputs', () => {
  it('malformed YAML → CHANGESET_YAML with file:line, exit 3', () => {
    const r = tag(file('bad.yaml', 'changes: [a,\n'));
    expect(r.status).toBe(3);
    const e = praxiError(r.stderr);
    expect(e.code).toBe('CHANGESET_YAML');
    expect(e.message).toMatch(/bad\.yaml:\d+: invalid YAML/);
  });

  it('malformed JSON → CHANGESET_YAML "invalid JSON", exit 3', () => {
    const r = tag(file('bad.json', '{"changes": ['));
    expect(r.status).toBe(3);
    expect(praxiError(r.stderr)).toMatchObject({code: 'CHANGESET_YAML', message: expect.stringMatching(/bad\.json: invalid JSON/)});
  });

  it('wrong types (YAML and JSON) → CHANGESET_SHAPE naming the field, exit 3', () => {
    const y = tag(file('shape.yaml', 'changes: 5\n'));
    expect(y.status).toBe(3);
    expect(praxiError(y.stderr)).toMatchObject({code: 'CHANGESET_SHAPE', message: expect.stringMatching(/shape\.yaml:1: `changes` is a number/)});
    const j = tag(file('shape.json', '{"changes": ["/a", 7]}'));
    expect(j.status).toBe(3);
    expect(praxiError(j.stderr).code).toBe('CHANGESET_SHAPE');
  });

  it('empty input → CHANGESET_EMPTY, exit 3', () => {
    const r = tag(file('empty.yaml', '\n\n'));
    expect(r.status).toBe(3);
    expect(praxiError(r.stderr).code).toBe('CHANGESET_EMPTY');
  });

  it('invalid UTF-8 and binary data → CHANGESET_ENCODING with the byte offset, exit 3', () => {
    const r = tag(file('enc.yaml', Buffer.from('changes:\n- \xff\xfe/usr\n', 'latin1')));
    expect(r.status).toBe(3);
    expect(praxiError(r.stderr)).toMatchObject({code: 'CHANGESET_ENCODING', message: expect.stringMatching(/enc\.yaml:2: invalid UTF-8 at byte offset 11 \(byte 0xff\)/)});
    const b = tag(file('bin.json', Buffer.from('{"changes": ["a\0b"]}', 'latin1')));
    expect(praxiError(b.stderr)).toMatchObject({code: 'CHANGESET_ENCODING', message: expect.stringMatching(/NUL byte/)});
  });

  it('one bad input among good ones → its error, the others still processed, exit 1', () => {
    const r = tag(file('mix/a.yaml', GOOD), file('mix/b.yaml', 'changes: {x: 1}\n'), '--threshold', '1');
    expect(r.status).toBe(1);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(praxiError(r.stderr).code).toBe('CHANGESET_SHAPE');
  });

  it('huge lines: an 8 MiB entry of short components is tagged; one 100 kB component → CHANGESET_TOO_LARGE, exit 3', () => {
    const long = `/usr${Array.from({length: 600_000}, (_, i) => `/share${i % 50}/docs`).join('')}/end`; // ~8 MiB
    const r = tag(file('long.txt', `${long}\n/usr/bin/a\n`), '--threshold', '1', '--filter', 'none');
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as {tags: string[]}).tags).toContain('share:600000');
    // Every 3+ code point prefix of a component is a tag: text grows with the square of its length.
    const huge = tag(file('component.txt', `/usr/share/${'x'.repeat(100_000)}\n`), '--threshold', '1', '--filter', 'none');
    expect(huge.status).toBe(3);
    expect(praxiError(huge.stderr)).toMatchObject({code: 'CHANGESET_TOO_LARGE', message: expect.stringMatching(/tags would need more than 256 MiB of text/)});
  });

  it('huge lines: a VW data line over 256 MiB → VW_PARSE naming the line, exit 1 (praxi vw)', () => {
    const data = join(dir, 'huge.vw.txt');
    const fd = openSync(data, 'w');
    writeSync(fd, '1 | a b c\n');
    const chunk = Buffer.alloc(16 * 1024 * 1024, 'a');
    writeSync(fd, '1 | ');
    for (let i = 0; i < 17; i++) writeSync(fd, chunk); // 272 MiB, no newline
    closeSync(fd);
    const r = runCli(['vw', '-d', data, '--quiet']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/error VW_PARSE: line 2 is longer than 268435456 bytes/);
  });

  it('input not found → INPUT_NOT_FOUND, exit 3', () => {
    const r = tag(join(dir, 'nope.yaml'));
    expect(r.status).toBe(3);
    expect(praxiError(r.stderr)).toMatchObject({code: 'INPUT_NOT_FOUND', message: expect.stringMatching(/nope\.yaml: cannot open the input: no such file or directory/)});
  });
});

describe('bad models', () => {
  let vwModel: string;
  let profileModel: string;
  const sample = () => file('predict/x.yaml', GOOD);
  const run = (model: string) => runCli(['run', sample(), '--model', model, '--log-format', 'text']);
  const expectModelError = (r: ReturnType<typeof runCli>, code: string, message: RegExp) => {
    expect(r.status, r.stderr).toBe(3);
    // `praxi run` logs its fatal error as a JSON line when stderr is not a terminal.
    const last = r.stderr.trim().split('\n').at(-1)!;
    const e = last.startsWith('{') ? (JSON.parse(last) as {code: string; msg: string}) : {code: praxiError(r.stderr).code, msg: praxiError(r.stderr).message};
    expect(e.code).toBe(code);
    expect(e.msg).toMatch(message);
  };
  beforeAll(() => {
    vwModel = trainSmallModel(tempDir('vwm'), 'vw');
    profileModel = trainSmallModel(tempDir('pm'), 'profile');
  });
  /** A copy of the VW model without its manifest (a bare vw model, the way `vw -f` writes one). */
  const bare = (name: string, bytes: Buffer) => file(`models/${name}`, bytes);

  it('truncated VW model → VW_MODEL_CORRUPT "truncated model", exit 3', () => {
    const b = readFileSync(vwModel);
    expectModelError(run(bare('trunc.vw', b.subarray(0, 60))), 'VW_MODEL_CORRUPT', /truncated model|bad length/);
  });

  it('bit-flipped VW model header → VW_MODEL_CORRUPT "header checksum mismatch", exit 3', () => {
    const b = Buffer.from(readFileSync(vwModel));
    b[30] ^= 0x10;
    expectModelError(run(bare('flip.vw', b)), 'VW_MODEL_CORRUPT', /checksum mismatch|bad length|marker/);
  });

  it('foreign file as a VW model → VW_MODEL_CORRUPT "not a Vowpal Wabbit model file", exit 3', () => {
    expectModelError(run(bare('foreign.vw', Buffer.from(GOOD))), 'VW_MODEL_CORRUPT', /not a Vowpal Wabbit model file/);
  });

  it('VW model of another major version → VW_MODEL_VERSION, exit 3', () => {
    const b = Buffer.from(readFileSync(vwModel));
    expect(b.toString('latin1', 4, 5)).toBe('9');
    b.write('8', 4, 'latin1'); // the version string is not covered by the header checksum
    expectModelError(run(bare('v8.vw', b)), 'VW_MODEL_VERSION', /version 8\.\d+\.\d+ is not supported/);
  });

  it('model changed after training (manifest checksum mismatch) → MODEL_CHECKSUM, exit 3', () => {
    const d = tempDir('sum');
    const m = join(d, 'm.vw');
    const b = Buffer.from(readFileSync(vwModel));
    b[b.length - 1] ^= 1;
    writeFileSync(m, b);
    writeFileSync(`${m}.json`, readFileSync(`${vwModel}.json`));
    for (const f of readdirSync(join(vwModel, '..'))) if (f.startsWith('m.vw.') && f !== 'm.vw.json') writeFileSync(join(d, f), readFileSync(join(vwModel, '..', f)));
    expectModelError(run(m), 'MODEL_CHECKSUM', /sha256 [0-9a-f]{64} does not match [0-9a-f]{64} recorded in .*m\.vw\.json; the model was changed or damaged after training/);
  });

  it('malformed or wrongly typed manifest → MANIFEST_INVALID, exit 3', () => {
    const d = tempDir('man');
    const m = join(d, 'm.vw');
    writeFileSync(m, readFileSync(vwModel));
    writeFileSync(`${m}.json`, '{"format": 1');
    expectModelError(run(m), 'MANIFEST_INVALID', /m\.vw\.json: not a praxi model manifest: invalid JSON/);
    const doc = JSON.parse(readFileSync(`${vwModel}.json`, 'utf8')) as Record<string, unknown>;
    writeFileSync(`${m}.json`, JSON.stringify({...doc, labels: 5}));
    expectModelError(run(m), 'MANIFEST_INVALID', /not a praxi model manifest: "labels" must be a list of strings/);
  });

  /** A profile model whose index bytes are replaced, with the manifest's sha256 updated to match. */
  const profileWith = (mutate: (b: Buffer) => Buffer): string => {
    const d = tempDir('prof');
    const m = join(d, 'm.profile');
    const bytes = mutate(Buffer.from(readFileSync(profileModel)));
    writeFileSync(m, bytes);
    const doc = JSON.parse(readFileSync(`${profileModel}.json`, 'utf8')) as Record<string, unknown>;
    writeFileSync(`${m}.json`, JSON.stringify({...doc, model_sha256: sha256(bytes)}));
    return m;
  };

  it('truncated / bit-flipped / foreign profile index → PROFILE_CORRUPT, other version → PROFILE_VERSION, exit 3', () => {
    expectModelError(run(profileWith((b) => b.subarray(0, b.length - 20))), 'PROFILE_CORRUPT', /not a valid praxi profile index \(.* at byte \d+\)/);
    expectModelError(run(profileWith((b) => Buffer.concat([b, Buffer.alloc(8)]))), 'PROFILE_CORRUPT', /trailing bytes/);
    expectModelError(run(profileWith(() => Buffer.from('PK\x03\x04 not an index at all'))), 'PROFILE_CORRUPT', /wrong magic/);
    expectModelError(run(profileWith((b) => {
      b.writeUInt32LE(99, 8);
      return b;
    })), 'PROFILE_VERSION', /profile index version 99 is not supported/);
  });
});

describe('hostile archives', () => {
  it('hostile tar members (../, absolute, symlinks, hard links) are never followed or extracted; escaping names are dropped', () => {
    const image = ociTar(standardLayers(), ['none', 'gzip', 'none', 'gzip']);
    const r = runCli(['tag', image, '--threshold', '1', '--filter', 'none', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {tagsets: Array<{tags: string[]}>};
    const hostile = out.tagsets[3]!.tags.map((t) => t.slice(0, t.lastIndexOf(':')));
    expect(hostile).not.toContain('escape');
    expect(hostile).not.toContain('abs');
    expect(hostile).not.toContain('shadow'); // the symlink's target is not an entry
  });

  it('a pax header over 1 MiB → IMAGE_LIMIT, exit 3', () => {
    const pax = Buffer.alloc(1024 * 1024 + 512, 'a');
    const tar = Buffer.concat([header('PaxHeader/x', {size: pax.length, flag: 'x'}), pax, makeTar([{name: 'x', data: 'y'}])]);
    const r = tag(file('pax.tar', tar));
    expect(r.status).toBe(3);
    expect(praxiError(r.stderr)).toMatchObject({code: 'IMAGE_LIMIT', message: expect.stringMatching(/an extended header of \d+ bytes at offset 0 \(limit 1048576\)/)});
  });

  it('a truncated or garbage tar → IMAGE_CORRUPT or IMAGE_FORMAT, exit 3', () => {
    const tar = makeTar([{name: 'usr/bin/a', data: 'x'.repeat(3000)}, {name: 'usr/bin/b'}]);
    const r = tag(file('trunc.tar', tar.subarray(0, 1500)));
    expect(r.status).toBe(3);
    expect(['IMAGE_CORRUPT', 'IMAGE_FORMAT']).toContain(praxiError(r.stderr).code);
  });
});

describe('file system trouble', () => {
  it('symlink loops in an input directory and under --tree: each directory walked once, no hang, exit 0', () => {
    const d = join(dir, 'loops');
    mkdirSync(join(d, 'sub'), {recursive: true});
    writeFileSync(join(d, 'sub', 'a.yaml'), GOOD);
    symlinkSync('loop-b', join(d, 'loop-a'));
    symlinkSync('loop-a', join(d, 'loop-b'));
    symlinkSync('..', join(d, 'sub', 'up'));
    symlinkSync('self.yaml', join(d, 'self.yaml'));
    const r = tag(d, '--threshold', '1');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const t = runCli(['tag', '--tree', d, '--threshold', '1', '--filter', 'none']);
    expect(t.status, t.stderr).toBe(0);
  });

  it('permission denied on a subdirectory of an input directory → INPUT_UNREADABLE for it, the rest still read, exit 1 (simulated as root)', () => {
    const d = join(dir, 'perm-sub');
    mkdirSync(join(d, 'locked'), {recursive: true});
    writeFileSync(join(d, 'locked', 'a.yaml'), GOOD);
    writeFileSync(join(d, 'ok.yaml'), GOOD);
    const r = runCliDenied(['tag', d, '--threshold', '1'], [join(d, 'locked')]);
    expect(r.status, r.stderr).toBe(1);
    expect(praxiError(r.stderr)).toMatchObject({code: 'INPUT_UNREADABLE', message: expect.stringMatching(/locked: cannot list the directory: EACCES/)});
    expect(r.stdout.trim().split('\n').map((l) => (JSON.parse(l) as {source: string}).source)).toEqual([join(d, 'ok.yaml')]);
  });

  it('permission denied on an input → INPUT_UNREADABLE (EACCES), others still processed, exit 1 (simulated as root)', () => {
    const locked = join(dir, 'perm', 'locked');
    mkdirSync(locked, {recursive: true});
    writeFileSync(join(locked, 'a.yaml'), GOOD);
    const ok = file('perm/ok.yaml', GOOD);
    const r = runCliDenied(['tag', join(locked, 'a.yaml'), ok, '--threshold', '1'], [locked]);
    expect(r.status, r.stderr).toBe(1);
    expect(praxiError(r.stderr)).toMatchObject({code: 'INPUT_UNREADABLE', message: expect.stringMatching(/EACCES/)});
  });

  it('permission denied on the output directory → OUTPUT_UNWRITABLE (EACCES), exit 3 (simulated as root)', () => {
    const out = join(dir, 'perm-out');
    mkdirSync(out, {recursive: true});
    const r = runCliDenied(['tag', file('p/a.yaml', GOOD), '--out', out], [out]);
    expect(r.status).toBe(3);
    expect(praxiError(r.stderr)).toMatchObject({code: 'OUTPUT_UNWRITABLE', message: expect.stringMatching(/^cannot write .*perm-out.*EACCES/)});
  });

  it('disk full → OUTPUT_UNWRITABLE (ENOSPC on a tiny tmpfs, else EFBIG under a file-size limit), no temp file left, exit 3', () => {
    const inputs = join(dir, 'full-in');
    for (let i = 0; i < 40; i++) file(`full-in/c${String(i).padStart(2, '0')}.yaml`, `changes:\n${Array.from({length: 200}, (_, k) => `- /usr/share/pkg${i}/dir${k}/file${k}.txt`).join('\n')}\n`);
    const mnt = tryMountTmpfs('64k');
    const out = mnt ? join(mnt, 'out') : join(dir, 'full-out');
    const r = mnt ? tag(inputs, '--out', out, '--threshold', '1', '--filter', 'none') : runCliFsizeLimited(['tag', inputs, '--out', out, '--threshold', '1', '--filter', 'none'], 4);
    expect(r.status).toBe(3);
    expect(praxiError(r.stderr)).toMatchObject({code: 'OUTPUT_UNWRITABLE', message: expect.stringMatching(mnt ? /ENOSPC: no space left on device/ : /EFBIG|ENOSPC/)});
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    for (const f of readdirSync(out)) expect(readFileSync(join(out, f), 'utf8')).toMatch(/^id: 0\ntags:\n(- .+:\d+\n)+$/); // complete files only
  });

  it('stdout on a full device (/dev/full) → OUTPUT_UNWRITABLE, exit 3, no stack trace', () => {
    const sh = runCliShell(`tag '${file('s/a.yaml', GOOD)}' --threshold 1 > /dev/full`);
    expect(sh.status).toBe(3);
    expect(praxiError(sh.stderr)).toMatchObject({code: 'OUTPUT_UNWRITABLE', message: expect.stringMatching(/cannot write to standard output: ENOSPC/)});
    expect(sh.stderr).not.toMatch(/\n\s+at /);
  });

  it('output directory missing → created (nested too), exit 0', () => {
    const out = join(dir, 'missing', 'deeper', 'out');
    const r = tag(file('m/a.yaml', GOOD), '--out', out, '--threshold', '1');
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(out, 'a.tag'))).toBe(true);
  });

  it('output directory is a file → OUTPUT_UNWRITABLE (EEXIST/ENOTDIR), exit 3', () => {
    const target = file('out-is-file', 'x');
    const r = tag(file('f/a.yaml', GOOD), '--out', target);
    expect(r.status).toBe(3);
    expect(praxiError(r.stderr)).toMatchObject({code: 'OUTPUT_UNWRITABLE', message: expect.stringMatching(/^cannot write .*out-is-file: (EEXIST|ENOTDIR)/)});
    const run = runCli(['run', join(dir, 'f/a.yaml'), '--model', join(dir, 'none.vw'), '--out', target, '--log-format', 'text']);
    expect(run.status).toBe(3);
  });

  it('output directory read-only → OUTPUT_UNWRITABLE (EROFS on a read-only mount, else EACCES simulated), exit 3', () => {
    const ro = tryMountTmpfs('16k', 'ro');
    const r = ro ? tag(file('ro/a.yaml', GOOD), '--out', ro) : runCliDenied(['tag', file('ro/a.yaml', GOOD), '--out', join(dir, 'ro-out')], [join(dir, 'ro-out')]);
    expect(r.status).toBe(3);
    expect(praxiError(r.stderr)).toMatchObject({code: 'OUTPUT_UNWRITABLE', message: expect.stringMatching(ro ? /EROFS: read-only file system/ : /EACCES/)});
  });
});

/** The CLI through bash, for redirections runCli cannot express (stdout to /dev/full). */
function runCliShell(args: string): {status: number | null; stderr: string} {
  const r = spawnSync('bash', ['-c', `'${process.execPath}' '${join(projectRoot, 'bin', 'run.js')}' ${args}`], {encoding: 'utf8'});
  return {status: r.status, stderr: r.stderr};
}
