/**
 * Presence detection by tag profiles: a package is judged present when the tags its installs
 * always produce are (mostly) present in the changeset. Positive evidence only, so other packages
 * installed alongside cannot push a present package below the threshold — the weakness of a
 * one-against-all linear model when nobody says how many packages there are.
 *
 * profile(L) = tags seen in at least `minFraction` of the training changesets labelled L;
 * weight(t)  = ln((labels + 1) / number of profiles containing t)   (rare tags say more);
 * coverage(x, L) = Σ weight(t) for t in profile(L) ∩ tags(x)  /  Σ weight(t) for t in profile(L).
 * Coverage becomes a probability by Platt scaling fitted on cross-validated training data, and the
 * decision threshold is the one that maximised micro-F1 there: no k is needed at prediction time.
 */
import {bestF1Threshold, fitLogistic, fitPlatt, plattProbability, type Platt} from './calibration.js';
import {rng} from '../util/random.js';

export interface ProfileExample {
  /** Tag names (without counts). */
  tags: readonly string[];
  labels: readonly string[];
}

export interface ProfileTrainOptions {
  /** A tag joins a label's profile when present in at least this fraction of its changesets. */
  minFraction?: number;
  /** Keep at most this many (rarest) tags per label, to bound the index size. */
  maxTagsPerLabel?: number;
  /** Cross-validation folds for calibration (0 or 1: no calibration, threshold 0.5 on coverage). */
  folds?: number;
  seed?: number;
}

export interface LabelScore {
  label: string;
  /** Calibrated probability that the label is present. */
  score: number;
  /** Raw weighted coverage of the label's profile. */
  coverage: number;
  /** dpkg's records of this package are in the changeset (models with extras). */
  record?: boolean;
}

export interface ProfileStats {
  labels: number;
  tags: number;
  postings: number;
  cvMicroF1?: number;
}

/**
 * What the bundled Debian model knows beyond tag profiles (praxi-profile/3):
 * - dpkg's own records: a changeset holding `/var/lib/dpkg/info/<name>[:arch].list` (or `.md5sums`)
 *   shows, through its Columbus tags `<name>.lis` / `<name>.md5sum`, that dpkg installed <name>;
 *   that evidence enters the calibrated probability with its own learned weight;
 * - the dependency graph: the labels each label's Depends/Pre-Depends (and Recommends, flagged)
 *   pull in, through packages that are not labels, to tell requested packages from dependencies;
 * - per-label flags: `Architecture: all` (package URLs name the architecture), and labels reported
 *   only as requested (metapackages: no software of their own, named when a person asked for them).
 */
export interface ProfileExtras {
  /** Logistic weight of a label's dpkg record being in the changeset. */
  recordWeight: number;
  /**
   * Weight of the record being absent from a changeset that holds other packages' records: dpkg
   * writes one for every package it installs, so there its absence says the package was not.
   */
  missingRecordWeight: number;
  /** Edges of label i: deps[depStart[i] .. depStart[i+1]), label index | RECOMMENDS_EDGE. */
  depStart: Uint32Array;
  deps: Uint32Array;
  /** LABEL_ARCH_ALL | LABEL_REQUESTED_ONLY per label. */
  flags: Uint8Array;
}

export const LABEL_ARCH_ALL = 1;
/** A metapackage: evidence is its dpkg record alone, and it is reported only when requested. */
export const LABEL_REQUESTED_ONLY = 2;

/** Flag on a dependency edge: pulled in by Recommends (apt's default), not Depends. */
export const RECOMMENDS_EDGE = 0x80000000;

interface Built {
  labels: string[];
  /** Profile tags, UTF-8, sorted by bytes: tag i is tagBlob[tagOffsets[i] .. tagOffsets[i+1]). */
  tagBlob: Buffer;
  tagOffsets: Uint32Array;
  /**
   * Instead of the strings (a compact index, e.g. the bundled model): 64-bit hashes of the tags as
   * (high, low) u32 pairs sorted ascending; tag i is the i-th pair. tagBlob is then empty.
   */
  tagHashes?: Uint32Array;
  weights: Float64Array;
  postingStart: Uint32Array;  // tags.length + 1
  postings: Uint32Array;
  norms: Float64Array;
  extras?: ProfileExtras;
}

