// CLI inputs → an ordered stream of sources. Files are taken as given (any extension: the user
// named them); directories are searched recursively (src/changesets/walk.ts) for every input kind
// praxi reads, listed in plain string order of their paths, so every run sees the same order:
//   changesets `.yaml` `.yml` `.json`, path lists `.txt` `.list`, tag files `.tag` (train, predict,
//   run), and images: `.tar` `.tar.gz` `.tgz` `.tar.zst` `.tzst` files that start like an archive,
//   and image layout directories (`oci-layout` + `index.json`, or `manifest.json`) taken whole.
// Symlinks are followed (a ConfigMap volume or `ln -s` farm is a directory of links), each real file
// and directory once: loops end, and a file reached by several paths is listed under the first.
// Hidden names (starting with `.`: `.git`, a ConfigMap's `..data`) are skipped.

import { stat } from 'node:fs/promises';

import { isImageInput } from '../images/sniff.js';
import { InputError } from './types.js';
import { walkDirectory } from './walk.js';

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

/** One input found in a directory: its path (the directory as the user wrote it + the relative path). */
export interface DirectoryEntry {
  path: string;
  kind: SourceKind;
}

export interface DiscoverOptions {
  /** Also find `*.tag` files in directories (train/predict). Default false. */
  tagFiles?: boolean;
}

const NOT_IMAGES = /\.(ya?ml|json|tag|txt|list)$/i;

export function kindOfPath(path: string): SourceKind {
  return path.toLowerCase().endsWith('.tag') ? 'tagfile' : 'changeset';
}

/** How directories are read, for the commands' `--help` (tagFiles: the command reads .tag files). */
export function directoryHelp(tagFiles: boolean): string {
  return `Directories are searched recursively, in plain string order of the paths, for changesets
(.yaml/.yml/.json), path lists (.txt/.list, one path per line)${tagFiles ? ', Praxi tag files (.tag)' : ''} and images
(.tar/.tar.gz/.tgz/.tar.zst/.tzst archives, OCI or docker-save layout directories). Symlinks are
followed, each real file and directory once (a ConfigMap volume or a directory of ln -s links works);
hidden names such as .git or a ConfigMap's ..data are skipped.`;
}

/** What a directory walk looks for, for messages and `--help`. */
export function directoryKinds(options: DiscoverOptions = {}): string {
  return `.yaml/.yml/.json/.txt/.list${options.tagFiles ? '/.tag' : ''} files or images`;
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
    let found: DirectoryEntry[];
    try {
      const walk = await walkDirectory(input, options);
      found = walk.entries;
      for (const p of walk.problems) yield { type: 'error', error: fsError(p.error, p.path, 'cannot list the directory'), input };
      if (found.length === 0 && walk.problems.length > 0) continue;
    } catch (err) {
      yield { type: 'error', error: fsError(err, input, 'cannot list the directory'), input };
      continue;
    }
    if (found.length === 0) {
      yield { type: 'error', error: new InputError('INPUT_NOT_FOUND', input, `no input files in this directory (looked for ${directoryKinds(options)})`), input };
      continue;
    }
    for (const { path, kind } of found) yield { type: 'source', path, kind, input };
  }
}

/** The input files below `dir` (changesets, path lists, tag files on request; not images), sorted. */
export async function listDirectory(dir: string, options: DiscoverOptions = {}): Promise<string[]> {
  return (await walkDirectory(dir, options)).entries.filter((e) => e.kind !== 'image').map((e) => e.path);
}
