// Inputs → parsed changesets and tag files, in input order: the one loop every command needs.
import { readFile } from 'node:fs/promises';

import { discoverInputs } from './discover.js';
import type { DiscoverOptions } from './discover.js';
import { parseChangesetFast, parseChangesetFile } from './fast.js';
import { parseTagFile } from './tagfile.js';
import type { TagFile } from './tagfile.js';
import { changesetFromTree } from './tree.js';
import type { Changeset } from './types.js';
import { InputError } from './types.js';

export type LoadedInput =
  | { type: 'changeset'; changeset: Changeset }
  | { type: 'tagfile'; tagfile: TagFile }
  | { type: 'error'; error: InputError };

export interface LoadOptions extends DiscoverOptions {
  /** `--tree DIR` values: each directory tree is one changeset, after the other inputs. */
  trees?: readonly string[];
  /** Where `-` reads from (default process.stdin). */
  stdin?: AsyncIterable<Uint8Array | string>;
}

/** Reads a whole stream (stdin) into one buffer. */
export async function readStream(stream: AsyncIterable<Uint8Array | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** Reads a file's bytes; errors become INPUT_NOT_FOUND / INPUT_UNREADABLE for `path`. */
export async function readInputFile(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new InputError('INPUT_NOT_FOUND', path, 'no such file', { cause: err });
    const why = code === 'EISDIR' ? 'it is a directory' : code ?? String(err);
    throw new InputError('INPUT_UNREADABLE', path, `cannot read the file (${why})`, { cause: err });
  }
}

function asInputError(err: unknown, source: string): InputError {
  if (err instanceof InputError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new InputError('INPUT_UNREADABLE', source, message, { cause: err });
}

/**
 * Every input, parsed, in order (files one at a time: memory stays at one file). Failures are
 * yielded as error items so the caller can go on and exit with code 1 at the end.
 */
export async function* loadInputs(inputs: readonly string[], options: LoadOptions = {}): AsyncGenerator<LoadedInput> {
  for await (const item of discoverInputs(inputs, options)) {
    if (item.type === 'error') {
      yield { type: 'error', error: item.error };
      continue;
    }
    try {
      if (item.path === '-') {
        const bytes = await readStream(options.stdin ?? process.stdin);
        yield { type: 'changeset', changeset: parseChangesetFast(bytes, '-', { format: 'auto' }) };
      } else if (item.kind === 'tagfile') {
        yield { type: 'tagfile', tagfile: parseTagFile(await readInputFile(item.path), item.path) };
      } else {
        yield { type: 'changeset', changeset: parseChangesetFile(await readInputFile(item.path), item.path) };
      }
    } catch (err) {
      yield { type: 'error', error: asInputError(err, item.path) };
    }
  }
  for (const dir of options.trees ?? []) {
    try {
      yield { type: 'changeset', changeset: await changesetFromTree(dir) };
    } catch (err) {
      yield { type: 'error', error: asInputError(err, dir) };
    }
  }
}