/**
 * How often each item appears in each label's changesets. Cross-validation builds profiles once per
 * fold: the counts are taken once and each fold's held-out changesets subtracted and added back.
 */
class ProfileCounts {
  readonly #perLabel = new Map<string, {n: number; counts: Map<string, number>}>();
  readonly #examples: readonly ProfileExample[];

  constructor(examples: readonly ProfileExample[]) {
    this.#examples = examples;
    for (const ex of examples) this.#add(ex, 1);
  }

  #add(ex: ProfileExample, delta: 1 | -1): void {
    const tags = new Set(ex.tags);
    for (const label of new Set(ex.labels)) {
      let e = this.#perLabel.get(label);
      if (!e) this.#perLabel.set(label, (e = {n: 0, counts: new Map()}));
      e.n += delta;
      for (const t of tags) e.counts.set(t, (e.counts.get(t) ?? 0) + delta);
    }
  }

  build(minFraction: number, maxTagsPerLabel: number): Built {
    const labels = [...this.#perLabel].filter(([, e]) => e.n > 0).map(([l]) => l).sort();
    const chosen = labels.map((label) => {
      const {n, counts} = this.#perLabel.get(label)!;
      const need = Math.max(1, Math.ceil(minFraction * n - 1e-9));
      return [...counts].filter(([, c]) => c >= need).map(([t]) => t);
    });
    return profileIndexFromProfiles(new Map(labels.map((l, li) => [l, chosen[li]])), {minFraction, maxTagsPerLabel}).built;
  }

  /** Profiles of every changeset but those at `heldOut` (indexes into the examples). */
  buildWithout(heldOut: readonly number[], minFraction: number, maxTagsPerLabel: number): Built {
    for (const i of heldOut) this.#add(this.#examples[i], -1);
    try {
      return this.build(minFraction, maxTagsPerLabel);
    } finally {
      for (const i of heldOut) this.#add(this.#examples[i], 1);
    }
  }
}

function tagCount(b: Built): number {
  return b.tagHashes ? b.tagHashes.length / 2 : b.tagOffsets.length - 1;
}

/**
 * 64-bit tag hash for compact indexes: FNV-1a and a murmur-style hash (two independent 32-bit
 * halves) over the UTF-8 bytes. With 1.5 M tags the chance that a tag not in the index matches one
 * is about 1e-13 per lookup.
 */
export function tagHash(tag: string): [number, number] {
  const bytes = Buffer.from(tag, 'utf8');
  let a = 0x811c9dc5;
  let b = 0x9747b28c ^ bytes.length;
  for (let i = 0; i < bytes.length; i++) {
    a = Math.imul(a ^ bytes[i], 0x01000193);
    b = Math.imul(b ^ bytes[i], 0x5bd1e995);
    b ^= b >>> 15;
  }
  b = Math.imul(b ^ (b >>> 13), 0x5bd1e995);
  b ^= b >>> 15;
  return [a >>> 0, b >>> 0];
}

function hashLookup(hashes: Uint32Array): (tag: string) => number {
  return (tag) => {
    const [h, l] = tagHash(tag);
    let lo = 0;
    let hi = hashes.length / 2 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const mh = hashes[2 * mid];
      const ml = hashes[2 * mid + 1];
      if (mh === h && ml === l) return mid;
      if (mh < h || (mh === h && ml < l)) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  };
}

/**
 * The same index with tags stored as hashes, sorted by hash (postings reordered to match): about
 * a third of the size for large vocabularies, at the price of not being able to list a profile.
 */
