// Byte sources the tar reader pulls from: a stream of chunks (decompressed layers, stdin-like
// inputs) or a file read at positions (uncompressed archives, where skipping member data is a seek
// instead of a read). Both keep memory constant: at most one chunk is held.
import type {FileHandle} from 'node:fs/promises';

export interface ByteSource {
  /** Bytes consumed (read or skipped) so far. */
  readonly position: number;
  /** Up to `n` bytes (fewer only at the end of the data), or a zero-length buffer at the end. */
  read(n: number): Promise<Buffer>;
  /** `n` bytes without an await when they are already buffered contiguously; the hot path for headers. */
  takeSync(n: number): Buffer | undefined;
  /** Skips up to `n` bytes; returns how many were skipped (fewer only at the end). */
  skip(n: number): Promise<number>;
  /** Skips `n` bytes without an await when that needs no I/O; false (nothing skipped) otherwise. */
  skipSync(n: number): boolean;
  /** Yields the next `n` bytes in pieces (fewer at the end); the pieces are only valid until the next call. */
  pieces(n: number): AsyncGenerator<Buffer>;
}

const EMPTY = Buffer.alloc(0);

/** A source over an async iterable of chunks (any sizes). */
export class ChunkSource implements ByteSource {
  position = 0;
  private cur: Buffer = EMPTY;
  private off = 0;
  private done = false;
  private readonly it: AsyncIterator<Uint8Array>;

  constructor(chunks: AsyncIterable<Uint8Array>) {
    this.it = chunks[Symbol.asyncIterator]();
  }

  /** Makes sure some bytes are buffered; false at the end of the data. */
  private async fill(): Promise<boolean> {
    while (this.off >= this.cur.length) {
      if (this.done) return false;
      const r = await this.it.next();
      if (r.done) {
        this.done = true;
        return false;
      }
      const v = r.value;
      this.cur = Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
      this.off = 0;
    }
    return true;
  }

  skipSync(n: number): boolean {
    if (this.cur.length - this.off < n) return false;
    this.off += n;
    this.position += n;
    return true;
  }

  takeSync(n: number): Buffer | undefined {
    if (this.cur.length - this.off < n) return undefined;
    const out = this.cur.subarray(this.off, this.off + n);
    this.off += n;
    this.position += n;
    return out;
  }

  async read(n: number): Promise<Buffer> {
    const fast = this.takeSync(n);
    if (fast) return fast;
    const parts: Buffer[] = [];
    let got = 0;
    while (got < n && (await this.fill())) {
      const take = Math.min(n - got, this.cur.length - this.off);
      // Copy: the chunk may be reused or released once we move past it.
      parts.push(Buffer.from(this.cur.subarray(this.off, this.off + take)));
      this.off += take;
      got += take;
    }
    this.position += got;
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, got);
  }

  async skip(n: number): Promise<number> {
    let left = n;
    while (left > 0 && (await this.fill())) {
      const take = Math.min(left, this.cur.length - this.off);
      this.off += take;
      left -= take;
    }
    this.position += n - left;
    return n - left;
  }

  async *pieces(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0 && (await this.fill())) {
      const take = Math.min(left, this.cur.length - this.off);
      const piece = this.cur.subarray(this.off, this.off + take);
      this.off += take;
      this.position += take;
      left -= take;
      yield piece;
    }
  }

  /** Stops pulling from the underlying iterable (closes streams behind it). */
  async close(): Promise<void> {
    this.done = true;
    await this.it.return?.();
  }
}

/** A source over a file region read at explicit positions: skipping costs nothing. */
export class FileSource implements ByteSource {
  position: number;
  private buf: Buffer;
  private bufStart = 0;
  private bufLen = 0;

  constructor(
    private readonly handle: FileHandle,
    start: number,
    private readonly end: number,
    chunkSize = 256 * 1024,
  ) {
    this.position = start;
    this.buf = Buffer.allocUnsafe(chunkSize);
  }

  private buffered(): number {
    const rel = this.position - this.bufStart;
    return rel >= 0 && rel < this.bufLen ? this.bufLen - rel : 0;
  }

  private async load(): Promise<number> {
    const want = Math.min(this.buf.length, this.end - this.position);
    if (want <= 0) return 0;
    // A fresh buffer: pieces handed out earlier may still be in use by the caller.
    this.buf = Buffer.allocUnsafe(this.buf.length);
    const {bytesRead} = await this.handle.read(this.buf, 0, want, this.position);
    this.bufStart = this.position;
    this.bufLen = bytesRead;
    return bytesRead;
  }

  skipSync(n: number): boolean {
    if (this.end - this.position < n) return false;
    this.position += n; // a seek: nothing to read
    return true;
  }

  takeSync(n: number): Buffer | undefined {
    if (this.buffered() < n) return undefined;
    const rel = this.position - this.bufStart;
    this.position += n;
    return this.buf.subarray(rel, rel + n);
  }

  async read(n: number): Promise<Buffer> {
    const fast = this.takeSync(n);
    if (fast) return fast;
    const parts: Buffer[] = [];
    let got = 0;
    while (got < n) {
      if (this.buffered() === 0 && (await this.load()) === 0) break;
      const rel = this.position - this.bufStart;
      const take = Math.min(n - got, this.bufLen - rel);
      parts.push(this.buf.subarray(rel, rel + take));
      this.position += take;
      got += take;
    }
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts, got);
  }

  async skip(n: number): Promise<number> {
    const take = Math.max(0, Math.min(n, this.end - this.position));
    this.position += take;
    return take;
  }

  async *pieces(n: number): AsyncGenerator<Buffer> {
    let left = n;
    while (left > 0) {
      if (this.buffered() === 0 && (await this.load()) === 0) return;
      const rel = this.position - this.bufStart;
      const take = Math.min(left, this.bufLen - rel);
      this.position += take;
      left -= take;
      yield this.buf.subarray(rel, rel + take);
    }
  }
}
