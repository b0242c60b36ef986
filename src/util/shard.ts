/**
 * Deterministic sharding for scale-out: n pods each take the sources whose stable hash falls in
 * their shard, so the split does not depend on listing order or on which other files exist.
 */
import {PraxiError} from '../errors.js';

export interface Shard {
  index: number;
  count: number;
}

/** Parses `i/n` (0-based i). */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new PraxiError(`--shard must look like i/n (e.g. 0/4), got ${JSON.stringify(text)}`, 'USAGE_SHARD');
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1 || index >= count) throw new PraxiError(`--shard ${text}: need 0 <= i < n`, 'USAGE_SHARD');
  return {index, count};
}

/** FNV-1a over the UTF-8 bytes: stable across runs, machines and Node versions. */
export function shardOf(key: string, count: number): number {
  let h = 0x811c9dc5;
  for (const byte of Buffer.from(key, 'utf8')) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % count;
}
