// The directory walk behind discoverInputs (rules in discover.ts): every input praxi reads below a
// directory, symlinks followed, each real file and directory once, sorted by path.
import type { Dirent } from 'node:fs';
import { lstat, opendir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';

import { isImageInput } from '../images/sniff.js';
import { comparePaths, type DirectoryEntry, type DiscoverOptions } from './discover.js';

const CHANGESET_FILE = /\.(yaml|yml|json|txt|list)$/;
const TAG_FILE = /\.tag$/;
const IMAGE_FILE = /\.(tar|tar\.gz|tgz|tar\.zst|tzst)$/;

/** A subdirectory that could not be listed; the walk went on without it. */
export interface WalkProblem {
  path: string;
  error: NodeJS.ErrnoException;
}

export interface WalkResult {
  entries: DirectoryEntry[];
  problems: WalkProblem[];
}

interface Found extends DirectoryEntry {
  /** The file's real path: a file reached through several links is listed once. */
  real: string;
}

type EntryType = 'file' | 'directory' | 'other';

async function followLink(path: string): Promise<{ type: EntryType; real?: string }> {
  try {
    const real = await realpath(path); // the whole chain; ELOOP/ENOENT for loops and dangling links
    const st = await stat(real);
    return { type: st.isDirectory() ? 'directory' : st.isFile() ? 'file' : 'other', real };
  } catch {
    return { type: 'other' }; // a dangling or looping link names no input
  }
}

async function typeOf(path: string, dirent: Dirent): Promise<{ type: EntryType; real?: string }> {
  let link = dirent.isSymbolicLink();
  let directory = dirent.isDirectory();
  let file = dirent.isFile();
  const special = dirent.isFIFO() || dirent.isSocket() || dirent.isCharacterDevice() || dirent.isBlockDevice();
  if (!link && !directory && !file && !special) {
    // Filesystems that do not report entry types: ask lstat.
    const st = await lstat(path).catch(() => undefined);
    link = st?.isSymbolicLink() ?? false;
    directory = st?.isDirectory() ?? false;
    file = st?.isFile() ?? false;
  }
  if (link) return followLink(path);
  return { type: directory ? 'directory' : file ? 'file' : 'other' };
}

/**
 * Walks `dir` (followed if it is a link: the user named it). Throws only when `dir` itself cannot be
 * listed; unreadable subdirectories become `problems`.
 */
export async function walkDirectory(dir: string, options: DiscoverOptions = {}): Promise<WalkResult> {
  const rootReal = await realpath(dir);
  const seenDirs = new Set<string>([rootReal]);
  const found: Found[] = [];
  const problems: WalkProblem[] = [];
  const stack: Array<{ path: string; real: string }> = [{ path: dir, real: rootReal }];
  while (stack.length > 0) {
    const { path, real } = stack.pop()!;
    let names: Dirent[];
    try {
      names = [];
      for await (const d of await opendir(path)) names.push(d);
    } catch (err) {
      if (path === dir) throw err;
      problems.push({ path, error: err as NodeJS.ErrnoException });
      continue;
    }
    for (const dirent of names) {
      if (dirent.name.startsWith('.')) continue;
      const child = join(path, dirent.name);
      const t = await typeOf(child, dirent);
      const childReal = t.real ?? join(real, dirent.name);
      if (t.type === 'directory') {
        if (seenDirs.has(childReal)) continue; // a loop, or a directory already walked by another path
        seenDirs.add(childReal);
        if (await isImageInput(child, true)) found.push({ path: child, kind: 'image', real: childReal });
        else stack.push({ path: child, real: childReal });
      } else if (t.type === 'file') {
        // The entry's own name decides (a ConfigMap key names the link, not its timestamped target).
        if (CHANGESET_FILE.test(dirent.name)) found.push({ path: child, kind: 'changeset', real: childReal });
        else if (TAG_FILE.test(dirent.name)) {
          if (options.tagFiles) found.push({ path: child, kind: 'tagfile', real: childReal });
        } else if (IMAGE_FILE.test(dirent.name) && (await isImageInput(child, false))) {
          found.push({ path: child, kind: 'image', real: childReal });
        }
      }
    }
  }
  found.sort((a, b) => comparePaths(a.path, b.path));
  const seenFiles = new Set<string>();
  const entries: DirectoryEntry[] = [];
  for (const f of found) {
    if (seenFiles.has(f.real)) continue;
    seenFiles.add(f.real);
    entries.push({ path: f.path, kind: f.kind });
  }
  return { entries, problems };
}
