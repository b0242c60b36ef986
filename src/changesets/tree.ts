// `--tree DIR`: a directory tree as one changeset (a mounted volume, an overlay upper dir...).
//
// Decisions:
// - Entries are every non-directory below DIR: regular files, symlinks (the link itself, never
//   followed: no loops, no escaping DIR), and special files (an overlayfs upper dir records
//   deletions as character devices; they are changes too). Directories, empty or not, are not
//   entries: Praxi's recorded changesets list files.
// - Paths are relative to DIR with a leading `/`, sorted in plain string order.
// - DIR itself is followed if it is a symlink (the user named it).
// - Unreadable directories and names that are not valid UTF-8 become warnings in
//   `meta.warnings`; the walk goes on. (As root, permissions do not stop reading.)
// - Iterative (explicit stack, no recursion) and streaming per directory (opendir), so deep or wide
//   trees cost memory only for the result list and the pending directories.
import { isUtf8 } from 'node:buffer';
import { opendir, lstat, stat } from 'node:fs/promises';
import type { Dir } from 'node:fs';

import { comparePaths } from './discover.js';
import type { Changeset } from './types.js';
import { InputError } from './types.js';

export interface TreeOptions {
  /** Stop collecting warnings after this many (the count is still reported). Default 100. */
  maxWarnings?: number;
}

const SLASH = Buffer.from('/');

/** Walks DIR and returns its files as one changeset. Throws InputError only when DIR itself is unusable. */
export async function changesetFromTree(dir: string, options: TreeOptions = {}): Promise<Changeset> {
  const maxWarnings = options.maxWarnings ?? 100;
  try {
    if (!(await stat(dir)).isDirectory()) {
      throw new InputError('INPUT_UNREADABLE', dir, '--tree expects a directory; this is a file');
    }
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'INPUT_NOT_FOUND' : 'INPUT_UNREADABLE', dir,
      `cannot open the --tree directory (${code ?? String(err)})`, { cause: err });
  }

  const changes: string[] = [];
  const warnings: string[] = [];
  let warningCount = 0;
  const warn = (message: string): void => {
    warningCount++;
    if (warnings.length < maxWarnings) warnings.push(message);
  };

  // Names are read as bytes so non-UTF-8 names are noticed (and still opened correctly).
  const root = Buffer.from(dir);
  // Pending directories as [absolute path bytes, relative path bytes with leading '/' or empty].
  const stack: Array<[Buffer, Buffer]> = [[root, Buffer.alloc(0)]];
  while (stack.length > 0) {
    const [abs, rel] = stack.pop()!;
    let handle: Dir;
    try {
      // 'buffer' is accepted at run time; the typings only list text encodings.
      handle = await opendir(abs, { encoding: 'buffer' as BufferEncoding, bufferSize: 256 });
    } catch (err) {
      warn(`${displayRel(rel)}: cannot read directory (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
      continue;
    }
    try {
      for await (const entry of handle) {
        const name = entry.name as unknown as Buffer;
        const childAbs = Buffer.concat([abs, SLASH, name]);
        const childRel = Buffer.concat([rel, SLASH, name]);
        let isDir = entry.isDirectory();
        const known = isDir || entry.isFile() || entry.isSymbolicLink() || entry.isCharacterDevice() ||
          entry.isBlockDevice() || entry.isFIFO() || entry.isSocket();
        if (!known) {
          // Some filesystems do not report entry types: ask lstat (never stat: no following).
          try {
            isDir = (await lstat(childAbs)).isDirectory();
          } catch (err) {
            warn(`${displayRel(childRel)}: cannot lstat (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
            continue;
          }
        }
        if (isDir) {
          stack.push([childAbs, childRel]);
          continue;
        }
        const text = childRel.toString('utf8');
        if (!isUtf8(childRel)) warn(`${text}: name is not valid UTF-8 (invalid bytes replaced by U+FFFD)`);
        changes.push(text);
      }
    } catch (err) {
      // Reading stopped half-way (e.g. the directory vanished): keep what we have.
      warn(`${displayRel(rel)}: error while listing (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  }
  changes.sort(comparePaths);
  const meta: Record<string, unknown> = { format: 'tree' };
  if (warningCount > 0) {
    meta.warnings = warnings;
    meta.warningCount = warningCount;
  }
  return { source: dir, changes, meta };
}

function displayRel(rel: Buffer): string {
  return rel.length === 0 ? '/' : rel.toString('utf8');
}
