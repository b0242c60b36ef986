// Shared types of the changeset readers: what every input turns into, and the one error class
// every bad input is reported with.
import { PraxiError } from '../errors.js';

/** One changeset: the strings Columbus tags, plus the labels it was recorded for (training data). */
export interface Changeset {
  /** Where it came from: a path, `-` for stdin, `path#layer` for image layers, `tree:DIR` for --tree. */
  source: string;
  /** The recorded entries, in file order, duplicates kept (they count). */
  changes: string[];
  /** Single-label data. */
  label?: string;
  /** Multi-label data. */
  labels?: string[];
  /**
   * Anything else worth keeping: `format` ('yaml' | 'json' | 'text' | 'tree'), `open_time` and
   * `close_time` (numbers, when recorded), `id` (string), `warnings` (string[], e.g. unreadable
   * directories under --tree).
   */
  meta?: Record<string, unknown>;
}

/** Stable codes of InputError; scripts and tests match on these, never on messages. */
export const INPUT_ERROR_CODES = [
  'CHANGESET_YAML', // not parseable as YAML (or JSON for .json files)
  'CHANGESET_SHAPE', // parseable, but not a mapping with a `changes` list of strings, etc.
  'CHANGESET_EMPTY', // zero bytes, only whitespace/comments, or a text list without entries
  'CHANGESET_ENCODING', // invalid UTF-8, UTF-32, or binary data (NUL bytes)
  'INPUT_UNREADABLE', // exists but cannot be read (permissions, I/O error, a directory given as a file)
  'INPUT_NOT_FOUND', // the path does not exist
  'TAGFILE_YAML', // a .tag file that is not parseable as YAML
  'TAGFILE_SHAPE', // a .tag file that is not `id`/`label(s)`/`tags` as Praxi writes them
  // Images and archives (src/images, src/diff; issue 7).
  'IMAGE_FORMAT', // not an image layout praxi knows, or its manifest/index/config is missing or malformed
  'IMAGE_PLATFORM', // a multi-platform index without the requested (or a single default) platform
  'IMAGE_CORRUPT', // a truncated or corrupt tar, gzip or zstd stream
  'IMAGE_LIMIT', // a resource bound was hit (members, name length, header size, zstd window)
] as const;

export type InputErrorCode = (typeof INPUT_ERROR_CODES)[number];

export interface InputErrorDetails {
  /** 1-based line in the input, when known. */
  line?: number;
  /** 1-based column, when known. */
  column?: number;
  /** The underlying error (fs error, YAML error), kept for debugging. */
  cause?: unknown;
}

/**
 * Something wrong with one input. The message names the source, the line (when known) and what
 * was expected, e.g. `data/x.yaml:12: changes[10] is a mapping; expected a string`.
 */
export class InputError extends PraxiError {
  // Narrowed types of PraxiError's fields (declare: no re-initialisation).
  declare readonly code: InputErrorCode;
  declare readonly source: string;
  readonly line?: number;
  readonly column?: number;

  constructor(code: InputErrorCode, source: string, detail: string, details: InputErrorDetails = {}) {
    const where = details.line === undefined ? source : `${source}:${details.line}`;
    super(`${where}: ${detail}`, code, source);
    this.name = 'InputError';
    if (details.cause !== undefined) this.cause = details.cause;
    if (details.line !== undefined) this.line = details.line;
    if (details.column !== undefined) this.column = details.column;
  }

  /** The plain-object form used in `--json` outputs (`errors: [...]`). */
  toJSON(): { code: InputErrorCode; source: string; line?: number; message: string } {
    return {
      code: this.code,
      source: this.source,
      ...(this.line === undefined ? {} : { line: this.line }),
      message: this.message,
    };
  }
}

export function isInputError(value: unknown): value is InputError {
  return value instanceof InputError;
}
