// Tag files in the shape Praxi's tools write them, read without the `yaml` library: loading that
// library is most of the module time of a cold `praxi predict x.tag`. Only documents whose meaning
// under the YAML 1.2 core schema is certain are taken; for anything else the answer is null and the
// library reads the file (tagfile.ts), so both readers give the same TagFile wherever this one
// answers (test/changesets/tagfile.test.ts compares them on generated files).
//
//   id: '25860'        a single-quoted string, or plain digits (a number, as the library gives)
//   label: emacs-nox   a plain or single-quoted one-line scalar
//   labels:            then `- item` lines at column 0
//   tags:              then `- tag:count` lines at column 0
import type { TagFile } from './tagfile.js';

const KEY_LINE = /^(id|label|labels|tags):(?: (.*))?$/;
// Plain scalars with no character YAML could read otherwise in block context: no spaces (so no
// `: ` or ` #`), no indicator first but `-`, `?` or `:` before a further character (as PyYAML
// writes `-a` or `:a`), and not ending in `:` (that would make a mapping key).
const PLAIN = /^(?:[A-Za-z0-9_./+]|[-?:](?=[A-Za-z0-9_./+:@=~()-]))[A-Za-z0-9_./+:@=~()-]*$/;
// Plain scalars the core schema resolves to null, and those it may resolve to a number (an `id`
// keeps a number's value rather than its text, so only plain digits are taken there).
const CORE_NULL = /^(?:null|Null|NULL)$/;
const MAYBE_NUMBER = /^[-+.0-9]/;
const ID_DIGITS = /^[0-9]{1,15}$/;
const SINGLE_QUOTED = /^'((?:[^'\0-\x1f\x7f-\x9f\u2028\u2029\ufeff]|'')*)'$/;
const TAG_ENTRY = /:[0-9]+$/;

/** A scalar's text as the library reads it, or undefined when this reader does not decide it. */
function scalar(raw: string): string | undefined {
  if (PLAIN.test(raw)) return raw.endsWith(':') || CORE_NULL.test(raw) ? undefined : raw;
  const quoted = SINGLE_QUOTED.exec(raw);
  return quoted ? quoted[1]!.replaceAll("''", "'") : undefined;
}

/** The tag file, or null when the text is not in the plain shape (then use the full reader). */
export function parsePlainTagFile(text: string, source: string): TagFile | null {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const out: TagFile = { source, tags: [] };
  const seen = new Set<string>();
  let i = 0;
  while (i < lines.length) {
    const m = KEY_LINE.exec(lines[i++]!);
    if (m === null) return null;
    const key = m[1]!;
    if (seen.has(key)) return null;
    seen.add(key);
    const inline = m[2];
    if (key === 'labels' || key === 'tags') {
      if (inline !== undefined) return null;
      const items: string[] = [];
      while (i < lines.length && lines[i]!.startsWith('- ')) {
        const item = scalar(lines[i++]!.slice(2));
        if (item === undefined || (key === 'tags' && !TAG_ENTRY.test(item))) return null;
        items.push(item);
      }
      if (items.length === 0) return null;
      if (key === 'tags') out.tags = items;
      else out.labels = items;
      continue;
    }
    if (inline === undefined) return null;
    if (key === 'id' && !inline.startsWith("'")) {
      if (ID_DIGITS.test(inline)) out.id = Number(inline);
      else if (MAYBE_NUMBER.test(inline)) return null;
      else {
        const id = scalar(inline);
        if (id === undefined) return null;
        out.id = id;
      }
      continue;
    }
    const value = scalar(inline);
    if (value === undefined) return null;
    if (key === 'id') out.id = value;
    else out.label = value;
  }
  return seen.has('tags') ? out : null;
}
