// Where an image's files live: a directory, an uncompressed tar read at positions (member data is
// streamed straight from its offset, nothing extracted), or a compressed tar, which can only be
// read front to back (one indexing pass, then one pass for all layers together).
//
// Paths inside an image come from its own JSON and are not trusted: absolute paths and `..`
// components are refused. Symlinked members of an archive (docker save links repeated layers, e.g.
// `<id>/layer.tar -> ../<other>/layer.tar`) are resolved inside the archive's own name space, never
// on disk; in a directory layout, a symlink is used only when its target stays inside the layout.
import {createReadStream} from 'node:fs';
import {lstat, open, readFile, realpath, stat} from 'node:fs/promises';
import {join, posix, relative, isAbsolute, sep} from 'node:path';

import {InputError} from '../changesets/types.js';
import {ChunkSource, FileSource} from './bytes.js';
import {openMaybeCompressed, peek, detectCompression} from './compression.js';
import type {FileRegion} from './layer.js';
import {readTar, type TarLimits} from './tar.js';

export interface Container {
  readonly kind: 'dir' | 'tar' | 'compressed-tar';
  readonly source: string;
  has(path: string): Promise<boolean>;
  /** The whole content of a small file (JSON); IMAGE_FORMAT when missing, IMAGE_LIMIT when larger than `max`. */
  readSmall(path: string, max?: number): Promise<Buffer>;
  /** Raw bytes of a file (random-access containers only). */
  stream(path: string): AsyncIterable<Uint8Array>;
  /** Where a file's bytes lie on disk (random-access containers), so uncompressed layers can be seeked. */
  region?(path: string): Promise<FileRegion>;
  /** One pass over the members named in `paths`, in archive order (compressed tars). */
  forEach?(paths: ReadonlySet<string>, fn: (path: string, data: AsyncIterable<Uint8Array>) => Promise<void>): Promise<void>;
}

const SMALL = 16 * 1024 * 1024;

/** A path from the image's own metadata, checked and normalised (relative, `/`-separated). */
export function safeInnerPath(path: string, source: string): string {
  const norm = posix.normalize(path.replace(/^\.\/+/, ''));
  if (path === '' || posix.isAbsolute(norm) || norm === '..' || norm.startsWith('../')) {
    throw new InputError('IMAGE_FORMAT', source, `the image names a file outside itself: ${JSON.stringify(path)}`);
  }
  return norm;
}

function missing(source: string, path: string): InputError {
  return new InputError('IMAGE_FORMAT', source, `${path} is missing from the image`);
}

class DirContainer implements Container {
  readonly kind = 'dir';
  private rootReal?: string;
  constructor(readonly source: string) {}

  private async resolve(path: string): Promise<string | undefined> {
    const full = join(this.source, safeInnerPath(path, this.source));
    try {
      const st = await lstat(full);
      if (st.isSymbolicLink()) {
        this.rootReal ??= await realpath(this.source);
        const rel = relative(this.rootReal, await realpath(full));
        if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
      }
      return (await stat(full)).isFile() ? full : undefined;
    } catch {
      return undefined;
    }
  }

  async has(path: string): Promise<boolean> {
    return (await this.resolve(path)) !== undefined;
  }

  async readSmall(path: string, max = SMALL): Promise<Buffer> {
    const full = await this.resolve(path);
    if (!full) throw missing(this.source, path);
    if ((await stat(full)).size > max) throw new InputError('IMAGE_LIMIT', this.source, `${path} is larger than ${max} bytes`);
    return readFile(full);
  }

  async region(path: string): Promise<FileRegion> {
    const full = await this.resolve(path);
    if (!full) throw missing(this.source, path);
    return {file: full, start: 0, end: (await stat(full)).size};
  }

  stream(path: string): AsyncIterable<Uint8Array> {
    const self = this;
    return (async function* () {
      const full = await self.resolve(path);
      if (!full) throw missing(self.source, path);
      yield* createReadStream(full, {highWaterMark: 256 * 1024}) as AsyncIterable<Buffer>;
    })();
  }
}

interface Member {
  type: string;
  offset: number;
  size: number;
  linkname: string;
}

/** Follows symlinks / hard links among the archive's own members. */
function resolveMember(index: Map<string, Member>, path: string): [string, Member] | undefined {
  let name = path;
  for (let hops = 0; hops < 16; hops++) {
    const m = index.get(name);
    if (!m) return undefined;
    if (m.type !== 'symlink' && m.type !== 'hardlink') return [name, m];
    const target = m.type === 'symlink' ? posix.join(posix.dirname(name), m.linkname) : m.linkname;
    const norm = posix.normalize(target.replace(/^\.\/+/, ''));
    if (posix.isAbsolute(norm) || norm.startsWith('../') || norm === '..') return undefined;
    name = norm;
  }
  return undefined;
}

async function indexTar(chunks: ChunkSource | FileSource, source: string, limits: TarLimits,
  capture?: (name: string, size: number) => boolean, small?: Map<string, Buffer>): Promise<Map<string, Member>> {
  const index = new Map<string, Member>();
  for await (const m of readTar(chunks, source, limits)) {
    const name = posix.normalize(m.name.replace(/^\.\/+/, '')).replace(/\/+$/, '');
    index.set(name, {type: m.type, offset: chunks.position, size: m.size, linkname: m.linkname});
    if (capture && small && m.type === 'file' && capture(name, m.size)) small.set(name, await m.readAll(SMALL));
  }
  return index;
}

class TarContainer implements Container {
  readonly kind = 'tar';
  constructor(readonly source: string, private readonly index: Map<string, Member>) {}

