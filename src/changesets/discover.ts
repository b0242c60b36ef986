// CLI inputs → an ordered stream of sources. Files are taken as given (any extension: the user
// named them); directories are searched recursively for changeset (and, on request, tag) files and
// listed in plain string order of their paths, so every run sees the same order.
//
// Directory walks never leave the directory through a symlink: symlinked directories are not
// descended into, and a symlinked file is taken only when its target lies inside the directory.
// Hidden files and folders (names starting with `.`) are skipped, like `.git`.
import { realpath, stat } from 'node:fs/promises';
import { join, relative, isAbsolute, sep } from 'node:path';
import fg from 'fast-glob';

import { isImageInput } from '../images/sniff.js';
import { InputError } from './types.js';

/** `image`: a docker save / OCI / registry-v2 image (file or directory), read by src/images. */
export type SourceKind = 'changeset' | 'tagfile' | 'image';

export interface DiscoveredSource {
  type: 'source';
  /** File path (directory prefix as the user wrote it) or `-` for stdin. */
  path: string;
  kind: SourceKind;
  /** The CLI input this came from. */
  input: string;
}

export interface DiscoveryError {
  type: 'error';
  error: InputError;
  input: string;
}

export type DiscoveryItem = DiscoveredSource | DiscoveryError;

export interface DiscoverOptions {
  /** Also find `*.tag` files in directories (train/predict). Default false. */
  tagFiles?: boolean;
}

const CHANGESET_EXTENSIONS = ['yaml', 'yml', 'json'];
const NOT_IMAGES = /\.(ya?ml|json|tag|txt|list)$/i;

export function kindOfPath(path: string): SourceKind {
  return path.toLowerCase().endsWith('.tag') ? 'tagfile' : 'changeset';
}

/** Plain string order (UTF-16 code units), as the CLI contract says "sorted path order". */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function fsError(err: unknown, input: string, what: string): InputError {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') {
    return new InputError('INPUT_NOT_FOUND', input, `${what}: no such file or directory`, { cause: err });
  }
  return new InputError('INPUT_UNREADABLE', input, `${what}: ${code ?? String(err)}`, { cause: err });
}

/** Expands CLI inputs, in order; a bad input yields an error item and the others go on. */
export async function* discoverInputs(inputs: readonly string[], options: DiscoverOptions = {}): AsyncGenerator<DiscoveryItem> {
  for (const input of inputs) {
    if (input === '-') {
      yield { type: 'source', path: '-', kind: 'changeset', input };
      continue;
    }
    let isDir: boolean;
    try {
      isDir = (await stat(input)).isDirectory(); // the input itself may be a symlink: the user named it
    } catch (err) {
      yield { type: 'error', error: fsError(err, input, 'cannot open the input'), input };
      continue;
    }
    // Images (issue 7): a directory layout, or an archive recognised by its first bytes. Files
    // with a changeset or tag extension are not sniffed: they are what their name says.
    if (isDir ? await isImageInput(input, true) : !NOT_IMAGES.test(input) && await isImageInput(input, false)) {
      yield { type: 'source', path: input, kind: 'image', input };
      continue;
    }
    if (!isDir) {
      yield { type: 'source', path: input, kind: kindOfPath(input), input };
      continue;
    }
    let files: string[];
    try {
      files = await listDirectory(input, options);
    } catch (err) {
      yield { type: 'error', error: fsError(err, input, 'cannot list the directory'), input };
      continue;
    }
    if (files.length === 0) {
      const wanted = options.tagFiles ? '.yaml/.yml/.json/.tag' : '.yaml/.yml/.json';
      yield { type: 'error', error: new InputError('INPUT_NOT_FOUND', input, `no ${wanted} files in this directory`), input };
      continue;
    }
    for (const path of files) yield { type: 'source', path, kind: kindOfPath(path), input };
  }
}

/** The changeset (and tag) files below `dir`, sorted, with `dir` as the user wrote it as prefix. */
export async function listDirectory(dir: string, options: DiscoverOptions = {}): Promise<string[]> {
  const exts = options.tagFiles ? [...CHANGESET_EXTENSIONS, 'tag'] : CHANGESET_EXTENSIONS;
  const entries = await fg(`**/*.{${exts.join(',')}}`, {
    cwd: dir,
    dot: false,
    onlyFiles: false, // symlinks are judged below, not by fast-glob
    followSymbolicLinks: false,
    objectMode: true,
    caseSensitiveMatch: true,
    suppressErrors: false,
  });
  let realRoot: string | undefined;
  const out: string[] = [];
  for (const entry of entries) {
    const full = join(dir, entry.path);
    if (entry.dirent.isFile()) {
      out.push(full);
    } else if (entry.dirent.isSymbolicLink()) {
      realRoot ??= await realpath(dir);
      if (await symlinkedFileInside(full, realRoot)) out.push(full);
    }
  }
  return out.sort(comparePaths);
}

async function symlinkedFileInside(path: string, realRoot: string): Promise<boolean> {
  try {
    const target = await realpath(path);
    const rel = relative(realRoot, target);
    if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return false;
    return (await stat(target)).isFile();
  } catch {
    return false; // dangling or looping link: not a changeset
  }
}
