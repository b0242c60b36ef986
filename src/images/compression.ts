// Layer (and archive) compression, detected by magic bytes, never by names or media types (those
// lie: registries serve gzip blobs named `.tar`, and media types are optional in docker save).
// Decompression streams with constant memory: gzip through node:zlib, zstd through node:zlib when
// the runtime has it (Node >= 22.15) and otherwise through fzstd, a pure-JS streaming decoder.
import {Readable} from 'node:stream';
import * as zlib from 'node:zlib';
import {Decompress as ZstdDecompress} from 'fzstd';

import {InputError} from '../changesets/types.js';

export type Compression = 'none' | 'gzip' | 'zstd';

/** zstd's own default limit for decoders (windowLogMax 27); larger windows need `--long` and memory. */
export const MAX_ZSTD_WINDOW = 128 * 1024 * 1024;

/** The compression of a stream whose first bytes are `head` (at least 6 bytes when available). */
export function detectCompression(head: Uint8Array, source: string): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  if (head[0] === 0xfd && head[1] === 0x37 && head[2] === 0x7a && head[3] === 0x58 && head[4] === 0x5a) {
    throw new InputError('IMAGE_FORMAT', source, 'xz-compressed data is not supported (only none, gzip and zstd)');
  }
  if (head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68) {
    throw new InputError('IMAGE_FORMAT', source, 'bzip2-compressed data is not supported (only none, gzip and zstd)');
  }
  return 'none';
}

/** Reads the first `n` bytes of `chunks` and returns them plus an iterable that replays everything. */
export async function peek(chunks: AsyncIterable<Uint8Array>, n: number): Promise<{head: Buffer; all: AsyncIterable<Uint8Array>}> {
  const it = chunks[Symbol.asyncIterator]();
  const seen: Uint8Array[] = [];
  let got = 0;
  let done = false;
  while (got < n) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    seen.push(r.value);
    got += r.value.length;
  }
  const head = Buffer.concat(seen).subarray(0, n);
  async function* replay(): AsyncGenerator<Uint8Array> {
    try {
      yield* seen;
      if (done) return;
      for (;;) {
        const r = await it.next();
        if (r.done) return;
        yield r.value;
      }
    } finally {
      await it.return?.();
    }
  }
  return {head, all: replay()};
}

function streamError(err: unknown, kind: Compression, source: string): InputError {
  if (err instanceof InputError) return err;
  const msg = err instanceof Error ? err.message : String(err);
  return new InputError('IMAGE_CORRUPT', source, `corrupt or truncated ${kind} data (${msg})`, {cause: err});
}

async function* throughZlib(chunks: AsyncIterable<Uint8Array>, z: zlib.Gunzip, kind: Compression, source: string): AsyncGenerator<Buffer> {
  const input = Readable.from(chunks, {objectMode: false});
  input.on('error', (err) => z.destroy(err));
  input.pipe(z);
  try {
    for await (const chunk of z) yield chunk as Buffer;
  } catch (err) {
    throw streamError(err, kind, source);
  } finally {
    input.destroy();
    z.destroy();
  }
}

function zstdWindowSize(head: Uint8Array): number | undefined {
  // Frame header: magic(4) descriptor(1) [window descriptor(1) unless single-segment]...
  if (head.length < 6) return undefined;
  const fhd = head[4]!;
  if (fhd & 0x20) return undefined; // single segment: the window is the content size, checked by the decoder
  const exponent = head[5]! >> 3;
  const base = 2 ** (10 + exponent);
  return base + (base / 8) * (head[5]! & 7);
}

async function* throughFzstd(chunks: AsyncIterable<Uint8Array>, source: string): AsyncGenerator<Buffer> {
  const out: Uint8Array[] = [];
  const d = new ZstdDecompress((data) => {
    out.push(data);
  });
  let first = true;
  try {
    for await (const chunk of chunks) {
      if (first && chunk.length >= 6) {
        first = false;
        const w = zstdWindowSize(chunk);
        if (w !== undefined && w > MAX_ZSTD_WINDOW) {
          throw new InputError('IMAGE_LIMIT', source, `zstd window of ${w} bytes (limit ${MAX_ZSTD_WINDOW})`);
        }
      }
      // Small slices bound the output produced per step (and so the memory held before yielding).
      for (let i = 0; i < chunk.length; i += 16 * 1024) {
        d.push(chunk.subarray(i, Math.min(chunk.length, i + 16 * 1024)));
        while (out.length > 0) {
          const b = out.shift()!;
          yield Buffer.from(b.buffer, b.byteOffset, b.byteLength);
        }
      }
    }
    d.push(new Uint8Array(0), true);
    while (out.length > 0) {
      const b = out.shift()!;
      yield Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    }
  } catch (err) {
    throw streamError(err, 'zstd', source);
  }
}

type ZstdFactory = () => zlib.Gunzip;
const nativeZstd = (zlib as unknown as {createZstdDecompress?: ZstdFactory}).createZstdDecompress;

/** The decompressed bytes of `chunks`; errors become InputError IMAGE_CORRUPT for `source`. */
export function decompress(chunks: AsyncIterable<Uint8Array>, kind: Compression, source: string): AsyncIterable<Uint8Array> {
  switch (kind) {
    case 'none':
      return chunks;
    case 'gzip':
      return throughZlib(chunks, zlib.createGunzip({chunkSize: 128 * 1024}), 'gzip', source);
    case 'zstd':
      return nativeZstd ? throughZlib(chunks, nativeZstd(), 'zstd', source) : throughFzstd(chunks, source);
  }
}

/** Detects the compression of `chunks` and returns the decompressed stream. */
export async function openMaybeCompressed(chunks: AsyncIterable<Uint8Array>, source: string): Promise<{compression: Compression; data: AsyncIterable<Uint8Array>}> {
  const {head, all} = await peek(chunks, 6);
  const compression = detectCompression(head, source);
  return {compression, data: decompress(all, compression, source)};
}
