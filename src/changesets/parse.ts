// The reference changeset reader: bytes → Changeset with the `yaml` library (YAML 1.2 core schema),
// JSON.parse, or one-path-per-line text. The native fast path (fast.ts) must agree with this file
// on every document it accepts.
//
// Policy, documented for users:
// - Entries of `changes`, `labels` and the `label`/`id` values are taken as the text written. Praxi
//   quotes `1.5` or `true`, a hand-written file may not: a plain `1.50` is the path "1.50", not the
//   number 1.5 (and `000:32` is a string in YAML 1.2 anyway).
// - An empty plain entry (`- ` alone) in `changes` or `labels` is an error: it is almost always a
//   broken file, and `''` spells an empty string on purpose.
// - `label`, `labels`, `id`, `open_time`, `close_time` written as YAML null (`~`, `null`, empty) are
//   treated as absent: some writers emit `label: null` for unlabeled data.
// - `open_time`/`close_time` must be numbers (or numeric strings); they land in `meta`.
// - Unknown keys are ignored. Duplicate keys and multiple documents are YAML errors.
// - JSON is strict: entries must be JSON strings (JSON keeps no source text for numbers).
import type { Document, Scalar } from 'yaml';

import { decodeInput } from './encoding.js';
import type { Changeset } from './types.js';
import { InputError } from './types.js';
import { deref, describeNode, isMap, isNullScalar, isScalar, isSeq, parseYaml, scalarText } from './yaml-ast.js';

export type ChangesetFormat = 'yaml' | 'json' | 'text';

export interface ParseOptions {
  /** Input format; 'auto' (the default) sniffs the content (used for stdin). */
  format?: ChangesetFormat | 'auto';
}

/** The format a path's extension implies: `.json` JSON, `.txt`/`.list` text, `.yaml`/`.yml` YAML, else sniff. */
export function formatForPath(path: string): ChangesetFormat | 'auto' {
  const dot = path.lastIndexOf('.');
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const ext = dot > slash ? path.slice(dot + 1).toLowerCase() : '';
  switch (ext) {
    case 'yaml':
    case 'yml':
      return 'yaml';
    case 'json':
      return 'json';
    case 'txt':
    case 'list':
      return 'text';
    default:
      return 'auto';
  }
}

const STRUCTURED_START = /^(?:changes|labels?|open_time|close_time|id)[ \t]*:|^---|^%YAML/m;

/**
 * What an unlabeled blob is: JSON when it starts with `{`, YAML when a line starts with one of the
 * changeset keys (or a document marker / %YAML directive), else a one-path-per-line list.
 */
export function sniffFormat(text: string): ChangesetFormat {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) return 'json';
  return STRUCTURED_START.test(text) ? 'yaml' : 'text';
}

/** Parse one changeset from bytes (file contents or stdin). Throws InputError. */
export function parseChangeset(bytes: Uint8Array, source: string, options: ParseOptions = {}): Changeset {
  const { text } = decodeInput(bytes, source);
  return parseChangesetText(text, source, options);
}

/** Parse one changeset from already decoded text. Throws InputError. */
export function parseChangesetText(text: string, source: string, options: ParseOptions = {}): Changeset {
  let format = options.format ?? 'auto';
  if (text.trim() === '') {
    throw new InputError('CHANGESET_EMPTY', source, 'the input is empty; expected a changeset');
  }
  if (format === 'auto') format = sniffFormat(text);
  switch (format) {
    case 'yaml':
      return parseYamlChangeset(text, source);
    case 'json':
      return parseJsonChangeset(text, source);
    case 'text':
      return parseTextChangeset(text, source);
  }
}

// ---------------------------------------------------------------------------------------------
// YAML

export function parseYamlChangeset(text: string, source: string): Changeset {
  const { doc, lineOf } = parseYaml(text, source, 'CHANGESET_YAML');
  const root = doc.contents;
  if (root === null) {
    throw new InputError('CHANGESET_EMPTY', source, 'the YAML document is empty (only comments?); expected a changeset');
  }
  if (!isMap(root)) {
    throw new InputError('CHANGESET_SHAPE', source,
      `the document is ${describeNode(root)}; expected a mapping with a \`changes\` list`, { line: lineOf(root) });
  }
  const shapeError = (node: unknown, what: string): InputError =>
    new InputError('CHANGESET_SHAPE', source, what,
      { line: lineOf(node as Scalar) ?? lineOf(root) });

  let changes: string[] | undefined;
  const result: Partial<Changeset> = {};
  const meta: Record<string, unknown> = { format: 'yaml' };
  for (const pair of root.items) {
    const key = deref(doc, pair.key);
    if (!isScalar(key)) throw shapeError(key, `a key is ${describeNode(key)}; expected a plain key`);
    const name = scalarText(key);
    const value = deref(doc, pair.value);
    switch (name) {
      case 'changes':
        changes = stringList(doc, value, 'changes', shapeError, pair.key);
        break;
      case 'labels':
        if (!isNullValue(value)) result.labels = stringList(doc, value, 'labels', shapeError, pair.key);
        break;
      case 'label':
      case 'id':
        if (isNullValue(value)) break;
        if (!isScalar(value)) throw shapeError(value ?? pair.key, `\`${name}\` is ${describeNode(value)}; expected a string`);
        if (name === 'label') result.label = scalarText(value);
        else meta.id = scalarText(value);
        break;
      case 'open_time':
      case 'close_time': {
        if (isNullValue(value)) break;
        const time = isScalar(value) ? toNumber(value.value) : undefined;
        if (time === undefined) {
          throw shapeError(value ?? pair.key, `\`${name}\` is ${describeNode(value)}; expected a number (unix seconds)`);
        }
        meta[name] = time;
        break;
      }
      default:
        break; // unknown keys are ignored (forward compatibility)
    }
  }
  if (changes === undefined) {
    throw new InputError('CHANGESET_SHAPE', source, 'no `changes` key; expected a mapping with a `changes` list of strings',
      { line: lineOf(root) });
  }
  return finish(source, changes, result, meta);
}

