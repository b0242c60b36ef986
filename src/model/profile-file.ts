/**
 * The profile index on disk ("praxi-profile/1"): little-endian sections, each 8-byte aligned so the
 * loader takes typed-array views on the file's buffer instead of parsing — a large index (the
 * bundled Debian model) loads in milliseconds. Every count and index is checked on load; a corrupt
 * or foreign file is refused with PROFILE_CORRUPT, never half-used.
 *
 *   "PRXPROF\0" u32 version=1 u32 reserved
 *   f64 minFraction, plattA, plattB, threshold, cvMicroF1 (NaN = none)
 *   u32 nLabels, nTags, nPostings, pad
 *   strings(labels) strings(tags)          — u32 byteLength, u32 offsets[n+1], UTF-8 bytes, pad
 *                                            (tags sorted by bytes; kept as bytes, never decoded)
 *   f64 weights[nTags], f64 norms[nLabels]
 *   u32 postingStart[nTags+1], u32 postings[nPostings], pad
 *
 * Version 2 is the compact form (large indexes such as the bundled model): the tag strings are
 * replaced by their 64-bit hashes, u32 (high, low) pairs sorted ascending, and weights and norms are
 * not stored but derived on load (weight = ln((labels + 1) / postings of the tag)):
 *
 *   "PRXPROF\0" u32 version=2 u32 reserved, the five f64, u32 nLabels, nTags, nPostings, pad
 *   strings(labels), u32 hashes[2 nTags], u32 postingStart[nTags+1], u32 postings[nPostings], pad
 *
 * Version 3 is version 2 followed by the extras of the bundled model (ProfileExtras: dpkg-record
 * weight, dependency graph, Architecture: all flags):
 *
 *   ...version 2..., f64 recordWeight, f64 missingRecordWeight, u32 nEdges, u32 pad, u32 depStart[nLabels+1], u32 deps[nEdges],
 *   pad, u8 flags[nLabels] (LABEL_ARCH_ALL, LABEL_REQUESTED_ONLY), pad, f64 norms[nLabels]
 *
 * Version 3 stores the labels' norms so that a cold start derives no weight up front: a tag's
 * weight is computed when a changeset first holds it (the bundled model has 1.2 million tags).
 */
import {PraxiError} from '../errors.js';
import {ProfileIndex, RECOMMENDS_EDGE, type ProfileData, type ProfileExtras} from './profile.js';

const MAGIC = Buffer.from('PRXPROF\0', 'latin1');
const VERSION = 1;
const VERSION_COMPACT = 2;
const VERSION_EXTRAS = 3;

class Writer {
  readonly parts: Buffer[] = [];
  length = 0;
  push(b: Buffer): void {
    this.parts.push(b);
    this.length += b.length;
  }
  pad(): void {
    const extra = (8 - (this.length % 8)) % 8;
    if (extra) this.push(Buffer.alloc(extra));
  }
  u32s(values: ArrayLike<number>): void {
    const b = Buffer.alloc(values.length * 4);
    for (let i = 0; i < values.length; i++) b.writeUInt32LE(values[i], i * 4);
    this.push(b);
  }
  f64s(values: ArrayLike<number>): void {
    const b = Buffer.alloc(values.length * 8);
    for (let i = 0; i < values.length; i++) b.writeDoubleLE(values[i], i * 8);
    this.push(b);
  }
  strings(values: readonly string[]): void {
    const encoded = values.map((v) => Buffer.from(v, 'utf8'));
    const offsets = [0];
    for (const e of encoded) offsets.push(offsets[offsets.length - 1] + e.length);
    this.blob(Buffer.concat(encoded), offsets);
  }
  blob(bytes: Buffer, offsets: ArrayLike<number>): void {
    this.u32s([bytes.length]);
    this.u32s(offsets);
    this.push(bytes);
    this.pad();
  }
}

export function serializeProfile(index: ProfileIndex): Buffer {
  const b = index.built;
  const w = new Writer();
  const compact = b.tagHashes !== undefined;
  const nTags = compact ? b.tagHashes!.length / 2 : b.tagOffsets.length - 1;
  w.push(MAGIC);
  if (b.extras && !compact) throw new Error('profile extras are stored with compact (hashed) indexes only');
  w.u32s([b.extras ? VERSION_EXTRAS : compact ? VERSION_COMPACT : VERSION, 0]);
  w.f64s([index.minFraction, index.platt.a, index.platt.b, index.threshold, index.stats.cvMicroF1 ?? Number.NaN]);
  w.u32s([b.labels.length, nTags, b.postings.length, 0]);
  w.strings(b.labels);
  if (compact) {
    w.u32s(b.tagHashes!);  // weights and norms are derived on load
  } else {
    w.blob(b.tagBlob, b.tagOffsets);
    w.f64s(b.weights);
    w.f64s(b.norms);
  }
  w.u32s(b.postingStart);
  w.u32s(b.postings);
  w.pad();
  if (b.extras) {
    const e = b.extras;
    w.f64s([e.recordWeight, e.missingRecordWeight]);
    w.u32s([e.deps.length, 0]);
    w.u32s(e.depStart);
    w.u32s(e.deps);
    w.pad();
    w.push(Buffer.from(e.flags.buffer, e.flags.byteOffset, e.flags.byteLength));
    w.pad();
    w.f64s(b.norms);
  }
  return Buffer.concat(w.parts, w.length);
}

