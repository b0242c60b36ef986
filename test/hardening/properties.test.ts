// Property tests (fast-check, fixed seeds: every run explores the same cases; a failure prints the
// seed and the shrunk counterexample):
// - the changeset readers (YAML, JSON, text; bytes and text) never throw anything but InputError;
// - the native YAML fast path, when it accepts a document, gives exactly what the `yaml` path gives;
// - tag files round-trip through the writer and the reader;
// - the tar reader on random and mutated archives terminates and throws only InputError.
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';

import {fromFast, nativeFastParser} from '../../src/changesets/fast.js';
import {parseChangeset, parseChangesetText} from '../../src/changesets/parse.js';
import {formatTagFile, parseTagFile} from '../../src/changesets/tagfile.js';
import {InputError} from '../../src/changesets/types.js';
import {ChunkSource, readTar} from '../../src/images/index.js';
import {makeTar, type TarItem} from '../images/tar-writer.js';

const SEED = 20261125;
const runs = (n: number) => ({seed: SEED, numRuns: n});

function onlyInputErrors(f: () => unknown): void {
  try {
    f();
  } catch (err) {
    if (!(err instanceof InputError)) throw new Error(`threw a non-InputError: ${String(err)}`, {cause: err});
  }
}

// Pieces of text that mean something to YAML, JSON or the changeset rules.
const tokens = ['changes', 'labels', 'label', 'id', 'open_time', 'close_time', ':', ': ', '- ', '-', '\n', '\r\n', ' ', '  ', '\t',
  "'", '"', '#', '[', ']', '{', '}', ',', '&a', '*a', '!!str', '!!binary', '?', '|', '>', '%YAML 1.2', '---', '...', '~', 'null', 'true',
  '1.5', '0x1F', '1e400', '/usr/bin/x', '000 /var/lib/dpkg/status', 'é', '😀', '\u2028', '\u0085', '\ufeff', '\\', '<<', '=', '0', '-1'];
const yamlish = fc.array(fc.constantFrom(...tokens), {maxLength: 60}).map((a) => a.join(''));

describe('changeset readers never throw anything but InputError', () => {
  it('on YAML-like token soup, in every format', () => {
    fc.assert(fc.property(yamlish, fc.constantFrom('yaml', 'json', 'text', 'auto' as const), (text, format) => {
      onlyInputErrors(() => parseChangesetText(text, 'p.yaml', {format}));
      onlyInputErrors(() => parseChangeset(Buffer.from(text), 'p.yaml', {format}));
    }), runs(3000));
  });

  it('on arbitrary bytes (invalid UTF-8, NUL, BOMs, UTF-16/32 marks)', () => {
    const prefix = fc.constantFrom([], [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff], [0xff, 0xfe, 0, 0]);
    fc.assert(fc.property(prefix, fc.uint8Array({maxLength: 300}), (p, body) => {
      const bytes = Buffer.concat([Buffer.from(p), Buffer.from(body)]);
      for (const format of ['yaml', 'json', 'text', 'auto'] as const) onlyInputErrors(() => parseChangeset(bytes, 'b', {format}));
    }), runs(2000));
  });

  it('on JSON values of every shape', () => {
    fc.assert(fc.property(fc.jsonValue({maxDepth: 3}), fc.jsonValue({maxDepth: 2}), (v, label) => {
      onlyInputErrors(() => parseChangesetText(JSON.stringify(v), 'j.json', {format: 'json'}));
      onlyInputErrors(() => parseChangesetText(JSON.stringify({changes: v, label}), 'j.json', {format: 'json'}));
    }), runs(1500));
  });
});

const parser = nativeFastParser();

describe.skipIf(parser === null)('YAML fast path == yaml path', () => {
  // Entries mixing the characters that decide quoting, plain-scalar and comment rules.
  const hostile = fc.array(fc.constantFrom('a', 'Z', '0', '9', '/', '.', ' ', ':', '#', "'", '"', '-', '?', ',', '[', '{', '!', '&', '*', '%', '@', '`', '|', '>', '~', 'é', '日', '😀', '\\', '\t'), {minLength: 0, maxLength: 12}).map((a) => a.join(''));
  const pathy = fc.array(fc.constantFrom('usr', 'share', 'doc', '/', '/', '.', '-', '_', '1', 'é', ' ', '644 ', '000 ', ':', '#'), {minLength: 1, maxLength: 8}).map((a) => a.join(''));
  const entry = fc.oneof({arbitrary: pathy, weight: 3}, {arbitrary: hostile, weight: 1});
  const quote = (s: string, how: number): string => how === 0 ? s : how === 1 ? `'${s.replace(/'/g, "''")}'` : `"${s}"`;
  const doc = fc.record({
    changes: fc.array(fc.tuple(entry, fc.integer({min: 0, max: 2})), {minLength: 0, maxLength: 6}),
    label: fc.option(fc.tuple(entry, fc.integer({min: 0, max: 2}))),
    labels: fc.option(fc.array(fc.tuple(entry, fc.integer({min: 0, max: 2})), {maxLength: 3})),
    open: fc.option(fc.oneof(fc.nat().map(String), fc.double({min: 0, max: 2e9, noNaN: true}).map(String), entry)),
    indent: fc.constantFrom('', '  ', ' '),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    order: fc.boolean(),
  }).map((d) => {
    const nl = d.crlf ? '\r\n' : '\n';
    const parts: string[] = [];
    parts.push(`changes:${nl}${d.changes.map(([s, q]) => `${d.indent}- ${quote(s, q)}${nl}`).join('')}`);
    if (d.label) parts.push(`label: ${quote(d.label[0], d.label[1])}${nl}`);
    if (d.labels) parts.push(`labels:${nl}${d.labels.map(([s, q]) => `- ${quote(s, q)}${nl}`).join('')}`);
    if (d.open !== null) parts.push(`open_time: ${d.open}${nl}`);
    if (d.order) parts.reverse();
    return (d.bom ? '\ufeff' : '') + parts.join('');
  });

  let accepted = 0;
  function check(text: string | Uint8Array): void {
    const bytes = typeof text === 'string' ? Buffer.from(text) : Buffer.from(text);
    const fast = parser!(bytes);
    if (fast === null) return; // fallback: nothing to compare
    accepted++;
    const slow = parseChangeset(bytes, 's.yaml', {format: 'yaml'}); // must not throw when fast accepted
    expect(fromFast(fast, 's.yaml')).toEqual(slow);
  }

  it('on generated Praxi-shaped documents', () => {
    accepted = 0;
    fc.assert(fc.property(doc, (text) => check(text)), runs(4000));
    expect(accepted).toBeGreaterThan(400); // the generator reaches the fast path, not only fallbacks
  });

  it('on documents with random byte mutations', () => {
    fc.assert(fc.property(doc, fc.array(fc.tuple(fc.nat(), fc.integer({min: 0, max: 255})), {minLength: 1, maxLength: 4}), (text, edits) => {
      const b = Buffer.from(text);
      if (b.length === 0) return;
      for (const [at, v] of edits) b[at % b.length] = v;
      check(b);
    }), runs(4000));
  });
});

