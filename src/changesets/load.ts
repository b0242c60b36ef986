// Reading input bytes: stdin and files, with read failures as InputErrors naming the input.
import { readFile } from 'node:fs/promises';

import { InputError } from './types.js';

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
