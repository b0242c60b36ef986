// One side of `praxi diff`: a directory tree, a tar (plain, gzip or zstd), or a file list (one path
// per line). Each becomes a map from `/path` to what is known about that non-directory entry.
//
// Never follows symlinks: the tree walk uses lstat and readlink, files are hashed through
// O_NOFOLLOW, and a tar's links are just names. The walk is iterative (an explicit stack).
import {createHash} from 'node:crypto';
import {constants, createReadStream, type Dir} from 'node:fs';
import {lstat, open, opendir, readlink, stat} from 'node:fs/promises';
import {isUtf8} from 'node:buffer';

import {decodeInput} from '../changesets/encoding.js';
import {readInputFile} from '../changesets/load.js';
import {InputError} from '../changesets/types.js';
import {ChunkSource, FileSource} from '../images/bytes.js';
import {openMaybeCompressed, detectCompression} from '../images/compression.js';
import {normaliseMemberName} from '../images/layer.js';
import {isImageInput} from '../images/sniff.js';
import {readTar, type TarLimits} from '../images/tar.js';

export interface EntryState {
  type: 'file' | 'symlink' | 'hardlink' | 'other';
  /** Bytes, when known. */
  size?: number;
  /** Modification time in milliseconds, when known. */
  mtimeMs?: number;
  /** Symlink target (or hard link target in a tar). */
  link?: string;
  /** `sha256:<hex>` of a regular file's content, with `hash`. */
  hash?: string;
}

export interface Snapshot {
  kind: 'tree' | 'tar' | 'list';
  /** `/path` → state; directories are not entries (as in --tree). */
  entries: Map<string, EntryState>;
  /** Finest difference in mtime this side can show (ms): 1 for trees, 1000 for tars. */
  mtimeResolutionMs: number;
  warnings: string[];
}

export interface SnapshotOptions extends TarLimits {
  /** Hash regular files' content (sha256) so modifications are judged by content. */
  hash?: boolean;
}

async function hashFile(path: Buffer): Promise<string> {
  // O_NOFOLLOW: if the entry became a symlink since lstat, opening fails instead of following it.
  const h = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  try {
    const sha = createHash('sha256');
    for await (const chunk of createReadStream('', {fd: h.fd, autoClose: false, highWaterMark: 256 * 1024})) sha.update(chunk as Buffer);
    return `sha256:${sha.digest('hex')}`;
  } finally {
    await h.close();
  }
}

async function treeSnapshot(dir: string, options: SnapshotOptions): Promise<Snapshot> {
  const entries = new Map<string, EntryState>();
  const warnings: string[] = [];
  const stack: Array<[Buffer, string]> = [[Buffer.from(dir), '']];
  while (stack.length > 0) {
    const [abs, rel] = stack.pop()!;
    let handle: Dir;
    try {
      handle = await opendir(abs, {encoding: 'buffer' as BufferEncoding, bufferSize: 256});
    } catch (err) {
      warnings.push(`${rel || '/'}: cannot read directory (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
      continue;
    }
    for await (const entry of handle) {
      const name = entry.name as unknown as Buffer;
      const childAbs = Buffer.concat([abs, Buffer.from('/'), name]);
      const childRel = `${rel}/${name.toString('utf8')}`;
      if (!isUtf8(name)) warnings.push(`${childRel}: name is not valid UTF-8`);
      let st;
      try {
        st = await lstat(childAbs);
      } catch (err) {
        warnings.push(`${childRel}: cannot lstat (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
        continue;
      }
      if (st.isDirectory()) {
        stack.push([childAbs, childRel]);
        continue;
      }
      const state: EntryState = {type: st.isFile() ? 'file' : st.isSymbolicLink() ? 'symlink' : 'other', size: st.size, mtimeMs: st.mtimeMs};
      try {
        if (state.type === 'symlink') state.link = await readlink(childAbs, {encoding: 'utf8'});
        else if (state.type === 'file' && options.hash) state.hash = await hashFile(childAbs);
      } catch (err) {
        warnings.push(`${childRel}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
      }
      entries.set(childRel, state);
    }
  }
  return {kind: 'tree', entries, mtimeResolutionMs: 1, warnings};
}

async function tarSnapshot(path: string, size: number, options: SnapshotOptions): Promise<Snapshot> {
  const entries = new Map<string, EntryState>();
  const warnings: string[] = [];
  const h = await open(path, 'r');
  try {
    const head = Buffer.alloc(6);
    await h.read(head, 0, 6, 0);
    const plain = detectCompression(head, path) === 'none';
    // Plain tars are read at positions (member data skipped by seeking, unless hashed).
    const src = plain
      ? new FileSource(h, 0, size)
      : new ChunkSource((await openMaybeCompressed(createReadStream('', {fd: h.fd, autoClose: false, highWaterMark: 256 * 1024}) as AsyncIterable<Buffer>, path)).data);
    for await (const m of readTar(src, path, options)) {
      const norm = normaliseMemberName(m.name);
      if ('unsafe' in norm) {
        warnings.push(`${JSON.stringify(m.name)}: ${norm.unsafe}; ignored`);
        continue;
      }
      if (m.type === 'dir' || norm.path === '') continue;
      const state: EntryState = {
        type: m.type === 'file' ? 'file' : m.type === 'symlink' ? 'symlink' : m.type === 'hardlink' ? 'hardlink' : 'other',
        size: m.size,
        mtimeMs: m.mtime * 1000,
      };
      if (m.type === 'symlink' || m.type === 'hardlink') state.link = m.linkname;
      if (m.type === 'file' && options.hash) {
        const sha = createHash('sha256');
        for await (const piece of m.data()) sha.update(piece);
        state.hash = `sha256:${sha.digest('hex')}`;
      }
      entries.set(`/${norm.path}`, state);
    }
  } finally {
    await h.close();
  }
  return {kind: 'tar', entries, mtimeResolutionMs: 1000, warnings};
}

async function listSnapshot(path: string): Promise<Snapshot> {
  const {text} = decodeInput(await readInputFile(path), path);
  const entries = new Map<string, EntryState>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const norm = normaliseMemberName(line.replace(/^\/+/, ''));
    if ('unsafe' in norm || norm.path === '') continue;
    entries.set(`/${norm.path}`, {type: 'file'});
  }
  return {kind: 'list', entries, mtimeResolutionMs: Infinity, warnings: []};
}

/** Reads one side of a diff; InputError when `path` is missing or unreadable. */
export async function readSnapshot(path: string, options: SnapshotOptions = {}): Promise<Snapshot> {
  let st;
  try {
    st = await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'INPUT_NOT_FOUND' : 'INPUT_UNREADABLE', path, `cannot open (${code ?? String(err)})`, {cause: err});
  }
  if (st.isDirectory()) return treeSnapshot(path, options);
  if (await isImageInput(path, false)) return tarSnapshot(path, st.size, options);
  return listSnapshot(path);
}
