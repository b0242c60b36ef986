// A small streaming tar reader: headers only, member data skipped (or handed to the caller), so a
// multi-GB layer costs constant memory. Formats: V7, POSIX ustar (prefix field), GNU (long names
// and link names through `././@LongLink` members, base-256 numbers, old sparse headers with
// extension blocks) and pax (`path`, `linkpath`, `size` records; global headers are read and
// skipped). Every header's checksum is verified, so garbage is reported instead of misread.
//
// Nothing is ever extracted and no link is ever followed: names are just strings.
import {isUtf8} from 'node:buffer';

import {InputError} from '../changesets/types.js';
import type {ByteSource} from './bytes.js';

export type TarEntryType = 'file' | 'hardlink' | 'symlink' | 'char' | 'block' | 'dir' | 'fifo' | 'other';

export interface TarEntry {
  /** The member name as written (pax `path` / GNU long name applied), not normalised. */
  name: string;
  type: TarEntryType;
  /** The raw type flag character. */
  typeflag: string;
  /** Data bytes that follow the header. */
  size: number;
  mode: number;
  /** Modification time, unix seconds. */
  mtime: number;
  linkname: string;
  /** True when the name bytes were not valid UTF-8 (decoded with U+FFFD replacements). */
  badUtf8: boolean;
}

export interface TarLimits {
  /** Most members read before giving up (IMAGE_LIMIT). Default 2,000,000. */
  maxMembers?: number;
  /** Longest member or link name in bytes (IMAGE_LIMIT). Default 4096, Linux's PATH_MAX. */
  maxNameLength?: number;
  /** Largest pax extended header in bytes (IMAGE_LIMIT). Default 1 MiB. */
  maxPaxHeader?: number;
}

export interface TarMember extends TarEntry {
  /** Reads the whole data of this member (only for small members: at most `max` bytes, else IMAGE_LIMIT). */
  readAll(max: number): Promise<Buffer>;
  /** Streams this member's data; each piece is valid until the next one. */
  data(): AsyncGenerator<Buffer>;
}

const BLOCK = 512;

function corrupt(source: string, detail: string): InputError {
  return new InputError('IMAGE_CORRUPT', source, detail);
}

function limit(source: string, detail: string): InputError {
  return new InputError('IMAGE_LIMIT', source, detail);
}

/** NUL-terminated field as bytes. */
function field(block: Buffer, off: number, len: number): Buffer {
  const f = block.subarray(off, off + len);
  const nul = f.indexOf(0);
  return nul < 0 ? f : f.subarray(0, nul);
}

function decodeName(bytes: Buffer): {text: string; bad: boolean} {
  // toString replaces invalid sequences with U+FFFD; isUtf8 says whether it had to.
  return {text: bytes.toString('utf8'), bad: !isUtf8(bytes)};
}

/** An octal (spaces/NULs around) or GNU base-256 number; NaN when neither. */
export function parseNumber(block: Buffer, off: number, len: number): number {
  const first = block[off]!;
  if (first & 0x80) {
    if (first === 0xff) return NaN; // negative base-256: not a valid size or time here
    let v = first & 0x7f;
    for (let i = 1; i < len; i++) {
      v = v * 256 + block[off + i]!;
      if (v > Number.MAX_SAFE_INTEGER) return NaN;
    }
    return v;
  }
  let i = off;
  const end = off + len;
  while (i < end && (block[i] === 0x20 || block[i] === 0)) i++;
  let v = 0;
  let digits = 0;
  for (; i < end; i++) {
    const c = block[i]!;
    if (c < 0x30 || c > 0x37) break;
    v = v * 8 + (c - 0x30);
    digits++;
  }
  for (; i < end; i++) if (block[i] !== 0x20 && block[i] !== 0) return NaN;
  return digits === 0 ? 0 : v;
}

function isZeroBlock(block: Buffer): boolean {
  for (let i = 0; i < BLOCK; i++) if (block[i] !== 0) return false;
  return true;
}

function checksumOk(block: Buffer): boolean {
  const stored = parseNumber(block, 148, 8);
  if (Number.isNaN(stored)) return false;
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : block[i]!;
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  return stored === unsigned || stored === signed;
}

