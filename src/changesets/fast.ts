// Changeset parsing with the native fast path: the addon reads the common Praxi shape at ~1 GB/s
// and answers null for anything else, which then goes through the `yaml` library (parse.ts).
// Both give the same Changeset (test/changesets/fast.test.ts checks this on every sample file).
import { native } from '../native.js';
import { formatForPath, parseChangeset, sniffFormat } from './parse.js';
import type { ParseOptions } from './parse.js';
import type { Changeset } from './types.js';

/** What the addon's parseChangesetFast returns (null = use the full parser). */
export interface FastChangeset {
  changes: string[];
  label?: string;
  labels?: string[];
  id?: string;
  open_time?: number;
  close_time?: number;
}

type FastParser = (bytes: Uint8Array) => FastChangeset | null;

let cachedParser: FastParser | null | undefined;

/**
 * The native parser, or null when the addon cannot be loaded or lacks it (then everything goes
 * through the `yaml` library). PRAXI_NO_FAST_PARSE=1 turns it off, e.g. to rule it out in a bug.
 */
export function nativeFastParser(): FastParser | null {
  if (cachedParser !== undefined) return cachedParser;
  cachedParser = null;
  if (process.env.PRAXI_NO_FAST_PARSE === '1') return cachedParser;
  try {
    const addon = native() as unknown as { parseChangesetFast?: FastParser };
    if (typeof addon.parseChangesetFast === 'function') cachedParser = addon.parseChangesetFast.bind(addon);
  } catch {
    // No addon: the pure TypeScript path works everywhere.
  }
  return cachedParser;
}

/** Converts the addon's answer to the Changeset parse.ts would give for the same document. */
export function fromFast(result: FastChangeset, source: string): Changeset {
  const cs: Changeset = { source, changes: result.changes };
  if (result.label !== undefined) cs.label = result.label;
  if (result.labels !== undefined) cs.labels = result.labels;
  const meta: Record<string, unknown> = { format: 'yaml' };
  if (result.id !== undefined) meta.id = result.id;
  if (result.open_time !== undefined) meta.open_time = result.open_time;
  if (result.close_time !== undefined) meta.close_time = result.close_time;
  cs.meta = meta;
  return cs;
}

const SNIFF_BYTES = 64 * 1024;

/**
 * Like parseChangeset, but YAML documents (by extension, or sniffed for stdin) try the native fast
 * path first. Throws InputError exactly as parseChangeset does.
 */
export function parseChangesetFast(bytes: Uint8Array, source: string, options: ParseOptions = {}): Changeset {
  const parser = nativeFastParser();
  if (parser !== null && looksLikeYaml(bytes, options)) {
    const result = parser(bytes);
    if (result !== null) return fromFast(result, source);
  }
  return parseChangeset(bytes, source, options);
}

function looksLikeYaml(bytes: Uint8Array, options: ParseOptions): boolean {
  const format = options.format ?? 'auto';
  if (format !== 'auto') return format === 'yaml';
  // A wrong guess only costs time: the full parser re-sniffs the whole text. The fast path never
  // accepts JSON or a path list (it needs a `changes:` key line), so a prefix is enough here.
  return sniffFormat(Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, SNIFF_BYTES)).toString('utf8')) === 'yaml';
}

/** For a file path: the format its extension implies, then parseChangesetFast. */
export function parseChangesetFile(bytes: Uint8Array, path: string): Changeset {
  return parseChangesetFast(bytes, path, { format: formatForPath(path) });
}
