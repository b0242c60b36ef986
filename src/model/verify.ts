/**
 * Integrity of large model files without hashing them on every start.
 *
 * A 1,000-label `-b 26` model is hundreds of MB; sha256 over it costs more than the whole 300 ms
 * cold-predict budget. So the full sha256 check runs when a file is new to this machine, and a
 * "verified" stamp remembers the file's identity afterwards: device, inode, size, mtime and ctime
 * in nanoseconds. A later open whose identity equals the stamp is the same, unchanged file:
 * - every change to a file's bytes (write, truncate, mmap store) sets its mtime and ctime to now;
 * - mtime can be set back (touch -d, utimes), but doing so sets ctime to now, and ctime cannot be
 *   set by any system call; replacing the file (rename, cp over a new inode) changes the inode.
 * Size + mtime alone would miss the first two. What a stamp cannot see: the system clock set back
 * by root, and damage below the file system (a bad disk). The kernel's timestamps are coarse (a
 * clock tick, or whole seconds on some file systems), so a stamp is only written when the file's
 * ctime lies well before the verification began: a write after the stamp then always lands on a
 * later ctime. `praxi train` verifies the file it wrote that way too (save.ts), so the first
 * prediction after training does not hash it again.
 *
 * Stamps live in $PRAXI_CACHE_DIR (default $XDG_CACHE_HOME/praxi or ~/.cache/praxi), one small
 * JSON file per (model path, expected sha256); PRAXI_VERIFY=full ignores them. A stamp that cannot
 * be written (read-only home) only means the next start verifies in full again; a home directory
 * that does not exist (a container's) is not created, and no stamp is kept.
 */
import {createHash} from 'node:crypto';
import {createReadStream, existsSync} from 'node:fs';
import {mkdir, readFile, rename, stat, writeFile} from 'node:fs/promises';
import {homedir} from 'node:os';
import {join, resolve} from 'node:path';

import type {NativeFileIdentity} from '../native.js';

export type FileIdentity = NativeFileIdentity;

/**
 * How long before the verification a file's ctime must lie for a stamp to be trusted: several clock
 * ticks on a file system with fine timestamps, two seconds where they are whole seconds or
 * milliseconds (FAT keeps two-second times; a nanosecond timestamp is a multiple of 1 ms by chance
 * once in a million, which only costs a later full check).
 */
export function stampMarginNs(ctimeNs: bigint | string): bigint {
  return BigInt(ctimeNs) % 1_000_000n === 0n ? 2_000_000_000n : 50_000_000n;
}

export function identityOf(st: {dev: bigint; ino: bigint; size: bigint; mtimeNs: bigint; ctimeNs: bigint}): FileIdentity {
  return {dev: String(st.dev), ino: String(st.ino), size: String(st.size), mtimeNs: String(st.mtimeNs), ctimeNs: String(st.ctimeNs)};
}

export function sameIdentity(a: FileIdentity, b: FileIdentity): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs;
}

/**
 * Where stamps live, or undefined when there is no such place: a home directory that does not exist
 * (a container's `/nonexistent`, a read-only root) is never created just to hold a cache.
 */
function cacheDir(): string | undefined {
  if (process.env.PRAXI_CACHE_DIR) return join(process.env.PRAXI_CACHE_DIR, 'verified');
  if (process.env.XDG_CACHE_HOME) return join(process.env.XDG_CACHE_HOME, 'praxi', 'verified');
  const home = homedir();
  return home && existsSync(home) ? join(home, '.cache', 'praxi', 'verified') : undefined;
}

function stampPath(dir: string, file: string, sha256: string): string {
  const key = createHash('sha256').update(`${resolve(file)}\0${sha256}`).digest('hex').slice(0, 40);
  return join(dir, `${key}.json`);
}

/** True when `identity` (the file as opened) was verified against `sha256` before and is unchanged. */
export async function verifiedBefore(file: string, sha256: string, identity: FileIdentity): Promise<boolean> {
  const dir = cacheDir();
  if (process.env.PRAXI_VERIFY === 'full' || dir === undefined) return false;
  try {
    const stamp = JSON.parse(await readFile(stampPath(dir, file, sha256), 'utf8')) as {sha256?: string; identity?: FileIdentity};
    return stamp.sha256 === sha256 && stamp.identity !== undefined && sameIdentity(stamp.identity, identity);
  } catch {
    return false;
  }
}

/** Records a successful full verification that began at `startedNs` (wall clock, ns). */
export async function recordVerified(file: string, sha256: string, identity: FileIdentity, startedNs: bigint): Promise<void> {
  const dir = cacheDir();
  if (dir === undefined || startedNs - BigInt(identity.ctimeNs) < stampMarginNs(identity.ctimeNs)) return;
  const path = stampPath(dir, file, sha256);
  try {
    await mkdir(dir, {recursive: true});
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, `${JSON.stringify({file: resolve(file), sha256, identity})}\n`);
    await rename(tmp, path);
  } catch {
    // No writable cache: the next start verifies in full.
  }
}

/** sha256 of a file, streamed (a large model is never held in memory for it). */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, {highWaterMark: 4 << 20})) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The file's identity now (for "did it change while we hashed it"). */
export async function currentIdentity(file: string): Promise<FileIdentity> {
  return identityOf(await stat(file, {bigint: true}));
}

/** Wall-clock time in nanoseconds (the clock file timestamps use). */
export function wallClockNs(): bigint {
  return BigInt(Date.now()) * 1_000_000n;
}
