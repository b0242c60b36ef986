/**
 * VwModel: the friendly face of the addon's VW-compatible learner. It owns the native handle, checks
 * arguments with plain TypeErrors, and queues calls (the native object rejects overlapping calls with
 * VW_BUSY; here they simply run one after another). Domain errors are PraxiErrors with the engine's
 * code: VW_ARGS, VW_PARSE (names the 1-based line), VW_MODEL_CORRUPT, VW_MODEL_VERSION, ...
 */
import {readFile} from 'node:fs/promises';

import {native, type NativeFileIdentity, type NativeVwModel, type VwLabelType, type VwRelayoutStats, type VwTrainOptions, type VwTrainResult} from '../native.js';
import {featureText} from './lines.js';

export type {VwLabelType, VwRelayoutStats, VwTrainOptions, VwTrainResult} from '../native.js';

function checkStrings(value: unknown, what: string): asserts value is string[] {
  if (!Array.isArray(value)) throw new TypeError(`${what} must be an array of strings`);
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== 'string') throw new TypeError(`${what}[${i}] must be a string, got ${typeof value[i]}`);
  }
}

/** Scores of predict(): `rows` × `width`, row-major. */
export class VwScores {
  constructor(
    readonly values: Float32Array,
    readonly width: number,
    private readonly lowestWins: boolean,
  ) {}

  get rows(): number {
    return this.width === 0 ? 0 : this.values.length / this.width;
  }

  /** Row i (a view, no copy). */
  row(i: number): Float32Array {
    return this.values.subarray(i * this.width, (i + 1) * this.width);
  }

  /**
   * The predicted class of row i as vw prints it (1-based): the highest score, or for csoaa the lowest
   * cost; ties go to the lower class.
   */
  best(i: number): number {
    const r = this.row(i);
    let b = 0;
    for (let c = 1; c < r.length; c++) if (this.lowestWins ? r[c] < r[b] : r[c] > r[b]) b = c;
    return b + 1;
  }
}