class Reader {
  pos = 0;
  constructor(
    readonly buf: Buffer,
    readonly source: string,
  ) {}
  fail(what: string): never {
    throw new PraxiError(`${this.source}: not a valid praxi profile index (${what} at byte ${this.pos})`, 'PROFILE_CORRUPT', this.source);
  }
  need(n: number): void {
    if (n < 0 || this.pos + n > this.buf.length) this.fail('truncated');
  }
  align(): void {
    this.pos += (8 - (this.pos % 8)) % 8;
  }
  u32(): number {
    this.need(4);
    const v = this.buf.readUInt32LE(this.pos);
    this.pos += 4;
    return v;
  }
  f64(): number {
    this.need(8);
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }
  // Views need aligned absolute offsets; copy when the buffer itself is not 8-aligned in memory.
  u32s(n: number): Uint32Array {
    this.need(n * 4);
    const start = this.buf.byteOffset + this.pos;
    const view = start % 4 === 0 ? new Uint32Array(this.buf.buffer, start, n) : new Uint32Array(Uint8Array.from(this.buf.subarray(this.pos, this.pos + n * 4)).buffer);
    this.pos += n * 4;
    return view;
  }
  f64s(n: number): Float64Array {
    this.need(n * 8);
    const start = this.buf.byteOffset + this.pos;
    const view =
      start % 8 === 0 ? new Float64Array(this.buf.buffer, start, n) : new Float64Array(Uint8Array.from(this.buf.subarray(this.pos, this.pos + n * 8)).buffer);
    this.pos += n * 8;
    return view;
  }
  blob(n: number): {bytes: Buffer; offsets: Uint32Array} {
    const length = this.u32();
    const offsets = this.u32s(n + 1);
    this.need(length);
    if (offsets[0] !== 0 || offsets[n] !== length) this.fail('string table offsets');
    for (let i = 0; i < n; i++) if (offsets[i + 1] < offsets[i]) this.fail('string table offsets');
    const bytes = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    this.align();
    return {bytes, offsets};
  }
  strings(n: number): string[] {
    const {bytes, offsets} = this.blob(n);
    const out = new Array<string>(n);
    for (let i = 0; i < n; i++) out[i] = bytes.toString('utf8', offsets[i], offsets[i + 1]);
    return out;
  }
}

/**
 * `verified`: the bytes matched the sha256 their manifest recorded (praxi wrote them exactly so),
 * so the whole-file structural checks, which a cold start would pay for on every run, are skipped;
 * sizes and offsets are still checked.
 */
export function deserializeProfile(buf: Buffer, source: string, options: {verified?: boolean} = {}): ProfileIndex {
  const r = new Reader(buf, source);
  r.need(8);
  if (!buf.subarray(0, 8).equals(MAGIC)) r.fail('wrong magic');
  r.pos = 8;
  const version = r.u32();
  if (version !== VERSION && version !== VERSION_COMPACT && version !== VERSION_EXTRAS) {
    throw new PraxiError(`${source}: profile index version ${version} is not supported (this praxi reads versions ${VERSION} to ${VERSION_EXTRAS})`, 'PROFILE_VERSION', source);
  }
  r.u32();
  const [minFraction, a, b, threshold, cv] = [r.f64(), r.f64(), r.f64(), r.f64(), r.f64()];
  const nLabels = r.u32();
  const nTags = r.u32();
  const nPostings = r.u32();
  r.u32();
  // Sizes must fit in what is left before anything is allocated for them.
  const minimum = version !== VERSION ? nLabels * 4 + nTags * 12 + nPostings * 4 : nLabels * 12 + nTags * 16 + nPostings * 4;
  if (minimum > buf.length) r.fail('section sizes larger than the file');
  const labels = r.strings(nLabels);
  if (version !== VERSION) return readCompact(r, {minFraction, platt: {a, b}, threshold, cv}, labels, nTags, nPostings, version === VERSION_EXTRAS, options.verified === true);
  const tags = r.blob(nTags);
  const weights = r.f64s(nTags);
  const norms = r.f64s(nLabels);
  const postingStart = r.u32s(nTags + 1);
  const postings = r.u32s(nPostings);
  r.align();
  if (r.pos !== buf.length) r.fail('trailing bytes');
  checkPostings(r, postingStart, postings, nTags, nLabels);
  for (const v of [minFraction, a, b, threshold]) if (!Number.isFinite(v)) r.fail('non-finite parameter');
  for (let i = 0; i < nTags; i++) if (!Number.isFinite(weights[i])) r.fail('non-finite weight');
  const data: ProfileData = {labels, tagBlob: tags.bytes, tagOffsets: tags.offsets, weights, postingStart, postings, norms};
  return new ProfileIndex(data, {minFraction, platt: {a, b}, threshold, ...(Number.isNaN(cv) ? {} : {cvMicroF1: cv})});
}

