/**
 * `praxi eval`: trains and tests praxi's defaults and the Praxi-compatible reference on the same
 * folds (or a given test set) and reports the metrics side by side.
 *
 * Folds follow Praxi: single-label cross-validation is stratified by package (the i-th changeset of
 * each package goes to fold i mod n); multi-label folds are assigned round-robin after a seeded
 * shuffle.
 */
import {computeMetrics, type Metrics, type Outcome} from './metrics.js';
import type {FilterSpec} from '../columbus/index.js';
import {PraxiError} from '../errors.js';
import {collectLabelled, type LabelledTags} from '../model/collect.js';
import {featuresAvailable} from '../model/features.js';
import {fitModel, type FittedModel} from '../model/fit.js';
import {PraxiModel} from '../model/model.js';
import {manifestFor} from '../model/save.js';
import {defaultSpec, type ModelSpec} from '../model/spec.js';
import {errorToJson, type ErrorJson} from '../report-error.js';
import {rng} from '../util/random.js';

/** What a mode trains and how it decides. */
export interface EvalMode {
  name: string;
  description: string;
  /** Not usable in a deployment (e.g. told the true number of labels). */
  reference_only?: boolean;
  spec: Partial<ModelSpec>;
  /** Report the k best where k = the true number of labels. */
  trueK?: boolean;
}

export const SINGLE_MODES: EvalMode[] = [
  {name: 'praxi', description: "praxi's default: VW one-against-all with Praxi's flags on Columbus tags and path words, top-1", spec: {mode: 'single'}},
  {name: 'compat', description: "Praxi-compatible: VW one-against-all with Praxi's flags on Columbus tags (praxi train --features columbus), top-1", spec: {mode: 'single', features: 'columbus'}},
  {name: 'profile', description: 'profile ranking alone, top-1 (an alternative for very many labels)', spec: {mode: 'single', engine: 'profile'}},
];

export const MULTI_MODES: EvalMode[] = [
  {name: 'praxi', description: "praxi's default: profile presence on path words, threshold calibrated on held-out multi-label-shaped training data", spec: {mode: 'multi', algorithm: 'profile'}},
  {name: 'compat', description: 'Praxi-compatible: VW csoaa on Columbus tags, cost threshold picked on held-out training data', spec: {mode: 'multi', algorithm: 'csoaa', features: 'columbus'}},
  {name: 'compat-true-k', description: 'Praxi-compatible, told the true number of labels (not possible in a deployment)', reference_only: true, spec: {mode: 'multi', algorithm: 'csoaa', features: 'columbus'}, trueK: true},
];

export interface EvalOptions {
  multi?: boolean;
  /** Cross-validation folds (ignored when `test` is given). Default 5. */
  folds?: number;
  /** Test inputs: train on the inputs, test on these. */
  test?: readonly string[];
  /** Mode names to run (default: all for the kind). */
  modes?: readonly string[];
  passes?: number;
  bits?: number;
  threshold?: number;
  filter?: FilterSpec;
  jobs?: number;
  seed?: number;
  onError?: (err: Error) => void;
  onProgress?: (message: string) => void;
}

export interface ModeResult {
  mode: string;
  description: string;
  reference_only: boolean;
  metrics: Metrics;
  train_seconds: number;
  predict_seconds: number;
  /** Per test example (for plots): the best score of a true label and of a false one. */
  scores: {true: number[]; false: number[]};
}

export interface EvalResult {
  kind: 'single' | 'multi';
  setup: {train_examples: number; test_examples: number; folds?: number; labels: number};
  results: ModeResult[];
  errors: ErrorJson[];
}