function isNullValue(value: unknown): boolean {
  return value === null || value === undefined || (isScalar(value) && isNullScalar(value));
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    if (Number.isFinite(n)) return n;
  }
  return undefined;
}

function stringList(doc: Document.Parsed, value: unknown, name: string,
    shapeError: (node: unknown, what: string) => InputError, keyNode: unknown): string[] {
  if (!isSeq(value)) {
    throw shapeError(value ?? keyNode, `\`${name}\` is ${describeNode(value)}; expected a list of strings`);
  }
  const out = new Array<string>(value.items.length);
  for (let i = 0; i < value.items.length; i++) {
    const item = deref(doc, value.items[i]);
    if (!isScalar(item)) {
      throw shapeError(item ?? value, `${name}[${i}] is ${describeNode(item)}; expected a string`);
    }
    if (item.value === null && item.type === 'PLAIN' && item.source === '') {
      throw shapeError(item, `${name}[${i}] is empty; expected a string (write '' for an empty string)`);
    }
    out[i] = scalarText(item);
  }
  return out;
}

function finish(source: string, changes: string[], fields: Partial<Changeset>, meta: Record<string, unknown>): Changeset {
  const cs: Changeset = { source, changes };
  if (fields.label !== undefined) cs.label = fields.label;
  if (fields.labels !== undefined) cs.labels = fields.labels;
  cs.meta = meta;
  return cs;
}

// ---------------------------------------------------------------------------------------------
// JSON

export function parseJsonChangeset(text: string, source: string): Changeset {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    // V8's messages may quote the input across lines; keep ours on one line.
    const message = (err instanceof Error ? err.message : String(err)).replace(/\s*\n\s*/g, ' ');
    const pos = /position (\d+)/.exec(message);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
    throw new InputError('CHANGESET_YAML', source, `invalid JSON: ${message}`, { line, cause: err });
  }
  const fail = (what: string): InputError => new InputError('CHANGESET_SHAPE', source, what);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw fail(`the document is ${jsonKind(value)}; expected an object with a "changes" array`);
  }
  const obj = value as Record<string, unknown>;
  if (!('changes' in obj)) throw fail('no "changes" key; expected an object with a "changes" array of strings');
  const changes = jsonStrings(obj.changes, 'changes', fail);
  const fields: Partial<Changeset> = {};
  const meta: Record<string, unknown> = { format: 'json' };
  if (obj.labels !== undefined && obj.labels !== null) fields.labels = jsonStrings(obj.labels, 'labels', fail);
  for (const key of ['label', 'id'] as const) {
    const v = obj[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string' && !(key === 'id' && typeof v === 'number')) {
      throw fail(`"${key}" is ${jsonKind(v)}; expected a string`);
    }
    if (key === 'label') fields.label = v as string;
    else meta.id = String(v);
  }
  for (const key of ['open_time', 'close_time'] as const) {
    const v = obj[key];
    if (v === undefined || v === null) continue;
    const n = toNumber(v);
    if (n === undefined) throw fail(`"${key}" is ${jsonKind(v)}; expected a number (unix seconds)`);
    meta[key] = n;
  }
  return finish(source, changes, fields, meta);
}

function jsonKind(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v} (${JSON.stringify(v)})`;
}

function jsonStrings(v: unknown, name: string, fail: (what: string) => InputError): string[] {
  if (!Array.isArray(v)) throw fail(`"${name}" is ${jsonKind(v)}; expected an array of strings`);
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] !== 'string') throw fail(`${name}[${i}] is ${jsonKind(v[i])}; expected a string`);
  }
  return v as string[];
}

// ---------------------------------------------------------------------------------------------
// Plain text: one path per line, taken verbatim except the line break (LF or CRLF); blank lines
// are skipped. No comments: a path may start with `#`.

export function parseTextChangeset(text: string, source: string): Changeset {
  const changes: string[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() !== '') changes.push(line);
  }
  if (changes.length === 0) throw new InputError('CHANGESET_EMPTY', source, 'no paths in the list; expected one path per line');
  return { source, changes, meta: { format: 'text' } };
}
