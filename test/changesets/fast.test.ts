// The native fast path must give exactly what the `yaml`-library path gives, on every sample file
// and on adversarial documents; where it is unsure it must answer null (fallback).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';

import { fromFast, nativeFastParser, parseChangesetFast } from '../../src/changesets/fast.js';
import { parseChangeset } from '../../src/changesets/parse.js';
import type { Changeset } from '../../src/changesets/types.js';
import { Rng, SHARED_DIR } from './helpers.js';

const parser = nativeFastParser();
const describeNative = parser === null ? describe.skip : describe;
if (parser === null) console.warn('fast.test: native addon with parseChangesetFast not built; skipping (npm run build:native)');

type Outcome = { ok: true; value: Changeset } | { ok: false; code: string };

function slow(bytes: Uint8Array, source = 'doc.yaml'): Outcome {
  try {
    return { ok: true, value: parseChangeset(bytes, source, { format: 'yaml' }) };
  } catch (err) {
    return { ok: false, code: (err as { code?: string }).code ?? 'THROWN' };
  }
}

/** Asserts the fast path agrees with the slow one; returns whether it took the document. */
function agree(text: string | Uint8Array, source = 'doc.yaml'): boolean {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const fast = parser!(bytes);
  if (fast === null) return false;
  const reference = slow(bytes, source);
  expect(reference, `slow path failed on a document the fast path took: ${JSON.stringify(Buffer.from(bytes).toString())}`).toMatchObject({ ok: true });
  if (reference.ok) expect(fromFast(fast, source)).toEqual(reference.value);
  return true;
}

