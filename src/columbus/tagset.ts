import {isAscii} from 'node:buffer';

import type {RawTagSet} from '../native.js';

/**
 * The tags of one changeset in Columbus order, as the addon returned them: one UTF-8 buffer and
 * two typed arrays. Strings are decoded only when asked for.
 */
export class TagSet {
  readonly #raw: RawTagSet;

  constructor(raw: RawTagSet) {
    this.#raw = raw;
  }

  /** Builds a TagSet from `[tag, count]` pairs (e.g. read from a .tag file). */
  static fromEntries(entries: Iterable<readonly [string, number]>): TagSet {
    const parts: Buffer[] = [];
    const ends: number[] = [];
    const counts: number[] = [];
    let offset = 0;
    for (const [tag, count] of entries) {
      const b = Buffer.from(tag, 'utf8');
      parts.push(b);
      offset += b.length;
      ends.push(offset);
      counts.push(count);
    }
    return new TagSet({text: Buffer.concat(parts), ends: Uint32Array.from(ends), counts: Uint32Array.from(counts)});
  }

  get size(): number {
    return this.#raw.counts.length;
  }

  tag(i: number): string {
    const {text, ends} = this.#raw;
    return text.toString('utf8', i === 0 ? 0 : ends[i - 1], ends[i]);
  }

  count(i: number): number {
    return this.#raw.counts[i];
  }

  *entries(): IterableIterator<[string, number]> {
    for (let i = 0; i < this.size; i++) yield [this.tag(i), this.count(i)];
  }

  /** The tags without counts, in order. */
  names(): string[] {
    const out = new Array<string>(this.size);
    for (let i = 0; i < this.size; i++) out[i] = this.tag(i);
    return out;
  }

  /** Praxi's `"tag:count"` strings, in order. */
  toStrings(): string[] {
    const out = new Array<string>(this.size);
    const {text, ends, counts} = this.#raw;
    // All-ASCII text (the usual case) is decoded once, its byte offsets then being string offsets;
    // a decode per tag costs more than the rest of the --json output.
    if (this.size > 0 && isAscii(text)) {
      const all = text.toString('latin1');
      for (let i = 0; i < this.size; i++) out[i] = `${all.slice(i === 0 ? 0 : ends[i - 1], ends[i])}:${counts[i]}`;
      return out;
    }
    for (let i = 0; i < this.size; i++) out[i] = `${this.tag(i)}:${counts[i]}`;
    return out;
  }
}
