import {randomBytes} from 'node:crypto';
import {open, readdir, rename, stat, unlink, type FileHandle} from 'node:fs/promises';
import {basename, dirname, join} from 'node:path';

import {step} from './steps.js';

/**
 * Writes `data` to `file` so that a reader (or a crash at any moment) sees either the old complete
 * file or the new complete one: temp file in the same directory, fsync, rename, fsync the directory.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await writeAtomic(file, (handle) => handle.writeFile(data));
}

/**
 * Many files written atomically, several at once: each is written and fsynced to a temp file and
 * renamed into place like writeFileAtomic, but the directories' fsyncs (which make the renames
 * durable) happen once per directory in `finish()`. For outputs of a thousand small files (`praxi
 * tag --out`), where one file after another spends most of the run waiting on fsync.
 */
export class AtomicBatch {
  readonly #inFlight = new Set<Promise<void>>();
  /** The write in flight per file: a second write of the same file waits for it, so the last one given wins. */
  readonly #byFile = new Map<string, Promise<void>>();
  readonly #dirs = new Set<string>();
  #error: AtomicBatchError | undefined;

  constructor(readonly concurrency = 16) {}

  /** Starts writing `file`; waits only while `concurrency` writes are in flight. */
  async write(file: string, data: string | Uint8Array): Promise<void> {
    await this.#throwIfFailed();
    while (this.#inFlight.size >= this.concurrency) await Promise.race(this.#inFlight);
    await this.#throwIfFailed();
    const before = this.#byFile.get(file);
    const w = (async () => {
      if (before) await before;
      await writeAtomic(file, (handle) => handle.writeFile(data), {syncDir: false});
      this.#dirs.add(dirname(file));
    })().catch((err: unknown) => void (this.#error ??= new AtomicBatchError(file, err)));
    this.#inFlight.add(w);
    this.#byFile.set(file, w);
    void w.finally(() => {
      this.#inFlight.delete(w);
      if (this.#byFile.get(file) === w) this.#byFile.delete(file);
    });
  }

  /** Waits for every write, then makes the renames durable; throws the first write's error. */
  async finish(): Promise<void> {
    await Promise.all(this.#inFlight);
    await this.#throwIfFailed();
    await Promise.all([...this.#dirs].map(syncDir));
  }

  /** After a failure, lets the other writes end (each removes its temp file) before reporting it. */
  async #throwIfFailed(): Promise<void> {
    if (this.#error === undefined) return;
    await Promise.all(this.#inFlight);
    throw this.#error;
  }
}

/** A write of an AtomicBatch failed (reported at a later write() or at finish()). */
export class AtomicBatchError extends Error {
  constructor(
    readonly file: string,
    override readonly cause: unknown,
  ) {
    super(`cannot write ${file}: ${(cause as Error)?.message ?? String(cause)}`);
  }
}

/**
 * writeFileAtomic for content written by `fill`: through the open handle, or by anything that
 * writes the temp file's path (the native model writer); the handle then makes it durable.
 */
export async function writeAtomic(
  file: string,
  fill: (handle: FileHandle, tmp: string) => Promise<void>,
  options: {syncDir?: boolean} = {},
): Promise<void> {
  const dir = dirname(file);
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx', 0o644);
  step('temp-open', file);
  try {
    await fill(handle, tmp);
    await handle.sync();
    step('temp-synced', file);
  } catch (err) {
    await handle.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await handle.close();
  try {
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  step('renamed', file);
  if (options.syncDir !== false) await syncDir(dir);
}

/** The temp names writeFileAtomic uses: `.NAME.PID.HEX12.tmp`. */
export const ATOMIC_TEMP_PATTERN = /^\..+\.\d+\.[0-9a-f]{12}\.tmp$/;

/**
 * A temp file untouched for this long belongs to a writer that was killed (SIGKILL, OOM, power
 * loss): a live writer finishes one file in far less, and keeps its mtime fresh while writing.
 */
export const STALE_TEMP_MS = 15 * 60 * 1000;

/**
 * Removes the temp files of killed writers from `dir` (only names matching ATOMIC_TEMP_PATTERN, only
 * when older than `maxAgeMs`, so a concurrent writer's temp file is never touched). Best effort:
 * returns the names removed and never throws.
 */
export async function removeStaleTemps(dir: string, maxAgeMs = STALE_TEMP_MS, now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!ATOMIC_TEMP_PATTERN.test(name)) continue;
    const file = join(dir, name);
    try {
      const st = await stat(file);
      if (!st.isFile() || now - st.mtimeMs < maxAgeMs) continue;
      await unlink(file);
      removed.push(name);
    } catch {
      /* gone already, or not ours to remove */
    }
  }
  return removed;
}

async function syncDir(dir: string): Promise<void> {
  // Makes the rename itself durable; some file systems refuse fsync on directories, which is harmless.
  try {
    const h = await open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    /* best effort */
  }
}