export function hashedIndex(index: ProfileIndex): ProfileIndex {
  const b = index.built;
  if (b.tagHashes) return index;
  const n = tagCount(b);
  const keyed = Array.from({length: n}, (_, i) => ({i, h: tagHash(b.tagBlob.toString('utf8', b.tagOffsets[i], b.tagOffsets[i + 1]))}));
  keyed.sort((x, y) => x.h[0] - y.h[0] || x.h[1] - y.h[1]);
  for (let k = 1; k < n; k++) {
    if (keyed[k].h[0] === keyed[k - 1].h[0] && keyed[k].h[1] === keyed[k - 1].h[1]) {
      throw new Error('two tags share a 64-bit hash; keep this index with tag strings');
    }
  }
  const tagHashes = new Uint32Array(2 * n);
  const weights = new Float64Array(n);
  const postingStart = new Uint32Array(n + 1);
  const postings = new Uint32Array(b.postings.length);
  keyed.forEach(({i, h}, k) => {
    tagHashes[2 * k] = h[0];
    tagHashes[2 * k + 1] = h[1];
    weights[k] = b.weights[i];
    const from = b.postingStart[i];
    const to = b.postingStart[i + 1];
    postings.set(b.postings.subarray(from, to), postingStart[k]);
    postingStart[k + 1] = postingStart[k] + (to - from);
  });
  const built: Built = {labels: b.labels, tagBlob: Buffer.alloc(0), tagOffsets: new Uint32Array(1), tagHashes, weights, postingStart, postings, norms: b.norms, ...(b.extras ? {extras: b.extras} : {})};
  return new ProfileIndex(built, {minFraction: index.minFraction, platt: index.platt, threshold: index.threshold, ...(index.stats.cvMicroF1 !== undefined ? {cvMicroF1: index.stats.cvMicroF1} : {})});
}

/** Weight of tag i; loaded version-3 indexes derive it when a changeset first holds the tag. */
function tagWeight(b: Built, i: number): number {
  let w = b.weights[i];
  if (w === 0) {
    const df = b.postingStart[i + 1] - b.postingStart[i];
    if (df > 0) w = b.weights[i] = Math.log((b.labels.length + 1) / df);
  }
  return w;
}

/** Sparse coverages of one changeset: label index → coverage, only for labels with any overlap. */
function coverages(b: Built, lookup: (tag: string) => number, tags: Iterable<string>): Map<number, number> {
  const acc = new Map<number, number>();
  for (const t of tags) {
    const i = lookup(t);
    if (i < 0) continue;
    const w = tagWeight(b, i);
    for (let p = b.postingStart[i]; p < b.postingStart[i + 1]; p++) acc.set(b.postings[p], (acc.get(b.postings[p]) ?? 0) + w);
  }
  for (const [li, s] of acc) acc.set(li, b.norms[li] > 0 ? s / b.norms[li] : 0);
  return acc;
}

/** Binary search over the sorted tag bytes: a loaded index needs no hash map or string decoding. */
function blobLookup(b: Built): (tag: string) => number {
  return (tag) => {
    const k = Buffer.from(tag, 'utf8');
    let lo = 0;
    let hi = tagCount(b) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const c = b.tagBlob.compare(k, 0, k.length, b.tagOffsets[mid], b.tagOffsets[mid + 1]);
      if (c === 0) return mid;
      if (c < 0) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  };
}

/** With at least this many multi-label training changesets, only those calibrate the threshold. */
export const MIN_MULTI_LABEL_EXAMPLES = 20;

/**
 * The held-out changesets a multi-label threshold is chosen on. A multi-label model judges
 * changesets of several installs, and single-label ones pull the threshold toward "one label per
 * changeset": when the training data has enough multi-label changesets only those are used;
 * otherwise several single-label ones are merged (2–4 at a time, their tags and labels united), as
 * installs recorded together would look.
 */
export function calibrationExamples(heldOut: readonly ProfileExample[], multiShaped: boolean, r: () => number): ProfileExample[] {
  if (multiShaped) return heldOut.filter((ex) => new Set(ex.labels).size >= 2);
  const out: ProfileExample[] = [];
  for (let i = 0; i + 1 < heldOut.length; ) {
    const group = heldOut.slice(i, i + 2 + Math.floor(r() * 3));
    i += group.length;
    if (group.length < 2) break;
    out.push({tags: [...new Set(group.flatMap((ex) => ex.tags))], labels: [...new Set(group.flatMap((ex) => ex.labels))]});
  }
  return out.length > 0 ? out : [...heldOut];
}

export class ProfileIndex {
  readonly labels: readonly string[];
  readonly minFraction: number;
  readonly platt: Platt;
  readonly threshold: number;
  readonly stats: ProfileStats;
  readonly #built: Built;
  #lookup: (tag: string) => number;