  async has(path: string): Promise<boolean> {
    return resolveMember(this.index, safeInnerPath(path, this.source))?.[1].type === 'file';
  }

  private member(path: string): Member {
    const r = resolveMember(this.index, safeInnerPath(path, this.source));
    if (!r || r[1].type !== 'file') throw missing(this.source, path);
    return r[1];
  }

  async readSmall(path: string, max = SMALL): Promise<Buffer> {
    const m = this.member(path);
    if (m.size > max) throw new InputError('IMAGE_LIMIT', this.source, `${path} is larger than ${max} bytes`);
    const h = await open(this.source, 'r');
    try {
      const buf = Buffer.alloc(m.size);
      const {bytesRead} = await h.read(buf, 0, m.size, m.offset);
      if (bytesRead < m.size) throw new InputError('IMAGE_CORRUPT', this.source, `truncated inside ${path}`);
      return buf;
    } finally {
      await h.close();
    }
  }

  async region(path: string): Promise<FileRegion> {
    const m = this.member(path);
    return {file: this.source, start: m.offset, end: m.offset + m.size};
  }

  stream(path: string): AsyncIterable<Uint8Array> {
    const m = this.member(path);
    const source = this.source;
    if (m.size === 0) return (async function* () {})();
    return (async function* () {
      let got = 0;
      for await (const c of createReadStream(source, {start: m.offset, end: m.offset + m.size - 1, highWaterMark: 256 * 1024})) {
        got += (c as Buffer).length;
        yield c as Buffer;
      }
      if (got < m.size) throw new InputError('IMAGE_CORRUPT', source, `truncated: the archive ends inside ${path}`);
    })();
  }
}

/** Metadata is small and named predictably; layers may be small too, which is fine. */
function isMetadataName(name: string, size: number): boolean {
  if (size > 4 * 1024 * 1024) return false;
  return name.endsWith('.json') || name === 'oci-layout' || name === 'repositories' || name.startsWith('blobs/') && size <= 1024 * 1024;
}

class CompressedTarContainer implements Container {
  readonly kind = 'compressed-tar';
  constructor(readonly source: string, private readonly index: Map<string, Member>,
    private readonly small: Map<string, Buffer>, private readonly limits: TarLimits) {}

  async has(path: string): Promise<boolean> {
    return resolveMember(this.index, safeInnerPath(path, this.source))?.[1].type === 'file';
  }

  async readSmall(path: string, max = SMALL): Promise<Buffer> {
    const r = resolveMember(this.index, safeInnerPath(path, this.source));
    if (!r || r[1].type !== 'file') throw missing(this.source, path);
    const b = this.small.get(r[0]);
    if (!b) throw new InputError('IMAGE_LIMIT', this.source, `${path} is too large to be image metadata`);
    if (b.length > max) throw new InputError('IMAGE_LIMIT', this.source, `${path} is larger than ${max} bytes`);
    return b;
  }

  stream(): AsyncIterable<Uint8Array> {
    throw new Error('a compressed archive is read in one pass (forEach)');
  }

  async forEach(paths: ReadonlySet<string>, fn: (path: string, data: AsyncIterable<Uint8Array>) => Promise<void>): Promise<void> {
    // Map real member names to the requested (possibly linked) names.
    const wanted = new Map<string, string[]>();
    for (const p of paths) {
      const r = resolveMember(this.index, safeInnerPath(p, this.source));
      if (!r) throw missing(this.source, p);
      wanted.set(r[0], [...(wanted.get(r[0]) ?? []), p]);
    }
    const {data} = await openMaybeCompressed(createReadStream(this.source, {highWaterMark: 256 * 1024}) as AsyncIterable<Buffer>, this.source);
    const src = new ChunkSource(data);
    try {
      for await (const m of readTar(src, this.source, this.limits)) {
        const name = posix.normalize(m.name.replace(/^\.\/+/, '')).replace(/\/+$/, '');
        const names = wanted.get(name);
        if (!names || m.type !== 'file') continue;
        // Every requested name for this member gets the data; the first streams, the rest are rare repeats.
        await fn(names[0]!, m.data());
        for (const other of names.slice(1)) await fn(other, (async function* () {})());
      }
    } finally {
      await src.close();
    }
  }
}

/** Opens `path` (a directory or a possibly compressed tar) as a container. */
export async function openContainer(path: string, limits: TarLimits = {}): Promise<Container> {
  let st;
  try {
    st = await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'INPUT_NOT_FOUND' : 'INPUT_UNREADABLE', path, `cannot open the image (${code ?? String(err)})`, {cause: err});
  }
  if (st.isDirectory()) return new DirContainer(path);
  const outerLimits = {...limits, maxMembers: Math.min(limits.maxMembers ?? 100_000, 100_000)};
  const head = await peek(createReadStream(path, {start: 0, end: 15}) as AsyncIterable<Buffer>, 16);
  if (detectCompression(head.head, path) === 'none') {
    const h = await open(path, 'r');
    try {
      return new TarContainer(path, await indexTar(new FileSource(h, 0, st.size), path, outerLimits));
    } finally {
      await h.close();
    }
  }
  const small = new Map<string, Buffer>();
  const {data} = await openMaybeCompressed(createReadStream(path, {highWaterMark: 256 * 1024}) as AsyncIterable<Buffer>, path);
  const src = new ChunkSource(data);
  try {
    const index = await indexTar(src, path, outerLimits, isMetadataName, small);
    return new CompressedTarContainer(path, index, small, limits);
  } finally {
    await src.close();
  }
}
