// Everything PyYAML writes for a changeset goes through the native fast path and gives exactly what
// the `yaml` library gives. Three corpora: one dumped by real PyYAML with a random mix of options
// (committed: scripts/pyyaml-corpus.py docs 500 20261202), a fresh one when python3 has PyYAML,
// and praxi's own PyYAML-style emitter (block style, every width and allow_unicode).
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';

import { fromFast, nativeFastParser } from '../../src/changesets/fast.js';
import { parseChangeset } from '../../src/changesets/parse.js';
import { dumpPyYaml } from '../../src/changesets/pyyaml-emit.js';
import { REPO_ROOT, Rng } from './helpers.js';

const parser = nativeFastParser();
const describeNative = parser === null ? describe.skip : describe;
const corpusScript = join(REPO_ROOT, 'scripts', 'pyyaml-corpus.py');
const hasPyYaml = spawnSync('python3', ['-c', 'import yaml'], { stdio: 'ignore' }).status === 0;

// What the fast path leaves to the `yaml` library by design: raw U+FEFF inside the text; escaped
// lone surrogates (Python's surrogateescape file names), which have no UTF-8 form; and a raw NEL,
// LS or PS (allow_unicode) that PyYAML, a YAML 1.1 writer, took for a line break and so followed by
// a line that is not indented.
const LEFT_TO_YAML = /\ufeff|\\u[dD][89a-fA-F][0-9a-fA-F]{2}|\n[\u0085\u2028\u2029]/;

/** Checks every document; returns how many the fast path took. */
function agreeOnAll(docs: readonly string[]): { taken: number; declined: string[] } {
  let taken = 0;
  const declined: string[] = [];
  for (const text of docs) {
    const bytes = Buffer.from(text, 'utf8');
    const fast = parser!(bytes);
    if (fast === null) {
      declined.push(text);
      continue;
    }
    const reference = parseChangeset(bytes, 'doc.yaml', { format: 'yaml' });
    if (!isDeepStrictEqual(fromFast(fast, 'doc.yaml'), reference)) {
      expect(fromFast(fast, 'doc.yaml'), JSON.stringify(text)).toEqual(reference);
    }
    taken++;
  }
  return { taken, declined };
}

describeNative('PyYAML output through the fast path', () => {
  it('the committed PyYAML corpus: every document taken, equal to the yaml library', () => {
    const docs = JSON.parse(readFileSync(join(REPO_ROOT, 'test', 'changesets', 'pyyaml-changesets.json'), 'utf8')) as string[];
    expect(docs.length).toBe(500);
    // The corpus covers what it claims: escapes, folding, flow style, markers, raw non-ASCII.
    const all = docs.join('\n');
    for (const shape of ['\\u', '\\x', '\\U', '\\\n', "''", '[', '{', '---', '...', 'é']) expect(all).toContain(shape);
    const { taken, declined } = agreeOnAll(docs);
    expect(declined.filter((d) => !LEFT_TO_YAML.test(d))).toEqual([]);
    expect(taken).toBe(docs.length);
  });

  it.skipIf(!hasPyYaml)('a fresh PyYAML corpus (python3 with PyYAML on this machine)', () => {
    const docs = JSON.parse(execFileSync('python3', [corpusScript, 'docs', '1500', '7'], { encoding: 'utf8', maxBuffer: 1 << 28 })) as string[];
    const { taken, declined } = agreeOnAll(docs);
    expect(declined.filter((d) => !LEFT_TO_YAML.test(d))).toEqual([]);
    expect(taken).toBeGreaterThan(docs.length * 0.98);
  });

  it("praxi's PyYAML emitter: random strings at every width, with and without allow_unicode", () => {
    const rng = new Rng(15);
    const alphabet = ['a', 'b', '/', '.', ' ', ' ', ' ', "'", '"', '\\', ':', '#', '-', '?', ',', '[', '{', 'é', '⊗', '😀',
      '\u00a0', '\u0085', '\u2028', '\t', '\n', '\r', '\x1b', '\0', 'x', 'y', 'z', '0', '1'];
    const docs: string[] = [];
    for (let n = 0; n < 2000; n++) {
      const str = (): string => rng.string(alphabet, rng.int(rng.chance(0.2) ? 300 : 40));
      const changes = Array.from({ length: 1 + rng.int(6) }, str).filter((s) => s !== '');
      if (changes.length === 0) changes.push('x');
      const doc: Record<string, string | string[] | number> = { changes, open_time: 1600000000 + rng.int(1000) };
      if (rng.chance(0.5)) doc.label = str() || 'l';
      else doc.labels = ['a', str() || 'b'];
      docs.push(dumpPyYaml(doc, { width: rng.pick([20, 40, 80, 200]), allowUnicode: rng.chance(0.5) }));
    }
    const { taken, declined } = agreeOnAll(docs);
    expect(declined.filter((d) => !LEFT_TO_YAML.test(d))).toEqual([]);
    expect(taken).toBeGreaterThan(1900);
  });
});