  constructor(built: Built, options: {minFraction: number; platt: Platt; threshold: number; cvMicroF1?: number}) {
    this.#built = built;
    this.labels = built.labels;
    this.minFraction = options.minFraction;
    this.platt = options.platt;
    this.threshold = options.threshold;
    this.#lookup = built.tagHashes ? hashLookup(built.tagHashes) : blobLookup(built);
    this.stats = {labels: built.labels.length, tags: tagCount(built), postings: built.postings.length, ...(options.cvMicroF1 !== undefined ? {cvMicroF1: options.cvMicroF1} : {})};
  }

  static train(examples: readonly ProfileExample[], options: ProfileTrainOptions = {}): ProfileIndex {
    const minFraction = options.minFraction ?? 0.5;
    const folds = options.folds ?? 5;
    const maxTags = options.maxTagsPerLabel ?? Infinity;
    const counts = new ProfileCounts(examples);
    const built = counts.build(minFraction, maxTags);
    if (folds < 2 || examples.length < folds) {
      return new ProfileIndex(built, {minFraction, platt: {a: 12, b: -6}, threshold: 0.5});
    }
    // Cross-validation: every example scored by profiles built without it (round-robin after a
    // seeded shuffle, as Praxi assigned multi-label folds).
    const order = examples.map((_, i) => i);
    const r = rng(options.seed ?? 1);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    // Platt is fitted on every scored pair; the threshold on the pairs not always reported.
    const allScores: number[] = [];
    const allTruth: boolean[] = [];
    const scores: number[] = [];
    const truth: boolean[] = [];
    let missed = 0;
    // A changeset is the install of at least one package: its best label is always reported.
    const always = {tp: 0, fp: 0};
    const multiShaped = examples.filter((ex) => new Set(ex.labels).size >= 2).length >= MIN_MULTI_LABEL_EXAMPLES;
    for (let f = 0; f < folds; f++) {
      const heldOut = order.filter((_, k) => k % folds === f);
      const test = calibrationExamples(heldOut.map((i) => examples[i]), multiShaped, r);
      const b = counts.buildWithout(heldOut, minFraction, maxTags);
      const lookup = blobLookup(b);
      const labelIndex = new Map(b.labels.map((l, i) => [l, i]));
      for (const ex of test) {
        const want = new Set(ex.labels);
        const cov = coverages(b, lookup, new Set(ex.tags));
        let top = -1;
        for (const [li, s] of cov) if (top < 0 || s > cov.get(top)! || (s === cov.get(top)! && li < top)) top = li;
        for (const [li, s] of cov) {
          allScores.push(s);
          allTruth.push(want.has(b.labels[li]));
          if (li === top) {
            if (want.has(b.labels[li])) always.tp++;
            else always.fp++;
            continue;
          }
          scores.push(s);
          truth.push(want.has(b.labels[li]));
        }
        for (const l of want) {
          const li = labelIndex.get(l);
          if (li === undefined || !cov.has(li)) missed++;
        }
      }
    }
    const platt = fitPlatt(allScores, allTruth);
    const probs = scores.map((s) => plattProbability(platt, s));
    const best = bestF1Threshold(probs, truth, missed, always);
    return new ProfileIndex(built, {minFraction, platt, threshold: best.threshold, cvMicroF1: best.f1});
  }

