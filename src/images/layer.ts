// One layer tar → what it changed. The layer is read as a stream (decompressed on the fly, data
// skipped), so memory is the member names only.
//
// What a layer's changeset holds (docs/images.md has the full rules):
// - default (`names: 'files'`): every non-directory member (files, hard links, symlinks, devices,
//   fifos) as a normalised absolute path (`/usr/bin/nginx`), deduplicated, sorted in plain string
//   order — the same shape as `--tree` and `praxi diff`, so a layer and the equivalent tree give the
//   same tags. Whiteouts are deletions, reported apart in `meta.deleted` / `meta.opaque`.
// - compat (`names: 'compat'`): the member names exactly as Python's `tarfile.getnames()` gives them,
//   as the later Praxi pipeline used them: archive order, duplicates kept, directories (trailing `/`
//   removed) and `.wh.` entries included, no leading `/` added or removed.
// In both modes, names that are absolute or contain a `..` component are never used: they are
// reported in `meta.warnings` and ignored.
import {InputError} from '../changesets/types.js';
import {createReadStream} from 'node:fs';
import {open} from 'node:fs/promises';

import {ChunkSource, FileSource, type ByteSource} from './bytes.js';
import {detectCompression, openMaybeCompressed, type Compression} from './compression.js';
import {readTar, type TarEntryType, type TarLimits} from './tar.js';

export type LayerNames = 'files' | 'compat';

/** A layer stored as a byte range of a file: an uncompressed one is then read by seeking past member data. */
export interface FileRegion {
  file: string;
  start: number;
  /** Exclusive end. */
  end: number;
}

/** What a layer is read from: a stream of (possibly compressed) chunks, or a file region. */
export type LayerInput = AsyncIterable<Uint8Array> | FileRegion;

function isRegion(input: LayerInput): input is FileRegion {
  return typeof (input as FileRegion).file === 'string';
}

/** Opens the tar bytes of `input`; the caller closes. */
async function openLayer(input: LayerInput, source: string, counted: {n: number}): Promise<{compression: Compression; src: ByteSource & {close?: () => Promise<void>}}> {
  if (isRegion(input)) {
    const h = await open(input.file, 'r');
    const head = Buffer.alloc(6);
    await h.read(head, 0, Math.min(6, input.end - input.start), input.start);
    const compression = detectCompression(head, source);
    if (compression === 'none') {
      const src = Object.assign(new FileSource(h, input.start, input.end), {close: () => h.close()});
      counted.n = input.end - input.start;
      return {compression, src};
    }
    await h.close();
    input = createReadStream(input.file, {start: input.start, end: input.end - 1, highWaterMark: 256 * 1024}) as AsyncIterable<Buffer>;
  }
  const {compression, data} = await openMaybeCompressed(countBytes(input, counted), source);
  return {compression, src: new ChunkSource(data)};
}

/** A member after normalisation. `path` is relative (no leading `/`), `""` is the root. */
export type LayerEvent =
  | {kind: 'entry'; path: string; type: TarEntryType}
  | {kind: 'whiteout'; path: string}
  | {kind: 'opaque'; path: string};

export interface LayerScan {
  compression: Compression;
  members: number;
  /** Compressed bytes read. */
  bytes: number;
  /** Uncompressed tar bytes. */
  tarBytes: number;
  warnings: string[];
  warningCount: number;
}

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';
const MAX_WARNINGS = 100;

/** Relative normalised path, or undefined (with the reason) when the name must not be used. */
export function normaliseMemberName(name: string): {path: string} | {unsafe: string} {
  if (name.startsWith('/')) return {unsafe: 'absolute member name'};
  const parts: string[] = [];
  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') return {unsafe: "member name with a '..' component"};
    parts.push(part);
  }
  return {path: parts.join('/')};
}