/** True when `block` is a tar header with a valid checksum (used to sniff tar files). */
export function looksLikeTarHeader(block: Buffer): boolean {
  return block.length >= BLOCK && !isZeroBlock(block) && checksumOk(block);
}

function typeOf(flag: string, name: string): TarEntryType {
  switch (flag) {
    case '0':
    case '\0':
    case '7':
    case 'S': // GNU sparse file
      return flag !== 'S' && name.endsWith('/') ? 'dir' : 'file'; // V7 wrote directories as files with a trailing '/'
    case '1':
      return 'hardlink';
    case '2':
      return 'symlink';
    case '3':
      return 'char';
    case '4':
      return 'block';
    case '5':
    case 'D': // GNU dump directory
      return 'dir';
    case '6':
      return 'fifo';
    default:
      return 'other';
  }
}

/** Pax records `"<len> key=value\n"`; only the keys praxi uses are kept. */
function parsePax(data: Buffer, source: string): Map<string, string> {
  const out = new Map<string, string>();
  let i = 0;
  while (i < data.length) {
    if (data[i] === 0) break; // some writers pad with NULs
    const sp = data.indexOf(0x20, i);
    const len = sp < 0 ? NaN : Number(data.toString('latin1', i, sp));
    if (!Number.isInteger(len) || len <= sp - i + 1 || i + len > data.length || data[i + len - 1] !== 0x0a) {
      throw corrupt(source, `malformed pax extended header record at byte ${i}`);
    }
    const record = data.subarray(sp + 1, i + len - 1);
    const eq = record.indexOf(0x3d);
    if (eq < 0) throw corrupt(source, `malformed pax extended header record at byte ${i} (no '=')`);
    const key = record.toString('utf8', 0, eq);
    if (key === 'path' || key === 'linkpath' || key === 'size' || key === 'GNU.sparse.name') {
      out.set(key, record.toString('utf8', eq + 1));
    }
    i += len;
  }
  return out;
}

/**
 * Reads the members of the tar in `src`, in order. After each yielded member, whatever the caller
 * did not read of its data is skipped. Throws InputError IMAGE_CORRUPT (bad checksum, truncation,
 * malformed extended headers) or IMAGE_LIMIT (a bound of `limits` was hit), naming `source`.
 */