function shuffle<T>(items: T[], seed: number): T[] {
  const r = rng(seed);
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

export function assignFolds(examples: readonly LabelledTags[], folds: number, multi: boolean, seed: number): number[] {
  const fold = new Array<number>(examples.length);
  if (multi) {
    shuffle(examples.map((_, i) => i), seed).forEach((idx, k) => (fold[idx] = k % folds));
  } else {
    const seen = new Map<string, number>();
    examples.forEach((ex, i) => {
      const n = seen.get(ex.labels[0]) ?? 0;
      seen.set(ex.labels[0], n + 1);
      fold[i] = n % folds;
    });
  }
  return fold;
}

function inMemoryModel(fitted: FittedModel): PraxiModel {
  const manifest = manifestFor(fitted, {modelSha256: '0'.repeat(64), profileFile: '', profileSha256: ''}, {examples: 0, skipped: 0, seconds: 0, date: '', praxi_version: ''});
  return new PraxiModel(manifest, fitted.vw, fitted.profile, '(in memory)');
}

async function runMode(mode: EvalMode, train: readonly LabelledTags[], test: readonly LabelledTags[], base: ModelSpec, acc: {outcomes: Outcome[]; trainS: number; predictS: number; scores: ModeResult['scores']}) {
  const spec: ModelSpec = {...base, ...mode.spec};
  let t0 = performance.now();
  const fitted = await fitModel(train, spec);
  acc.trainS += (performance.now() - t0) / 1000;
  const model = inMemoryModel(fitted);
  t0 = performance.now();
  const items = test.map((ex) => ({source: ex.source, tags: ex.tags, ...(ex.words ? {words: ex.words} : {})}));
  const preds = mode.trueK
    ? (await Promise.all(test.map((ex, i) => model.predict([items[i]], {top: ex.labels.length})))).map((p) => p[0])
    : await model.predict(items, spec.mode === 'single' ? {top: 1} : {});
  acc.predictS += (performance.now() - t0) / 1000;
  // Scores for the distribution plot: every label's score, split by truth.
  const scored = spec.mode === 'multi' && spec.algorithm === 'profile' ? await model.predict(items, {threshold: -Infinity}) : await model.predict(items, {top: 5});
  test.forEach((ex, i) => {
    acc.outcomes.push({truth: ex.labels, predicted: preds[i].labels.map((l) => l.label)});
    const truth = new Set(ex.labels);
    for (const l of scored[i].labels) (truth.has(l.label) ? acc.scores.true : acc.scores.false).push(l.score);
  });
}

export async function evaluate(inputs: readonly string[], options: EvalOptions = {}): Promise<EvalResult> {
  const multi = options.multi ?? false;
  const errors: ErrorJson[] = [];
  const onError = (err: Error) => {
    errors.push(errorToJson(err));
    options.onError?.(err);
  };
  const collect = (paths: readonly string[]) =>
    collectLabelled(paths, {threshold: options.threshold ?? 2, filter: options.filter ?? 'praxi', jobs: options.jobs, words: true, onError});
  let examples = await collect(inputs);
  if (!multi) {
    examples = examples.filter((ex) => {
      if (ex.labels.length === 1) return true;
      onError(new PraxiError(`${ex.source}: ${ex.labels.length} labels; single-label evaluation needs one (use --multi)`, 'LABEL_MULTIPLE', ex.source));
      return false;
    });
  }
  const testSet = options.test ? await collect(options.test) : undefined;
  if (examples.length === 0) throw new PraxiError('no labelled changesets to evaluate', 'NOTHING_TO_TRAIN');
  const all = multi ? MULTI_MODES : SINGLE_MODES;
  const modes = options.modes ? all.filter((m) => options.modes!.includes(m.name)) : all;
  if (modes.length === 0) throw new PraxiError(`unknown --modes ${options.modes?.join(',')}; choose from ${all.map((m) => m.name).join(', ')}`, 'USAGE_MODES');
  const base: ModelSpec = {
    ...defaultSpec,
    passes: options.passes ?? defaultSpec.passes,
    bits: options.bits ?? defaultSpec.bits,
    columbus: {threshold: options.threshold ?? 2, filter: options.filter ?? 'praxi'},
    // As `praxi train --features auto` decides.
    features: featuresAvailable([...examples, ...(testSet ?? [])]),
    seed: options.seed ?? 1,
  };
  const folds = options.folds ?? 5;
  const results: ModeResult[] = [];
  for (const mode of modes) {
    options.onProgress?.(`evaluating ${mode.name}`);
    const acc = {outcomes: [] as Outcome[], trainS: 0, predictS: 0, scores: {true: [] as number[], false: [] as number[]}};
    if (testSet) {
      await runMode(mode, examples, testSet, base, acc);
    } else {
      const fold = assignFolds(examples, folds, multi, base.seed);
      for (let f = 0; f < folds; f++) {
        const train = examples.filter((_, i) => fold[i] !== f);
        const test = examples.filter((_, i) => fold[i] === f);
        if (train.length && test.length) await runMode(mode, train, test, base, acc);
      }
    }
    results.push({
      mode: mode.name,
      description: mode.description,
      reference_only: mode.reference_only ?? false,
      metrics: computeMetrics(acc.outcomes),
      train_seconds: acc.trainS,
      predict_seconds: acc.predictS,
      scores: acc.scores,
    });
  }
  const labels = new Set(examples.flatMap((e) => e.labels));
  return {
    kind: multi ? 'multi' : 'single',
    setup: {train_examples: examples.length, test_examples: testSet?.length ?? examples.length, ...(testSet ? {} : {folds}), labels: labels.size},
    results,
    errors,
  };
}