function classify(path: string, type: TarEntryType): LayerEvent | undefined {
  const slash = path.lastIndexOf('/');
  const base = path.slice(slash + 1);
  if (!base.startsWith(WHITEOUT)) return {kind: 'entry', path, type};
  const dir = slash < 0 ? '' : path.slice(0, slash);
  if (base === OPAQUE) return {kind: 'opaque', path: dir};
  if (base.startsWith(WHITEOUT + WHITEOUT)) return undefined; // aufs bookkeeping (.wh..wh.plnk, ...): not a change
  return {kind: 'whiteout', path: (dir ? `${dir}/` : '') + base.slice(WHITEOUT.length)};
}

function countBytes(chunks: AsyncIterable<Uint8Array>, into: {n: number}): AsyncIterable<Uint8Array> {
  return (async function* () {
    for await (const c of chunks) {
      into.n += c.length;
      yield c;
    }
  })();
}

/**
 * Streams the layer in `chunks` (compressed or not) and calls `onEvent` per usable member and
 * `onRaw` (when given) with each compat name. Throws InputError for corrupt data or hit limits.
 */
export async function scanLayer(
  input: LayerInput,
  source: string,
  onEvent: (e: LayerEvent) => void,
  options: TarLimits & {onRaw?: (name: string) => void} = {},
): Promise<LayerScan> {
  const compressed = {n: 0};
  const {compression, src} = await openLayer(input, source, compressed);
  const scan: LayerScan = {compression, members: 0, bytes: 0, tarBytes: 0, warnings: [], warningCount: 0};
  const warn = (msg: string): void => {
    scan.warningCount++;
    if (scan.warnings.length < MAX_WARNINGS) scan.warnings.push(msg);
  };
  try {
    for await (const m of readTar(src, source, options)) {
      scan.members++;
      if (m.badUtf8) warn(`${m.name}: name is not valid UTF-8 (invalid bytes replaced by U+FFFD)`);
      const norm = normaliseMemberName(m.name);
      if ('unsafe' in norm) {
        warn(`${JSON.stringify(m.name)}: ${norm.unsafe}; ignored`);
        continue;
      }
      if (options.onRaw) options.onRaw(m.type === 'dir' ? m.name.replace(/\/+$/, '') || m.name : m.name);
      if (norm.path === '' || m.type === 'other') continue; // the root itself; volume labels and the like
      const e = classify(norm.path, m.type);
      if (e) onEvent(e);
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError('IMAGE_CORRUPT', source, `cannot read the layer: ${(err as Error).message}`, {cause: err});
  } finally {
    await src.close?.();
  }
  scan.bytes = compressed.n;
  scan.tarBytes = src.position - (isRegion(input) && compression === 'none' ? input.start : 0);
  return scan;
}

export interface LayerChanges extends LayerScan {
  /** The change strings (see the header comment for the two modes). */
  changes: string[];
  /** Deleted paths (`/a/b`), sorted. */
  deleted: string[];
  /** Directories made opaque (`/a`), sorted: everything below them from lower layers is gone. */
  opaque: string[];
}

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Reads one layer into its change strings and deletions. */
export async function readLayerChanges(
  input: LayerInput,
  source: string,
  options: TarLimits & {names?: LayerNames} = {},
): Promise<LayerChanges> {
  const compat = options.names === 'compat';
  const files = new Set<string>();
  const deleted = new Set<string>();
  const opaque = new Set<string>();
  const raw: string[] = [];
  const scan = await scanLayer(input, source, (e) => {
    if (e.kind === 'whiteout') deleted.add(`/${e.path}`);
    else if (e.kind === 'opaque') opaque.add(`/${e.path}`);
    else if (!compat && e.type !== 'dir') files.add(`/${e.path}`);
  }, {...options, ...(compat ? {onRaw: (n: string) => raw.push(n)} : {})});
  return {
    ...scan,
    changes: compat ? raw : [...files].sort(byCodeUnit),
    deleted: [...deleted].sort(byCodeUnit),
    opaque: [...opaque].sort(byCodeUnit),
  };
}