describeNative('fast path = yaml library path', () => {
  const dataDir = join(SHARED_DIR, 'data');
  it.skipIf(!existsSync(dataDir))('on every file of shared/data', () => {
    const files = fg.sync('**/*.{yaml,yml}', { cwd: dataDir, absolute: true }).sort();
    expect(files.length).toBeGreaterThan(0);
    let taken = 0;
    for (const file of files) if (agree(readFileSync(file), file)) taken++;
    // The sample is all in PyYAML's shape: the fast path must take every file.
    expect(taken).toBe(files.length);
  });

  it('takes the common shapes', () => {
    const docs = [
      "changes:\n- '000 /var/lib/apt/extended_states.IJKc5E'\n- 644 /usr/share/doc/x/changelog.gz\nclose_time: 1504183734.5927892\nlabel: emacs-nox\nopen_time: 1504183697.509579\n",
      "labels:\n- 'a'\n- b==1.0\nid: '25860'\nchanges:\n  - x\n  - y\n",
      "changes:\n- 'it''s'\n- ''\n- \"dq 'x' #y\"\n- 1.50\n- true\n- ~\n- null\n- 000:32\n- 8242:2\n- 2001-01-01\n- 0x1F\n- 0o17\n- .inf\n- a'b\"c\n- /a#b\n- a:b\n- x  \n- é/😀\n",
      '\ufeffchanges:\r\n- a\r\n\r\n- \'b\'\r\nlabel: x\r\n',
      'changes:\n- no-final-newline',
      'changes:\n-    spaced\nid: 0\nopen_time: 1600000060\n',
      'changes:\n- a\nlabel: 1.5\nid: 0x10\n',
      // What PyYAML writes beyond the one-line shape (test/changesets/pyyaml.test.ts has the corpora).
      '---\nchanges:\n- a\n', 'changes:\n- a\n...\n', 'changes: [a, b]\n', '{changes: [a]}\n', 'changes:\n- a\n  b\n', "changes:\n- 'a\n  b'\n", 'changes:\n- "a\\tb"\n', 'changes:\n- -a\n', 'changes:\n- a\nlabel: null\n', 'changes:\n- a\nlabel: ~\n', 'changes:\n- a\u0085b\n', 'changes:\n- a\u2028b\n', 'changes:\n- x\n   \n',
    ];
    for (const doc of docs) expect(agree(doc), doc).toBe(true);
  });

  it('falls back on everything outside its grammar (and the slow path decides)', () => {
    const docs = [
      '', '\n', '# c\nchanges:\n- a\n', 'changes:\n- a # c\n', "changes:\n- 'a' # c\n",
      '%YAML 1.2\n---\nchanges:\n- a\n',
      'changes:\n- &x a\n- *x\n', 'changes:\n- !!str 1\n',
      'changes:\n- |\n  a\n', 'changes:\n- >\n  a\n', 'changes:\n- a: b\n',
      'changes:\n- - a\n', 'changes:\n-\n', 'changes:\n-\ta\n', 'changes:\n- a\tb\n',
      'changes:\n- a\n - b\n', 'changes:\n', 'changes:\nlabel: x\n', 'changes: a\n', 'label: x\n',
      'changes:\n- a\nchanges:\n- b\n', 'changes:\n- a\nother: 1\n', "'changes':\n- a\n", 'changes:\n- a\nlabel:\n- x\n',
      "changes:\n- a\nopen_time: '1.5'\n",
      'changes:\n- a\nopen_time: 1e5\n', 'changes:\n- a\rb\n',
      'changes:\n- a\x01\n', 'changes:\n- a\x7f\n', 'changes:\n- a\ufeffb\n', '? changes\n: - a\n',
    ];
    for (const doc of docs) {
      expect(parser!(Buffer.from(doc)), JSON.stringify(doc)).toBeNull();
      // The public entry point still answers (a Changeset or the slow path's InputError).
      const viaPublic = (() => { try { return parseChangesetFast(Buffer.from(doc), 'x.yaml', { format: 'yaml' }); } catch (e) { return e; } })();
      expect(viaPublic).toBeDefined();
    }
    expect(parser!(Buffer.from([0x63, 0x68, 0x61, 0x6e, 0x67, 0x65, 0x73, 0x3a, 0x0a, 0x2d, 0x20, 0xff, 0x0a]))).toBeNull();
  });

  // Random documents in (and just outside) the fast grammar, built from characters that matter
  // to YAML. Wherever the fast path answers, the `yaml` library must agree.
  it('agrees on 3000 random documents', () => {
    const rng = new Rng(20261125);
    const alphabet = ['a', 'b', '/', '.', '0', '1', ' ', ' ', ':', '#', "'", '"', '-', '?', '&', '*', '!', '|', '>',
      '%', '@', '`', ',', '[', ']', '{', '}', '~', '\\', 'é', '😀', '\t', 'e', '+', '_', 'x', 'n', 'u', 'l'];
    const safe = ['a', 'b', '/', '.', '0', '1', ' ', '_', 'é', '😀', 'x', '-', ':', '#'];
    let taken = 0;
    for (let n = 0; n < 3000; n++) {
      const scalar = (): string => {
        // Mostly path-like text, sometimes anything: both sides of the grammar get exercised.
        const body = rng.string(rng.chance(0.85) ? safe : alphabet, 1 + rng.int(12));
        switch (rng.int(4)) {
          case 0: return `'${body.replace(/'/g, "''")}'`;
          case 1: return `"${body.replace(/["\\]/g, '')}"`;
          default: return body;
        }
      };
      const keys = rng.chance(0.5) ? ['changes', 'label', 'open_time'] : ['labels', 'changes', 'id', 'close_time'];
      const indent = rng.pick(['', '', '  ', ' ']);
      let doc = '';
      for (const key of keys) {
        if (key === 'changes' || key === 'labels') {
          doc += `${key}:\n`;
          const items = rng.int(5);
          for (let i = 0; i < items; i++) doc += `${indent}-${rng.pick([' ', ' ', '  '])}${scalar()}${rng.pick(['', '', ' '])}\n`;
        } else if (key.endsWith('_time')) {
          doc += `${key}: ${rng.pick(['1600000060.000', '1.5', '12', "'3'", '1e3', '.5', scalar()])}\n`;
        } else {
          doc += `${key}: ${scalar()}\n`;
        }
      }
      if (agree(rng.chance(0.2) ? doc.replace(/\n/g, '\r\n') : doc)) taken++;
    }
    expect(taken).toBeGreaterThan(250); // the generator must exercise the accepting side too
  });

  it('agrees on 3000 random mutations of a valid document', () => {
    const seeds = [
      "changes:\n- '000 /a''b'\n- \"x y\"\n- plain/path.c\nlabels:\n  - l1\n  - 'l2'\nlabel: x\nopen_time: 1600000060.000\n",
      // PyYAML's folded and escaped forms, block and flow.
      "---\nchanges:\n- \"644 /x/\\u2297 \\xE9\\\n  \\ y\\tz\"\n- a b\n  c\n\n  d\n- 'e''f\n  g'\nlabel: x\n...\n",
      "{changes: [a, 'b c', \"\\U0001F600\\\n    \\ d\", e\n    f], label: x,\n  open_time: 1600000060}\n",
    ];
    const rng = new Rng(7);
    const alphabet = ['-', ':', '#', "'", '"', ' ', '\n', '\r', '\t', '!', '&', '*', '|', '>', '[', ']', '{', '}', ',', '?', '%', '@', '`', '~', 'a', '0', '.', 'é', '\\', 'u', 'x', 'N'];
    for (let n = 0; n < 3000; n++) {
      let doc = seeds[n % seeds.length]!;
      for (let e = 1 + rng.int(3); e > 0; e--) {
        const pos = rng.int(doc.length + 1);
        const c = rng.pick(alphabet);
        const op = rng.int(3);
        doc = op === 0 ? doc.slice(0, pos) + c + doc.slice(pos + 1) : op === 1 ? doc.slice(0, pos) + c + doc.slice(pos) : doc.slice(0, pos) + doc.slice(pos + 1);
      }
      agree(doc);
    }
  });

  it('agrees on a 20 MB file and measures throughput', () => {
    const lines = ['changes:'];
    let size = 0;
    for (let i = 0; size < 20e6; i++) {
      const line = i % 2 ? `- '000 /usr/share/locale/gl/LC_MESSAGES/pkg${i}.mo.dpkg-new'` : `- 644 /usr/lib/x86_64-linux-gnu/perl5/Mod${i}/Thing.so`;
      lines.push(line);
      size += line.length + 1;
    }
    lines.push('label: big', '');
    const bytes = Buffer.from(lines.join('\n'));
    const t0 = performance.now();
    const fast = parser!(bytes);
    const fastMs = performance.now() - t0;
    expect(fast).not.toBeNull();
    const t1 = performance.now();
    const reference = parseChangeset(bytes, 'big.yaml', { format: 'yaml' });
    const slowMs = performance.now() - t1;
    expect(fromFast(fast!, 'big.yaml')).toEqual(reference);
    const mb = bytes.length / 1e6;
    console.log(`fast path incl. JS strings: ${(mb / (fastMs / 1000)).toFixed(0)} MB/s; yaml library: ${(mb / (slowMs / 1000)).toFixed(1)} MB/s`);
  });

  it('BOM, invalid UTF-8 and binary data: fast path declines, slow path reports', () => {
    expect(parser!(Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('changes:\n- a\n')]))).not.toBeNull();
    const invalid = Buffer.from([...Buffer.from('changes:\n- a\n- '), 0xc3, 0x28, 0x0a]);
    expect(parser!(invalid)).toBeNull();
    expect(() => parseChangesetFast(invalid, 'bad.yaml', { format: 'yaml' })).toThrow(expect.objectContaining({ code: 'CHANGESET_ENCODING', line: 3 }));
  });
});