export async function* readTar(src: ByteSource, source: string, limits: TarLimits = {}): AsyncGenerator<TarMember> {
  const maxMembers = limits.maxMembers ?? 2_000_000;
  const maxName = limits.maxNameLength ?? 4096;
  const maxPax = limits.maxPaxHeader ?? 1024 * 1024;
  let members = 0;
  let longName: Buffer | undefined;
  let longLink: Buffer | undefined;
  let pax: Map<string, string> | undefined;

  const readExact = async (n: number, what: string): Promise<Buffer> => {
    const b = src.takeSync(n) ?? (await src.read(n));
    if (b.length < n) throw corrupt(source, `truncated: the archive ends inside ${what} (offset ${src.position})`);
    return b;
  };
  const skipExact = async (n: number, what: string): Promise<void> => {
    if (n === 0 || src.skipSync(n)) return; // the common case: the bytes are buffered, no await
    if ((await src.skip(n)) < n) throw corrupt(source, `truncated: the archive ends inside ${what} (offset ${src.position})`);
  };
  const padding = (size: number): number => (BLOCK - (size % BLOCK)) % BLOCK;

  for (;;) {
    const headerAt = src.position;
    const first = src.takeSync(BLOCK) ?? (await src.read(BLOCK));
    if (first.length === 0) {
      throw corrupt(source, `truncated: no end-of-archive marker after ${members} member(s) (offset ${headerAt})`);
    }
    if (first.length < BLOCK) throw corrupt(source, `truncated: the archive ends inside a header (offset ${headerAt})`);
    if (isZeroBlock(first)) {
      // End of archive: two zero blocks; a lone zero block at the very end is accepted too.
      const second = await src.read(BLOCK);
      if (second.length === 0 || isZeroBlock(second)) return;
      throw corrupt(source, `a zero block in the middle of the archive (offset ${headerAt})`);
    }
    if (!checksumOk(first)) throw corrupt(source, `not a tar header (bad checksum) at offset ${headerAt}`);
    // Sources never reuse a buffer they handed out (bytes.ts), so the header can stay a view.
    const block = first;
    const flag = String.fromCharCode(block[156]!);
    let size = parseNumber(block, 124, 12);
    if (Number.isNaN(size)) throw corrupt(source, `invalid size field in the header at offset ${headerAt}`);

    // Old GNU sparse files carry extension blocks after the header.
    if (flag === 'S' && block[482] !== 0) {
      for (;;) {
        const ext = await readExact(BLOCK, 'a sparse header extension');
        if (ext[504] === 0) break;
      }
    }

    if (flag === 'L' || flag === 'K' || flag === 'x' || flag === 'g' || flag === 'X') {
      const cap = flag === 'x' || flag === 'g' || flag === 'X' ? maxPax : maxName + 1;
      if (size > cap) throw limit(source, `an extended header of ${size} bytes at offset ${headerAt} (limit ${cap})`);
      const data = Buffer.from(await readExact(size, 'an extended header'));
      await skipExact(padding(size), 'an extended header');
      if (flag === 'L') longName = field(data, 0, data.length);
      else if (flag === 'K') longLink = field(data, 0, data.length);
      else if (flag === 'x' || flag === 'X') pax = parsePax(data, source);
      // 'g' (global pax) applies to the whole archive; path/size there make no sense and are ignored.
      continue;
    }

    let nameBytes: Buffer;
    const ustar = block.toString('latin1', 257, 263);
    if (longName) {
      nameBytes = longName;
    } else {
      nameBytes = field(block, 0, 100);
      const prefix = ustar === 'ustar\0' ? field(block, 345, 155) : undefined; // GNU uses that area for times
      if (prefix && prefix.length > 0) nameBytes = Buffer.concat([prefix, Buffer.from('/'), nameBytes]);
    }
    let {text: name, bad} = decodeName(nameBytes);
    let linkname = longLink ? decodeName(longLink).text : decodeName(field(block, 157, 100)).text;
    if (pax) {
      const p = pax.get('path') ?? pax.get('GNU.sparse.name');
      if (p !== undefined) {
        name = p;
        bad = false;
      }
      const l = pax.get('linkpath');
      if (l !== undefined) linkname = l;
      const s = pax.get('size');
      if (s !== undefined) {
        size = /^\d+$/.test(s) ? Number(s) : NaN;
        if (!Number.isSafeInteger(size)) throw corrupt(source, `invalid pax size "${s}" for ${name}`);
      }
    }
    longName = longLink = pax = undefined;
    if (Buffer.byteLength(name) > maxName || Buffer.byteLength(linkname) > maxName) {
      throw limit(source, `a member name longer than ${maxName} bytes at offset ${headerAt}`);
    }
    if (++members > maxMembers) throw limit(source, `more than ${maxMembers} members`);

    const type = typeOf(flag, name);
    // Links and directories carry no data, whatever their size field says (hard links may, in pax).
    const dataSize = type === 'symlink' || type === 'dir' || type === 'char' || type === 'block' || type === 'fifo' ? 0 : size;
    let left = dataSize;
    const member: TarMember = {
      name,
      type,
      typeflag: flag,
      size: dataSize,
      mode: parseNumber(block, 100, 8) || 0,
      mtime: parseNumber(block, 136, 12) || 0,
      linkname,
      badUtf8: bad,
      async readAll(max: number): Promise<Buffer> {
        if (left > max) throw limit(source, `${name} is ${left} bytes; at most ${max} are read`);
        const b = Buffer.from(await readExact(left, name));
        left = 0;
        return b;
      },
      async *data(): AsyncGenerator<Buffer> {
        while (left > 0) {
          let got = 0;
          for await (const piece of src.pieces(Math.min(left, 1024 * 1024))) {
            got += piece.length;
            left -= piece.length;
            yield piece;
          }
          if (got === 0) throw corrupt(source, `truncated: the archive ends inside the data of ${name}`);
        }
      },
    };
    yield member;
    await skipExact(left + padding(dataSize), `the data of ${name}`);
  }
}