  /** Each overlapping label's raw coverage (labels without overlap are absent): no probabilities, no sorting. */
  coverages(tags: Iterable<string>): Map<string, number> {
    const out = new Map<string, number>();
    for (const [li, c] of coverages(this.#built, this.#lookup, tags)) out.set(this.labels[li], c);
    return out;
  }

  /**
   * Every label with any overlap (or dpkg record), best first, with calibrated probabilities.
   * `records: false` for tags that cannot hold dpkg's records (a root read without its database):
   * a `NAME.list` elsewhere (/etc/apt/sources.list.d/...) is then not taken for one.
   */
  scores(tags: Iterable<string>, options: {records?: boolean} = {}): LabelScore[] {
    const list = Array.isArray(tags) ? (tags as string[]) : [...tags];
    const cov = coverages(this.#built, this.#lookup, list);
    const extras = this.#built.extras;
    const out: LabelScore[] = [];
    if (!extras) {
      for (const [li, c] of cov) out.push({label: this.labels[li], score: this.probability(c), coverage: c});
    } else {
      const records = options.records === false ? new Set<number>() : this.recordedLabels(list);
      for (const li of records) if (!cov.has(li)) cov.set(li, 0);
      const recordsSeen = records.size > 0;
      for (const [li, c] of cov) {
        const record = records.has(li);
        out.push({label: this.labels[li], score: this.probability(c, {record, recordsSeen}), coverage: c, record});
      }
    }
    out.sort((x, y) => y.score - x.score || (x.label < y.label ? -1 : 1));
    return out;
  }

  /**
   * Labels whose dpkg records are among the tags: `<name>.list` / `<name>.md5sums` under
   * /var/lib/dpkg/info give the tags `<name>.lis` / `<name>.md5sum` (Columbus drops the `:` of
   * `name:amd64`, so multi-arch records end in the architecture).
   */
  recordedLabels(tags: Iterable<string>): Set<number> {
    const out = new Set<number>();
    for (const t of tags) {
      const stem = t.endsWith('.lis') ? t.slice(0, -4) : t.endsWith('.md5sum') ? t.slice(0, -7) : undefined;
      if (stem === undefined) continue;
      let li = this.#labelIndex(stem);
      if (li < 0) {
        const arch = /(amd64|i386|all)$/.exec(stem);
        if (arch) li = this.#labelIndex(stem.slice(0, -arch[1].length));
      }
      if (li >= 0) out.add(li);
    }
    return out;
  }

  /**
   * The calibrated probability of a label with this coverage: p = σ(a·coverage + r·record +
   * m·(records seen, not this one's) + b). `record`: the label's dpkg record is among the tags;
   * `recordsSeen`: some label's is. Both weigh only in indexes with extras (records learnt).
   */
  probability(coverage: number, evidence: {record?: boolean; recordsSeen?: boolean} = {}): number {
    const e = this.#built.extras;
    const z = this.platt.a * coverage + this.platt.b + (e ? (evidence.record ? e.recordWeight : evidence.recordsSeen ? e.missingRecordWeight : 0) : 0);
    return 1 / (1 + Math.exp(-z));
  }

  /** Scores computed by another calibration of the same index, recalibrated with this one's. */
  rescore(scored: readonly LabelScore[]): LabelScore[] {
    const recordsSeen = scored.some((s) => s.record);
    const out = scored.map((s) => ({...s, score: this.probability(s.coverage, {record: s.record === true, recordsSeen})}));
    out.sort((x, y) => y.score - x.score || (x.label < y.label ? -1 : 1));
    return out;
  }

  /**
   * Labels another of them explains: for each of `labels`, a label among them whose profile holds
   * at least `share` of the weight of its matched tags (its profile's tags among `tags`) and that
   * matches more weight in all. A package whose profile is (nearly) a subset of a present one's — a
   * multilib or older-version twin, a cross-compiler variant, a plugin — matches only tags the
   * present one explains. Labels are taken by matched weight, heaviest first, and a label explained
   * by another explains nothing. Returns explained label → the label that explains it.
   */
  explainedBy(tags: Iterable<string>, labels: readonly string[], share = 0.95): Map<string, string> {
    const b = this.#built;
    const position = new Map<number, number>();
    labels.forEach((l, k) => {
      const li = this.#labelIndex(l);
      if (li >= 0) position.set(li, k);
    });
    const matched: number[][] = labels.map(() => []);
    const total = new Float64Array(labels.length);
    for (const t of new Set(tags)) {
      const i = this.#lookup(t);
      if (i < 0) continue;
      for (let p = b.postingStart[i]; p < b.postingStart[i + 1]; p++) {
        const k = position.get(b.postings[p]);
        if (k === undefined) continue;
        matched[k].push(i);
        total[k] += tagWeight(b, i);
      }
    }
    const order = labels.map((_, k) => k).sort((x, y) => total[y] - total[x] || x - y);
    const kept = new Set<number>();
    const out = new Map<string, string>();
    for (const k of order) {
      const shared = new Map<number, number>();
      for (const i of matched[k]) {
        const w = tagWeight(b, i);
        for (let p = b.postingStart[i]; p < b.postingStart[i + 1]; p++) {
          const li = b.postings[p];
          if (kept.has(li)) shared.set(li, (shared.get(li) ?? 0) + w);
        }
      }
      let by = -1;
      for (const [li, w] of shared) {
        if (w >= share * total[k] && total[position.get(li)!] > total[k] && (by < 0 || w > shared.get(by)!)) by = li;
      }
      if (by >= 0) out.set(labels[k], this.labels[by]);
      else if (total[k] > 0) kept.add(this.#labelIndex(labels[k]));
    }
    return out;
  }

  /**
   * Looks tags up in a hash map instead of the sorted bytes: for scoring many changesets in one
   * process (model builds, evaluations), where building the map once pays off. Indexes with tag
   * strings only.
   */
  withTagMap(): this {
    const b = this.#built;
    if (b.tagHashes) return this;
    const map = new Map<string, number>();
    for (let i = 0; i < tagCount(b); i++) map.set(b.tagBlob.toString('utf8', b.tagOffsets[i], b.tagOffsets[i + 1]), i);
    this.#lookup = (tag) => map.get(tag) ?? -1;
    return this;
  }

  /** The dependency graph and per-label facts of models built with them (the bundled model). */
  get extras(): ProfileExtras | undefined {
    return this.#built.extras;
  }

  /** Index of a label, or -1. */
  labelIndex(label: string): number {
    return this.#labelIndex(label);
  }

  /** Labels judged present: calibrated probability >= threshold (the trained one unless given). */
  present(tags: Iterable<string>, threshold = this.threshold): LabelScore[] {
    return this.scores(tags).filter((s) => s.score >= threshold);
  }

  /** The profile of one label. Compact (hashed) indexes cannot list it: see `profileHas`. */
  profileOf(label: string): string[] {
    const li = this.#labelIndex(label);
    if (li < 0) return [];
    const b = this.#built;
    if (b.tagHashes) throw new Error('a compact (hashed) profile index cannot list profiles');
    const out: string[] = [];
    for (let i = 0; i < tagCount(b); i++) {
      for (let p = b.postingStart[i]; p < b.postingStart[i + 1]; p++) {
        if (b.postings[p] === li) out.push(b.tagBlob.toString('utf8', b.tagOffsets[i], b.tagOffsets[i + 1]));
      }
    }
    return out;
  }

  /** The tags among `tags` that are in `label`'s profile, in the order given (evidence). */
  profileHas(label: string, tags: readonly string[]): string[] {
    const li = this.#labelIndex(label);
    if (li < 0) return [];
    const b = this.#built;
    return tags.filter((t) => {
      const i = this.#lookup(t);
      if (i < 0) return false;
      for (let p = b.postingStart[i]; p < b.postingStart[i + 1]; p++) if (b.postings[p] === li) return true;
      return false;
    });
  }

  #labelIndexes: Map<string, number> | undefined;
  #labelsSorted: boolean | undefined;
  /** Labels are stored sorted: a binary search needs no map of 50,000 names on a cold start. */
  #labelIndex(label: string): number {
    const labels = this.labels;
    this.#labelsSorted ??= labels.every((l, i) => i === 0 || labels[i - 1] < l);
    if (!this.#labelsSorted) {
      this.#labelIndexes ??= new Map(labels.map((l, i) => [l, i]));
      return this.#labelIndexes.get(label) ?? -1;
    }
    let lo = 0;
    let hi = labels.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (labels[mid] === label) return mid;
      if (labels[mid] < label) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  get compact(): boolean {
    return this.#built.tagHashes !== undefined;
  }

  /** @internal for serialization */
  get built(): Built {
    return this.#built;
  }
}

export type {Built as ProfileData};

/** String counts split over several Maps: one Map holds at most 2^24 entries, and candidate
 * profiles over tens of thousands of labels can have more distinct tags than that. */
class ShardedCounts {
  readonly #shards = Array.from({length: 64}, () => new Map<string, number>());
  #shard(t: string): Map<string, number> {
    let h = 0;
    for (let i = 0; i < t.length; i++) h = (Math.imul(h, 31) + t.charCodeAt(i)) | 0;
    return this.#shards[h & 63];
  }
  add(t: string): void {
    const m = this.#shard(t);
    m.set(t, (m.get(t) ?? 0) + 1);
  }
  get(t: string): number {
    return this.#shard(t).get(t) ?? 0;
  }
  *keys(): IterableIterator<string> {
    for (const m of this.#shards) yield* m.keys();
  }
}

/**
 * An index built straight from each label's profile (the tags chosen for it), for label counts
 * where holding every training example at once, or k-fold cross-validation over them, is too
 * costly: the bundled Debian model (scripts/data-debian/) streams its changesets, keeps only
 * each label's candidate tags, and calibrates on separately generated held-out changesets.
 * Same weights and layout as `ProfileIndex.train`, including `maxTagsPerLabel` keeping each
 * label's rarest tags; labels come out sorted. `maxLabelShare` first drops background tags (in
 * more than that share of all profiles). Calibrate with `withCalibration`.
 */
export function profileIndexFromProfiles(
  profiles: ReadonlyMap<string, readonly string[]>,
  options: {minFraction: number; maxTagsPerLabel?: number; maxLabelShare?: number},
): ProfileIndex {
  const labels = [...profiles.keys()].sort();
  let chosen = labels.map((l) => [...new Set(profiles.get(l)!)]);
  const maxTags = options.maxTagsPerLabel ?? Infinity;
  let df = new ShardedCounts();
  for (const list of chosen) for (const t of list) df.add(t);
  if (options.maxLabelShare !== undefined) {
    // Background tags (in the profiles of more than this share of labels) identify nothing, and a
    // profile made only of them would cover every changeset.
    const limit = Math.max(1, options.maxLabelShare * labels.length);
    chosen = chosen.map((list) => list.filter((t) => df.get(t) <= limit));
    df = new ShardedCounts();
    for (const list of chosen) for (const t of list) df.add(t);
  }
  if (Number.isFinite(maxTags)) {
    chosen.forEach((list, li) => {
      if (list.length <= maxTags) return;
      const ranked = list.map((t) => ({t, n: df.get(t)}));
      ranked.sort((a, b) => a.n - b.n || (a.t < b.t ? -1 : 1));
      chosen[li] = ranked.slice(0, maxTags).map((x) => x.t);
    });
    df = new ShardedCounts();
    for (const list of chosen) for (const t of list) df.add(t);
  }
  const tagBytes = [...df.keys()].map((t) => ({t, b: Buffer.from(t, 'utf8')}));
  tagBytes.sort((x, y) => Buffer.compare(x.b, y.b));
  const tagIndex = new Map<string, number>();
  tagBytes.forEach((x, i) => tagIndex.set(x.t, i));
  const nTags = tagBytes.length;
  const tagOffsets = new Uint32Array(nTags + 1);
  for (let i = 0; i < nTags; i++) tagOffsets[i + 1] = tagOffsets[i] + tagBytes[i].b.length;
  const tagBlob = Buffer.concat(tagBytes.map((x) => x.b));
  const postingStart = new Uint32Array(nTags + 1);
  for (let i = 0; i < nTags; i++) postingStart[i + 1] = postingStart[i] + df.get(tagBytes[i].t);
  const postings = new Uint32Array(postingStart[nTags]);
  const fill = postingStart.slice(0, nTags);
  chosen.forEach((list, li) => {
    for (const t of list) postings[fill[tagIndex.get(t)!]++] = li;
  });
  const weights = new Float64Array(nTags);
  const norms = new Float64Array(labels.length);
  for (let i = 0; i < nTags; i++) {
    const w = Math.log((labels.length + 1) / (postingStart[i + 1] - postingStart[i]));
    weights[i] = w;
    for (let p = postingStart[i]; p < postingStart[i + 1]; p++) norms[postings[p]] += w;
  }
  const built: Built = {labels, tagBlob, tagOffsets, weights, postingStart, postings, norms};
  return new ProfileIndex(built, {minFraction: options.minFraction, platt: {a: 12, b: -6}, threshold: 0.5});
}

/**
 * The same index with a Platt scaling and decision threshold fitted on held-out examples
 * (tags, true labels): each is scored, coverages become probabilities, and the threshold is the
 * one that maximised micro-F1 there. Only each example's `top` best-covered labels are used (with
 * tens of thousands of labels nearly all overlaps are weak; a true label outside them counts as
 * missed).
 */
export function withCalibration(index: ProfileIndex, heldOut: readonly ProfileExample[], top = 50): ProfileIndex {
  const scores: number[] = [];
  const truth: boolean[] = [];
  const known = new Set(index.labels);
  let missed = 0;
  for (const ex of heldOut) {
    const want = new Set(ex.labels.filter((l) => known.has(l)));
    const scored = index.scores(ex.tags).slice(0, top);
    for (const s of scored) {
      scores.push(s.coverage);
      truth.push(want.has(s.label));
      want.delete(s.label);
    }
    missed += want.size;
  }
  const platt = fitPlatt(scores, truth);
  const probs = scores.map((s) => plattProbability(platt, s));
  const best = bestF1Threshold(probs, truth, missed);
  return new ProfileIndex(index.built, {minFraction: index.minFraction, platt, threshold: best.threshold, cvMicroF1: best.f1});
}

/** The same index carrying the dependency graph and per-label facts (praxi-profile/3). */
export function withExtras(index: ProfileIndex, extras: ProfileExtras): ProfileIndex {
  return new ProfileIndex({...index.built, extras}, {minFraction: index.minFraction, platt: index.platt, threshold: index.threshold, ...(index.stats.cvMicroF1 !== undefined ? {cvMicroF1: index.stats.cvMicroF1} : {})});
}

/**
 * For an index with extras: fits p = σ(a·coverage + r·record + m·missing record + b) on held-out examples (each
 * example's labels with dpkg records and its `top` best-covered labels), then the micro-F1-optimal
 * threshold, as `withCalibration` does for coverage alone.
 */
export function withRecordCalibration(index: ProfileIndex, heldOut: readonly ProfileExample[], top = 50): ProfileIndex {
  return fitRecordCalibration(index, heldOut.map((ex) => ({scored: index.scores(ex.tags), labels: ex.labels})), top);
}

/**
 * `withRecordCalibration` over examples scored already (coverage and record do not depend on the
 * calibration, so a large held-out set is scored once and reused).
 */
export function fitRecordCalibration(
  index: ProfileIndex,
  examples: readonly {scored: readonly LabelScore[]; labels: readonly string[]}[],
  top = 50,
  options: {alsoWithoutRecords?: boolean} = {},
): ProfileIndex {
  const extras = index.extras;
  if (!extras) throw new Error('record calibration needs an index with extras (withExtras)');
  const cov: number[] = [];
  const rec: number[] = [];
  const gone: number[] = [];
  const truth: boolean[] = [];
  const known = new Set(index.labels);
  let missed = 0;
  for (const ex of examples) {
    const want = new Set(ex.labels.filter((l) => known.has(l)));
    const byCoverage = [...ex.scored].sort((x, y) => y.coverage - x.coverage || (x.label < y.label ? -1 : 1)).slice(0, top);
    const chosen = new Map(byCoverage.map((s) => [s.label, s]));
    for (const s of ex.scored) if (s.record) chosen.set(s.label, s);
    const seen = ex.scored.some((s) => s.record);
    const wanted = want.size;
    for (const s of chosen.values()) {
      cov.push(s.coverage);
      rec.push(s.record ? 1 : 0);
      gone.push(seen && !s.record ? 1 : 0);
      truth.push(want.has(s.label));
      want.delete(s.label);
    }
    missed += want.size;
    // The same changeset without dpkg's records (a distroless image, a root whose database was
    // removed, a recorder that missed them): coverage must carry the decision on its own there.
    if (options.alsoWithoutRecords) {
      for (const s of chosen.values()) {
        if (s.coverage === 0) continue;
        cov.push(s.coverage);
        rec.push(0);
        gone.push(0);
        truth.push(ex.labels.includes(s.label) && known.has(s.label));
      }
      missed += wanted - [...chosen.values()].filter((s) => s.coverage > 0 && known.has(s.label) && ex.labels.includes(s.label)).length;
    }
  }
  const [a, r, m, b] = fitLogistic([cov, rec, gone], truth);
  const probs = cov.map((c, i) => 1 / (1 + Math.exp(-(a * c + r * rec[i] + m * gone[i] + b))));
  const best = bestF1Threshold(probs, truth, missed);
  return new ProfileIndex({...index.built, extras: {...extras, recordWeight: r, missingRecordWeight: m}}, {minFraction: index.minFraction, platt: {a, b}, threshold: best.threshold, cvMicroF1: best.f1});
}