describe('tag files round-trip (writer → reader)', () => {
  const text = fc.string({unit: fc.constantFrom('a', 'b', '/', '.', ' ', ':', '-', '#', "'", '"', '0', '1', 'é', '日', '😀', '\\', '~', '*', '&', '!', '%', '@', '`', ',', '[', '{', '?', '|', '>', '\t'), minLength: 0, maxLength: 10});
  const tagEntry = fc.tuple(text, fc.nat({max: 100000})).map(([t, n]) => `${t}:${n}`);
  it('id, label / labels and tags come back exactly', () => {
    fc.assert(fc.property(
      fc.oneof(fc.constant(0), text.filter((s) => s.length > 0)),
      fc.option(text),
      fc.option(fc.array(text, {maxLength: 4})),
      fc.array(tagEntry, {maxLength: 12}),
      (id, label, labels, tags) => {
        const data = {id, ...(label !== null ? {label} : {}), ...(labels !== null ? {labels} : {}), tags};
        const back = parseTagFile(Buffer.from(formatTagFile(data)), 'x.tag');
        expect(back).toEqual({source: 'x.tag', ...data});
      }), runs(3000));
  });
});

describe('tar reader on random and mutated archives', () => {
  const item: fc.Arbitrary<TarItem> = fc.record({
    name: fc.oneof(fc.stringMatching(/^[a-z./]{1,20}$/), fc.string({maxLength: 150})),
    type: fc.constantFrom('file', 'dir', 'symlink', 'hardlink', 'char', 'fifo' as const),
    data: fc.string({maxLength: 700}),
    linkname: fc.stringMatching(/^[a-z./]{0,12}$/),
    long: fc.constantFrom('gnu', 'pax' as const),
    base256: fc.boolean(),
  });
  const archive = fc.array(item, {maxLength: 6}).map((items) => makeTar(items));

  async function consume(b: Buffer, chunk: number): Promise<void> {
    async function* chunks(): AsyncGenerator<Buffer> {
      for (let i = 0; i < b.length; i += chunk) yield b.subarray(i, i + chunk);
    }
    let n = 0;
    for await (const m of readTar(new ChunkSource(chunks()), 'fuzz.tar', {maxMembers: 1000, maxPaxHeader: 64 * 1024})) {
      if (n++ % 2 === 0 && m.size < 4096) await m.readAll(4096);
    }
  }

  async function onlyInputErrorsAsync(b: Buffer, chunk: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<never>((_, reject) => {
      // A hang guard, far beyond any machine's speed for a few KB.
      timer = setTimeout(() => reject(new Error('tar reader did not finish within 120 s')), 120_000);
    });
    try {
      await Promise.race([consume(b, chunk), hang]);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      expect(['IMAGE_CORRUPT', 'IMAGE_LIMIT']).toContain(err.code);
    } finally {
      clearTimeout(timer);
    }
  }

  it('valid archives read fully; bit flips, truncations and splices end in IMAGE_CORRUPT / IMAGE_LIMIT or success, never a hang', async () => {
    await fc.assert(fc.asyncProperty(
      archive,
      fc.array(fc.tuple(fc.nat(), fc.integer({min: 0, max: 255})), {maxLength: 6}),
      fc.option(fc.nat()),
      fc.constantFrom(1, 7, 512, 4096, 1 << 20),
      async (tar, flips, cut, chunk) => {
        const b = Buffer.from(tar);
        for (const [at, v] of flips) b[at % b.length] = v;
        const data = cut === null ? b : b.subarray(0, cut % (b.length + 1));
        await onlyInputErrorsAsync(data, chunk);
      }), runs(1500));
  });

  it('random bytes', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({maxLength: 3000}), async (bytes) => {
      await onlyInputErrorsAsync(Buffer.from(bytes), 512);
    }), runs(500));
  });
});
