// Small helpers over the `yaml` library's AST, shared by the changeset and tag-file readers. We walk
// the AST instead of calling toJS() so that errors carry line numbers and plain scalars keep the
// text as written (a path `1.50` must not become the number 1.5).
import type { Document, Node as YamlNode, ParsedNode, Scalar } from 'yaml';

import { yamlLib, type YamlLib } from '../util/yaml-lib.js';
import { InputError } from './types.js';
import type { InputErrorCode } from './types.js';

// The library's node guards, loading it on first use (src/util/yaml-lib.ts).
export const isMap = ((node: unknown) => yamlLib().isMap(node)) as YamlLib['isMap'];
export const isScalar = ((node: unknown) => yamlLib().isScalar(node)) as YamlLib['isScalar'];
export const isSeq = ((node: unknown) => yamlLib().isSeq(node)) as YamlLib['isSeq'];

export interface ParsedYaml {
  doc: Document.Parsed;
  /** 1-based line of a node (or undefined when the node has no source range). */
  lineOf(node: YamlNode | null | undefined): number | undefined;
}

/**
 * Parse one YAML 1.2 document (core schema, unique keys). Syntax errors throw InputError with
 * `syntaxCode` and the line of the first error. An empty document (only whitespace/comments) is
 * returned with `doc.contents === null`; the caller decides what that means.
 */
export function parseYaml(text: string, source: string, syntaxCode: InputErrorCode): ParsedYaml {
  const { LineCounter, parseDocument } = yamlLib();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    version: '1.2',
    schema: 'core',
    strict: true,
  });
  const first = doc.errors[0];
  if (first !== undefined) {
    const pos = lineCounter.linePos(first.pos[0]);
    throw new InputError(syntaxCode, source, `invalid YAML (${first.code}): ${first.message}`,
      { line: pos.line, column: pos.col, cause: first });
  }
  return {
    doc,
    lineOf(node) {
      const range = node?.range;
      return range ? lineCounter.linePos(range[0]).line : undefined;
    },
  };
}

/** Follow an alias to the node it names (one level: YAML aliases cannot point at aliases). */
export function deref(doc: Document.Parsed, node: unknown): unknown {
  if (yamlLib().isAlias(node)) return node.resolve(doc);
  return node;
}

/** True when a plain scalar is one of YAML's null spellings (empty, `~`, `null`, `Null`, `NULL`). */
export function isNullScalar(node: Scalar): boolean {
  return node.value === null && node.type === 'PLAIN';
}

/**
 * The text of a scalar: its string value, or, for plain/tagged scalars the core schema resolved to
 * a number/bool/null, the text as written (YAML-unescaped and line-folded, but not converted).
 */
export function scalarText(node: Scalar): string {
  if (typeof node.value === 'string') return node.value;
  if (typeof node.source === 'string') return node.source;
  return String(node.value);
}

/** Human name of a node's kind, for "expected a string, found a mapping" messages. */
export function describeNode(node: unknown): string {
  if (node === null || node === undefined) return 'nothing (null)';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    if (node.value === null) return 'an empty value (null)';
    if (typeof node.value === 'string') return 'a string';
    return `a ${typeof node.value} (${scalarText(node)})`;
  }
  return 'an unsupported node';
}

export type { ParsedNode };