export class VwModel {
  private tail: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly handle: NativeVwModel,
    /** The arguments the model was made or loaded with. */
    readonly args: readonly string[],
  ) {}

  /** A new model from VW model options, e.g. `['--oaa', '80', '-b', '26', '--probabilities', ...]`. */
  static create(args: readonly string[]): VwModel {
    checkStrings(args, 'args');
    return new VwModel(native().VwModel.create([...args]), [...args]);
  }

  /**
   * A VW 9 model file's bytes. `args` adds what VW does not store in the file (e.g. `--probabilities
   * --loss_function logistic`), exactly like `vw -i model ARGS`.
   */
  static async load(bytes: Uint8Array, args: readonly string[] = []): Promise<VwModel> {
    if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes must be a Uint8Array or Buffer');
    checkStrings(args, 'args');
    return new VwModel(await native().VwModel.load(bytes, [...args]), [...args]);
  }

  static async loadFile(path: string, args: readonly string[] = []): Promise<VwModel> {
    return VwModel.load(await readFile(path), args);
  }

  /**
   * A model file opened for prediction only: the header is read now, each weight block the first
   * time a prediction needs it, so opening costs the same for 10 labels or 1,000 at -b 26. train()
   * and save() reject such a model (VW_STATE). `identity` is the file as opened (see src/model/verify.ts).
   */
  static async openFile(path: string, args: readonly string[] = []): Promise<{model: VwModel; identity: NativeFileIdentity}> {
    checkStrings(args, 'args');
    const {model, identity} = await native().VwModel.openFile(path, [...args]);
    return {model: new VwModel(model, [...args]), identity};
  }

  get numClasses(): number {
    return this.handle.numClasses;
  }
  get labelType(): VwLabelType {
    return this.handle.labelType;
  }
  get optionsString(): string {
    return this.handle.optionsString;
  }
  get bits(): number {
    return this.handle.bits;
  }
  get probabilities(): boolean {
    return this.handle.probabilities;
  }
  /** Columns of predict()'s rows: numClasses, or 1 for a plain regressor. */
  get width(): number {
    return this.labelType === 'simple' ? 1 : this.numClasses;
  }

  /** The native handle (for code that wants the raw addon API). */
  get native(): NativeVwModel {
    return this.handle;
  }

  private queue<T>(op: () => Promise<T>): Promise<T> {
    const run = this.tail.then(op, op);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /**
   * Learns from full VW text lines like `vw -d FILE -c -k --passes N` (holdout and early stop when
   * passes > 1). The lines are parsed first: a bad line rejects with VW_PARSE and leaves the model as it
   * was. Successive calls continue the same learner (like one vw process reading on; each call ends at
   * least one pass). For `vw -i` semantics, save() and load() in between.
   */
  train(lines: readonly string[], options: VwTrainOptions = {passes: 1}): Promise<VwTrainResult> {
    checkStrings(lines, 'lines');
    if (!Number.isInteger(options.passes) || options.passes < 1) throw new RangeError('options.passes must be a whole number >= 1');
    if (options.holdoutOff !== undefined && typeof options.holdoutOff !== 'boolean') throw new TypeError('options.holdoutOff must be a boolean');
    const copy = [...lines];
    return this.queue(() => this.handle.train(copy, {passes: options.passes, ...(options.holdoutOff !== undefined ? {holdoutOff: options.holdoutOff} : {})}));
  }

  /**
   * Scores for feature texts (what follows `"| "` in a test line). oaa: normalized probabilities with
   * --probabilities, raw scores without; csoaa: the cost per class; multilabel_oaa: per-class scores
   * (sigmoid with --probabilities); regression: one prediction per row.
   */
  async predict(featureTexts: readonly string[]): Promise<VwScores> {
    checkStrings(featureTexts, 'featureTexts');
    const copy = [...featureTexts];
    const values = await this.queue(() => this.handle.predict(copy));
    return new VwScores(values, this.width, this.labelType === 'cost_sensitive');
  }

  /** predict() for tag sets (`"tag:count"` strings, joined by single spaces as Praxi did). */
  predictTags(tagSets: readonly (readonly string[])[]): Promise<VwScores> {
    return this.predict(tagSets.map((t) => featureText(t)));
  }

  /** The VW 9 binary model file (predictOnly = --predict_only_model: weights only). */
  save(predictOnly = false): Promise<Buffer> {
    return this.queue(() => this.handle.save(predictOnly));
  }

  /** save() streamed to a file: the bytes are never all in memory (large models). */
  saveFile(path: string): Promise<void> {
    return this.queue(() => this.handle.saveFile(path));
  }

  /** vw --readable_model text. */
  readable(): Promise<string> {
    return this.queue(() => this.handle.readable());
  }

  /**
   * A new model with room for `classes` classes (oaa, csoaa, multilabel_oaa): what vw would hold with
   * the same weights and `--oaa classes`. vw strides a feature's classes by nextpow2(classes), so
   * when that grows every weight moves to its new index (native/vw/src/relayout.cc). This model is
   * left unchanged.
   */
  async withClasses(classes: number): Promise<{model: VwModel; stats: VwRelayoutStats}> {
    if (!Number.isInteger(classes) || classes < 1) throw new RangeError('classes must be a whole number >= 1');
    const r = await this.queue(() => this.handle.withClasses(classes));
    return {model: new VwModel(r.model, withClassCount(this.args, classes)), stats: r.stats};
  }
}

const CLASS_FLAGS = new Set(['--oaa', '--csoaa', '--multilabel_oaa']);

/** VW arguments with the class count of `--oaa N` / `--csoaa N` / `--multilabel_oaa N` set to `classes`. */
export function withClassCount(args: readonly string[], classes: number): string[] {
  return args.map((a, i) => {
    if (i > 0 && CLASS_FLAGS.has(args[i - 1]!)) return String(classes);
    const eq = a.indexOf('=');
    return eq > 0 && CLASS_FLAGS.has(a.slice(0, eq)) ? `${a.slice(0, eq + 1)}${classes}` : a;
  });
}
