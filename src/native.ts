/**
 * Loads the native addon: build/Release first (a local build), then prebuilds/ (node-gyp-build's
 * order). When nothing loads, one error lists every place tried, why each failed and how to fix it.
 */
import {existsSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

import {PraxiError} from './errors.js';
import {mark} from './util/timings.js';

/** Tags of one changeset as three bulk buffers (see TagSet in columbus/tagset.ts). */
export interface RawTagSet {
  text: Buffer;
  ends: Uint32Array;
  counts: Uint32Array;
}

export interface NativeFilterList {
  readonly size: number;
}

export interface ColumbusNativeOptions {
  threshold: number;
  filter: NativeFilterList | null;
}

/** A changeset's path words: every component, and those naming a directory (tag-set shape). */
export interface RawPathWords {
  all: RawTagSet;
  directories: RawTagSet;
}

export interface NativeTagFileResult {
  tags: RawTagSet;
  /** With `words: true`: the path words of the same changeset (native/features). */
  words?: RawPathWords;
  changes: number;
  label?: string;
  labels?: string[];
  id?: string;
  open_time?: number;
  close_time?: number;
}

/** What a VW model's examples are labelled with (its reduction): --oaa, --csoaa, --multilabel_oaa or none. */
export type VwLabelType = 'simple' | 'multiclass' | 'cost_sensitive' | 'multilabel';

export interface VwTrainOptions {
  /** Passes over the lines (vw --passes; holdout of every 10th example and early stop when > 1). */
  passes: number;
  /** vw --holdout_off: learn from every example in every pass, no early stop. */
  holdoutOff?: boolean;
}

export interface VwTrainResult {
  /** Examples per pass (non-empty lines). */
  examples: number;
  passesUsed: number;
  /** Progressive (predict-then-learn) loss of this call's learned examples; NaN without labeled ones. */
  averageLoss: number;
  /** Best per-pass holdout loss (vw's "average loss = X h"), when examples were held out. */
  holdoutLoss?: number;
  /** Stopped after 3 passes without holdout improvement; the model is the last improving pass's. */
  earlyStopped: boolean;
  /** What vw would warn about (malformed feature text it partly dropped), at most 100. */
  warnings: string[];
}

/**
 * A praxi::vw::Model (native/addon/vw_model.cc). One operation at a time: a call while another runs
 * rejects with code VW_BUSY (src/vw/index.ts queues instead).
 */
export interface NativeVwModel {
  readonly numClasses: number;
  readonly labelType: VwLabelType;
  /** The options string stored in model files, e.g. " --oaa 5". */
  readonly optionsString: string;
  readonly bits: number;
  readonly probabilities: boolean;
  /** Full VW text lines ("3 | tag:1 tag2:4"), parsed on a pool thread; VW_PARSE names the 1-based line. */
  train(lines: string[], options: VwTrainOptions): Promise<VwTrainResult>;
  /** Feature parts of test lines (what follows "| "); n × width row-major (width = numClasses, 1 for simple). */
  predict(featureTexts: string[]): Promise<Float32Array>;
  /** A VW 9 binary model file; predictOnly = --predict_only_model. */
  save(predictOnly?: boolean): Promise<Buffer>;
  /** The same file (full, not predict-only) streamed to `path` without holding it in memory. */
  saveFile(path: string): Promise<void>;
  /** vw --readable_model text. */
  readable(): Promise<string>;
  /** A new model with room for `classes` classes, weights moved to vw's index for that count (VW_ARGS when smaller). */
  withClasses(classes: number): Promise<{model: NativeVwModel; stats: VwRelayoutStats}>;
}

/** What withClasses() did: the class stride (nextpow2 of the count) before and after, slots moved and merged. */
export interface VwRelayoutStats {
  oldInterleave: number;
  newInterleave: number;
  slots: number;
  /** Slots that landed on an already filled one: one hash bit less fits when the stride doubles. */
  merged: number;
}

export interface NativeVwModelClass {
  /** Model options only (e.g. ['--oaa', '5', '-b', '18']); throws VW_ARGS. */
  create(args: string[]): NativeVwModel;
  /** Parses a model file off the main thread; VW_MODEL_CORRUPT / VW_MODEL_VERSION for bad bytes. */
  load(bytes: Uint8Array, args?: string[]): Promise<NativeVwModel>;
  /** Reads the header now and weight blocks on demand (predict only); `identity` = the opened file. */
  openFile(path: string, args?: string[]): Promise<{model: NativeVwModel; identity: NativeFileIdentity}>;
}

/** What a file was when the addon opened it (decimal strings: exact 64-bit values). */
export interface NativeFileIdentity {
  dev: string;
  ino: string;
  size: string;
  mtimeNs: string;
  ctimeNs: string;
}

export interface VwRunResult {
  exitCode: number;
  /** Everything the engine wrote to stderr. */
  stderr: string;
}

/** A filesystem snapshot held in C++ (opaque). */
export interface NativeSnapshot {
  readonly __snapshot: unique symbol;
}

export interface NativeSnapshotOptions {
  /** Glob patterns skipped with everything below them (see native/snapshot/snapshot.h). */
  excludes?: string[];
  oneFilesystem?: boolean;
  threads?: number;
  /** False: names and types only (no lstat per file; times, sizes and inodes are 0). */
  stat?: boolean;
}

/** Entries of a snapshot: paths relative to the root with a leading `/`, their st_mode, mtime and ctime (seconds). */
export interface NativeEntryList {
  paths: string[];
  modes: Uint32Array;
  mtimes: Float64Array;
  ctimes: Float64Array;
}

export interface NativeSnapshotInfo {
  entries: number;
  directories: number;
  otherMounts: string[];
  warnings: string[];
}

export interface NativeAddon {
  setErrorClass(cls: new (message: string, code: string) => Error): void;
  FilterList: new (text: string) => NativeFilterList;
  tagChanges(changes: string[], options: ColumbusNativeOptions): Promise<RawTagSet>;
  /** Reads, parses (common YAML shape) and tags on a pool thread; other shapes come back as bytes. */
  tagFile(path: string, options: ColumbusNativeOptions & {words?: boolean}): Promise<NativeTagFileResult | {fallback: true; bytes: Buffer}>;
  /** Path words of a changeset (docs/accuracy.md): path components, temporary suffixes dropped, digits folded. */
  pathWords(changes: string[]): Promise<RawPathWords>;
  VwModel: NativeVwModelClass;
  /** A vw command line on a pool thread; onStderr receives stderr text line by line as it is written. */
  runVw(args: string[], onStderr?: (text: string) => void): Promise<VwRunResult>;
  /** Walks `root` on several threads (never following symlinks); rejects INPUT_NOT_FOUND / INPUT_UNREADABLE. */
  takeSnapshot(root: string, options?: NativeSnapshotOptions): Promise<NativeSnapshot>;
  snapshotInfo(snapshot: NativeSnapshot): NativeSnapshotInfo;
  snapshotEntries(snapshot: NativeSnapshot): NativeEntryList;
  diffSnapshots(before: NativeSnapshot, after: NativeSnapshot): Promise<{created: NativeEntryList; modified: NativeEntryList; deleted: NativeEntryList}>;
  /** Sets a pipe's capacity (Linux F_SETPIPE_SZ) or a socket's send buffer; the size afterwards, 0 for anything else. */
  growPipe(fd: number, bytes: number): number;
}

export const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

const require = createRequire(import.meta.url);

function describeCandidates(root: string): string[] {
  const platform = `${process.platform}-${process.arch}`;
  const candidates = [
    join(root, 'build', 'Release', 'praxi.node'),
    join(root, 'prebuilds', platform, 'praxi.node'),
    join(root, 'prebuilds', platform, 'praxi.napi.node'),
    join(root, 'prebuilds', platform, 'node.napi.node'),
  ];
  return candidates.map((file) => {
    if (!existsSync(file)) return `  - ${file}: not found`;
    try {
      require(file);
      return `  - ${file}: loads (but node-gyp-build did not pick it)`;
    } catch (err) {
      return `  - ${file}: ${(err as Error).message.split('\n')[0]}`;
    }
  });
}

function load(root: string): NativeAddon {
  const explicit = process.env.PRAXI_ADDON_PATH;
  if (explicit) return require(explicit) as NativeAddon;
  try {
    const nodeGypBuild = require('node-gyp-build') as (dir: string) => unknown;
    return nodeGypBuild(root) as NativeAddon;
  } catch (err) {
    const lines = [
      `Could not load the praxi native addon for Node.js ${process.version} (N-API 8) on ${process.platform}-${process.arch}.`,
      `node-gyp-build said: ${(err as Error).message.split('\n')[0]}`,
      'Places tried:',
      ...describeCandidates(root),
      'Possible fixes:',
      '  - build it from source: npm run build:native  (needs cmake >= 3.16 and a C++17 compiler)',
      '  - or reinstall so the install step builds it: npm rebuild praxi',
      '  - Node.js >= 20.17 is required; check `node --version`.',
    ];
    throw new PraxiError(lines.join('\n'), 'ADDON_LOAD');
  }
}

let cached: NativeAddon | undefined;

/** The addon, loaded on first use so `praxi --help` never pays for it. */
export function native(): NativeAddon {
  if (!cached) {
    mark('addon_load_start');
    const addon = load(packageRoot);
    mark('addon_load_end');
    addon.setErrorClass(PraxiError);
    cached = addon;
  }
  return cached;
}