function checkPostings(r: Reader, postingStart: Uint32Array, postings: Uint32Array, nTags: number, nLabels: number): void {
  if (postingStart[0] !== 0 || postingStart[nTags] !== postings.length) r.fail('posting offsets');
  for (let i = 0; i < nTags; i++) if (postingStart[i + 1] < postingStart[i]) r.fail('posting offsets');
  for (let i = 0; i < postings.length; i++) if (postings[i] >= nLabels) r.fail('posting label out of range');
}

function readCompact(
  r: Reader,
  p: {minFraction: number; platt: {a: number; b: number}; threshold: number; cv: number},
  labels: string[],
  nTags: number,
  nPostings: number,
  withExtras: boolean,
  trusted: boolean,
): ProfileIndex {
  const tagHashes = r.u32s(2 * nTags);
  const postingStart = r.u32s(nTags + 1);
  const postings = r.u32s(nPostings);
  r.align();
  const extras = withExtras ? readExtras(r, labels.length, trusted) : undefined;
  const storedNorms = withExtras ? r.f64s(labels.length) : undefined;
  if (r.pos !== r.buf.length) r.fail('trailing bytes');
  for (const v of [p.minFraction, p.platt.a, p.platt.b, p.threshold]) if (!Number.isFinite(v)) r.fail('non-finite parameter');
  if (!trusted) {
    for (let i = 2; i < 2 * nTags; i += 2) {
      if (tagHashes[i] < tagHashes[i - 2] || (tagHashes[i] === tagHashes[i - 2] && tagHashes[i + 1] <= tagHashes[i - 1])) r.fail('tag hashes not sorted');
    }
    checkPostings(r, postingStart, postings, nTags, labels.length);
  }
  // Version 3: weights are derived when first needed (0 = not yet; a real weight is > 0).
  const weights = new Float64Array(nTags);
  let norms: Float64Array;
  if (storedNorms) {
    norms = storedNorms;
    if (!trusted) for (let i = 0; i < labels.length; i++) if (!(norms[i] >= 0) || !Number.isFinite(norms[i])) r.fail('invalid norm');
  } else {
    norms = new Float64Array(labels.length);
    // Tags have few postings each: one log per distinct count, not per tag.
    const logOf = new Map<number, number>();
    for (let i = 0; i < nTags; i++) {
      const df = postingStart[i + 1] - postingStart[i];
      let w = logOf.get(df);
      if (w === undefined) logOf.set(df, (w = df > 0 ? Math.log((labels.length + 1) / df) : 0));
      weights[i] = w;
      for (let q = postingStart[i]; q < postingStart[i + 1]; q++) norms[postings[q]] += w;
    }
  }
  const data: ProfileData = {labels, tagBlob: Buffer.alloc(0), tagOffsets: new Uint32Array(1), tagHashes, weights, postingStart, postings, norms, ...(extras ? {extras} : {})};
  return new ProfileIndex(data, {minFraction: p.minFraction, platt: p.platt, threshold: p.threshold, ...(Number.isNaN(p.cv) ? {} : {cvMicroF1: p.cv})});
}

function readExtras(r: Reader, nLabels: number, trusted: boolean): ProfileExtras {
  const recordWeight = r.f64();
  const missingRecordWeight = r.f64();
  if (!Number.isFinite(recordWeight) || !Number.isFinite(missingRecordWeight)) r.fail('non-finite record weight');
  const nEdges = r.u32();
  r.u32();
  if (nEdges * 4 + nLabels * 5 > r.buf.length - r.pos) r.fail('dependency graph larger than the file');
  const depStart = r.u32s(nLabels + 1);
  const deps = r.u32s(nEdges);
  r.align();
  if (depStart[0] !== 0 || depStart[nLabels] !== nEdges) r.fail('dependency offsets');
  for (let i = 0; i < nLabels; i++) if (depStart[i + 1] < depStart[i]) r.fail('dependency offsets');
  if (!trusted) for (let i = 0; i < nEdges; i++) if ((deps[i] & ~RECOMMENDS_EDGE) >>> 0 >= nLabels) r.fail('dependency label out of range');
  r.need(nLabels);
  const flags = r.buf.subarray(r.pos, r.pos + nLabels);
  r.pos += nLabels;
  r.align();
  return {recordWeight, missingRecordWeight, depStart, deps, flags: new Uint8Array(flags.buffer, flags.byteOffset, flags.length)};
}
