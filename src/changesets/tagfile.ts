// Praxi tag files (`*.tag`): read both forms Praxi's tools wrote, write exactly what PyYAML wrote.
//
//   id: '25860'          a string id, or the integer 0
//   label: emacs-nox     or `labels:` (a list) for multi-label data; absent for data to predict
//   tags:                "tag:count" strings in Columbus order
//   - 000:32             (later pipeline versions: a mapping {tag: count})
import { readFile } from 'node:fs/promises';

import { decodeInput } from './encoding.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { dumpPyYaml } from './pyyaml-emit.js';
import type { PyYamlOptions, PyYamlValue } from './pyyaml-emit.js';
import { parsePlainTagFile } from './tagfile-plain.js';
import { InputError } from './types.js';
import { deref, describeNode, isMap, isNullScalar, isScalar, isSeq, parseYaml, scalarText } from './yaml-ast.js';

export interface TagFile {
  source: string;
  /** A string id, or a number when the file has a plain integer (Praxi wrote `id: 0`). */
  id?: string | number;
  label?: string;
  labels?: string[];
  /** `"tag:count"` strings, in file order (for the mapping form: mapping order). */
  tags: string[];
}

export type TagFileData = Omit<TagFile, 'source'>;

export interface TagFileWriteOptions extends PyYamlOptions {
  /** 'list' (Praxi, default) writes `- tag:count` items; 'map' writes `tag: count` (sorted, as PyYAML sorts dicts). */
  tagsForm?: 'list' | 'map';
}

/** Splits `"tag:count"` at its last colon (Columbus removes colons from tags). */
export function splitTag(entry: string): { tag: string; count: number } | undefined {
  const colon = entry.lastIndexOf(':');
  if (colon < 0) return undefined;
  const digits = entry.slice(colon + 1);
  if (!/^[0-9]+$/.test(digits)) return undefined;
  return { tag: entry.slice(0, colon), count: Number(digits) };
}

export function parseTagFile(bytes: Uint8Array, source: string): TagFile {
  const { text } = decodeInput(bytes, source);
  return parsePlainTagFile(text, source) ?? parseTagFileYaml(text, source);
}

/** The reference reader: any tag file, through the `yaml` library (parsePlainTagFile must agree). */
export function parseTagFileYaml(text: string, source: string): TagFile {
  const { doc, lineOf } = parseYaml(text, source, 'TAGFILE_YAML');
  const root = doc.contents;
  const fail = (node: unknown, what: string): InputError =>
    new InputError('TAGFILE_SHAPE', source, what, { line: lineOf(node as Parameters<typeof lineOf>[0]) });
  if (!isMap(root)) {
    throw fail(root, `the document is ${describeNode(root)}; expected a mapping with \`tags\``);
  }
  const out: TagFile = { source, tags: [] };
  let sawTags = false;
  for (const pair of root.items) {
    const key = deref(doc, pair.key);
    if (!isScalar(key)) throw fail(key, `a key is ${describeNode(key)}; expected a plain key`);
    const value = deref(doc, pair.value);
    const name = scalarText(key);
    const isNull = value === null || (isScalar(value) && isNullScalar(value));
    switch (name) {
      case 'id':
        if (isNull) break;
        if (!isScalar(value)) throw fail(value, `\`id\` is ${describeNode(value)}; expected a string or 0`);
        out.id = typeof value.value === 'number' && value.type === 'PLAIN' ? value.value : scalarText(value);
        break;
      case 'label':
        if (isNull) break;
        if (!isScalar(value)) throw fail(value, `\`label\` is ${describeNode(value)}; expected a string`);
        out.label = scalarText(value);
        break;
      case 'labels':
        if (isNull) break;
        if (!isSeq(value)) throw fail(value ?? key, `\`labels\` is ${describeNode(value)}; expected a list of strings`);
        out.labels = value.items.map((item, i) => {
          const node = deref(doc, item);
          if (!isScalar(node)) throw fail(node ?? value, `labels[${i}] is ${describeNode(node)}; expected a string`);
          return scalarText(node);
        });
        break;
      case 'tags':
        sawTags = true;
        if (isSeq(value)) {
          out.tags = value.items.map((item, i) => {
            const node = deref(doc, item);
            if (!isScalar(node) || splitTag(scalarText(node)) === undefined) {
              throw fail(node ?? value, `tags[${i}] is ${isScalar(node) ? JSON.stringify(scalarText(node)) : describeNode(node)}; expected "tag:count"`);
            }
            return scalarText(node);
          });
        } else if (isMap(value)) {
          out.tags = value.items.map((p) => {
            const k = deref(doc, p.key);
            const v = deref(doc, p.value);
            if (!isScalar(k)) throw fail(k ?? value, `a tag is ${describeNode(k)}; expected a string`);
            const count = isScalar(v) ? scalarText(v) : '';
            if (!/^[0-9]+$/.test(count)) {
              throw fail(v ?? k, `the count of tag ${JSON.stringify(scalarText(k))} is ${describeNode(v)}; expected an integer`);
            }
            return `${scalarText(k)}:${Number(count)}`;
          });
        } else if (!isNull) {
          throw fail(value, `\`tags\` is ${describeNode(value)}; expected a list of "tag:count" or a mapping`);
        }
        break;
      default:
        break;
    }
  }
  if (!sawTags) throw fail(root, 'no `tags` key; expected a Praxi tag file (id, label/labels, tags)');
  return out;
}

export async function readTagFile(path: string): Promise<TagFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'INPUT_NOT_FOUND' : 'INPUT_UNREADABLE', path,
      `cannot read the tag file (${code ?? String(err)})`, { cause: err });
  }
  return parseTagFile(bytes, path);
}

/** The text of a tag file, byte-identical to PyYAML's `yaml.dump(data, default_flow_style=False)`. */
export function formatTagFile(data: TagFileData, options: TagFileWriteOptions = {}): string {
  const mapping: Record<string, PyYamlValue> = {};
  if (data.id !== undefined) mapping.id = data.id;
  if (data.label !== undefined) mapping.label = data.label;
  if (data.labels !== undefined) mapping.labels = data.labels;
  if (options.tagsForm === 'map') {
    const map = new Map<string, number>();
    for (const entry of data.tags) {
      const parsed = splitTag(entry);
      if (parsed === undefined) throw new TypeError(`tag ${JSON.stringify(entry)} is not "tag:count"`);
      map.set(parsed.tag, parsed.count);
    }
    mapping.tags = map;
  } else {
    mapping.tags = data.tags;
  }
  return dumpPyYaml(mapping, options);
}

/**
 * Writes a tag file atomically (hidden temp file, fsync, rename, fsync of the directory: see
 * writeFileAtomic), so readers and crashes never see half a file.
 */
export async function writeTagFile(path: string, data: TagFileData, options: TagFileWriteOptions = {}): Promise<void> {
  await writeFileAtomic(path, formatTagFile(data, options));
}
