/**
 * Trains a praxi model in memory from labelled tag sets: the VW model (Praxi's oaa or csoaa
 * reduction, identical to what `vw` would learn from the same lines and flags), the tag-profile
 * index, and the calibrated multi-label decision. No file I/O: `praxi train` saves the result,
 * `praxi eval` uses it per fold.
 */
import {bestF1Threshold} from './calibration.js';
import type {LabelledTags} from './collect.js';
import {needsWords, profileItems, vwFeatures, vwFeaturesOfProfile} from './features.js';
import {extendLabelTable, labelTable} from './labels.js';
import type {Manifest} from './manifest.js';
import {ProfileIndex, profileIndexFromProfiles} from './profile.js';
import {PROFILE_WEIGHT} from './single.js';
import {vwArgsFor, type ModelSpec} from './spec.js';
import {csoaaLine, featureText, oaaLine, VwModel, withClassCount, type VwTrainResult} from '../vw/index.js';
import {PraxiError} from '../errors.js';
import {rng} from '../util/random.js';

export interface FittedModel {
  spec: ModelSpec;
  labels: string[];
  classes: number;
  vwArgs: string[];
  /** Absent for the profile engine. */
  vw?: VwModel;
  vwStats?: VwTrainResult;
  profile: ProfileIndex;
  single?: Manifest['single'];
  multi?: Manifest['multi'];
  /** Resumed with more labels than the model had classes: the re-lay done (manifest training.grown). */
  grown?: {from: number; to: number; merged_slots: number};
}

/** The model training continues from, as PraxiModel.load gave it (checksums verified). */
export interface ResumeFrom {
  manifest: Manifest;
  /** Loaded with the arguments VW needs again at load time (vwLoadArgs of the manifest's mode). */
  vw?: VwModel;
  /** The model's profile index, when it has one. */
  profile?: ProfileIndex;
}

/**
 * Resumed training sees only the new changesets: labels they cover get fresh profiles, the others
 * keep theirs, and the calibration fitted on the new data applies to the whole.
 */
function mergeResumedProfiles(old: ProfileIndex, fresh: ProfileIndex): ProfileIndex {
  const profiles = new Map<string, string[]>();
  for (const l of old.labels) profiles.set(l, old.profileOf(l));
  for (const l of fresh.labels) profiles.set(l, fresh.profileOf(l));
  const merged = profileIndexFromProfiles(profiles, {minFraction: fresh.minFraction});
  return new ProfileIndex(merged.built, {
    minFraction: fresh.minFraction,
    platt: fresh.platt,
    threshold: fresh.threshold,
    ...(fresh.stats.cvMicroF1 !== undefined ? {cvMicroF1: fresh.stats.cvMicroF1} : {}),
  });
}

/** One training line: oaa with the (single) label, or csoaa with every present label at cost 0. */
function exampleLine(spec: ModelSpec, classes: number, present: number[], features: readonly string[]): string {
  return spec.mode === 'single' ? oaaLine(present[0], features) : csoaaLine({classes, present}, features);
}

function linesFor(spec: ModelSpec, examples: readonly LabelledTags[], labels: readonly string[], classes: number): string[] {
  const index = new Map(labels.map((l, i) => [l, i + 1]));
  return examples.map((ex) => exampleLine(spec, classes, ex.labels.map((l) => index.get(l)!), vwFeatures(spec.features, ex)));
}

/**
 * Resumed training sees only the new changesets; left alone, one-against-all pushes every old class
 * down on them and the new classes win old packages' changesets. Each old label not in the new data
 * is rehearsed once from its profile (the tags most of its installs produced).
 */
function rehearsal(spec: ModelSpec, examples: readonly LabelledTags[], labels: readonly string[], classes: number, resume?: ResumeFrom): string[] {
  if (!resume?.profile) return [];
  const fresh = new Set(examples.flatMap((ex) => ex.labels));
  const old = resume.profile.labels.filter((l) => !fresh.has(l));
  const index = new Map(labels.map((l, i) => [l, i + 1]));
  return old.flatMap((l) => {
    const items = resume.profile!.profileOf(l);
    return items.length === 0 ? [] : [exampleLine(spec, classes, [index.get(l)!], vwFeaturesOfProfile(spec.features, items))];
  });
}

/** Seeded fold of every item: round-robin after a shuffle (as Praxi assigned multi-label folds). */
function foldsOf(count: number, folds: number, seed: number): number[] {
  const order = Array.from({length: count}, (_, i) => i);
  const r = rng(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const fold = new Array<number>(count);
  order.forEach((idx, k) => (fold[idx] = k % folds));
  return fold;
}

/**
 * Praxi's later pipeline picked the cost threshold that maximised micro-F1 on held-out training
 * data. One 20 % split makes that choice noisy on small data sets, so every training changeset is
 * held out once (folds of `calibrationFraction`) and the threshold is chosen on all of them.
 */
async function calibrateCsoaa(spec: ModelSpec, examples: readonly LabelledTags[], labels: readonly string[], classes: number, args: string[]) {
  const folds = Math.max(2, Math.round(1 / spec.calibrationFraction));
  if (examples.length < folds) return {threshold: 0.5};
  const fold = foldsOf(examples.length, folds, spec.seed);
  const negCosts: number[] = [];
  const truth: boolean[] = [];
  // Every changeset is the install of at least one package: its lowest-cost label is always
  // reported (as Praxi's later pipeline did), the threshold decides the others.
  const always = {tp: 0, fp: 0};
  for (let f = 0; f < folds; f++) {
    const train = examples.filter((_, i) => fold[i] !== f);
    const test = examples.filter((_, i) => fold[i] === f);
    const vw = VwModel.create(args);
    await vw.train(linesFor(spec, train, labels, classes), {passes: spec.passes});
    const costs = (await vw.predict(test.map((ex) => featureText(vwFeatures(spec.features, ex))))).values;
    test.forEach((ex, row) => {
      const want = new Set(ex.labels);
      let argmin = 0;
      for (let k = 1; k < labels.length; k++) if (costs[row * classes + k] < costs[row * classes + argmin]) argmin = k;
      for (let k = 0; k < labels.length; k++) {
        if (k === argmin) {
          if (want.has(labels[k])) always.tp++;
          else always.fp++;
          continue;
        }
        negCosts.push(-costs[row * classes + k]);
        truth.push(want.has(labels[k]));
      }
    });
  }
  const best = bestF1Threshold(negCosts, truth, 0, always);
  return {threshold: -best.threshold, heldout_micro_f1: best.f1};
}

function fitProfile(examples: readonly LabelledTags[], spec: ModelSpec): ProfileIndex {
  return ProfileIndex.train(
    examples.map((ex) => ({tags: profileItems(spec.features, ex), labels: ex.labels})),
    // A single-label model's profile re-weights VW's ranking and gives evidence; only multi-label
    // models need its presence threshold, calibrated by cross-validation.
    {seed: spec.seed, ...(spec.mode === 'single' && spec.engine === 'vw' ? {folds: 0} : {}), ...(spec.minFraction !== undefined ? {minFraction: spec.minFraction} : {}), ...(spec.maxTagsPerLabel !== undefined ? {maxTagsPerLabel: spec.maxTagsPerLabel} : {})},
  );
}

export async function fitModel(examples: readonly LabelledTags[], spec: ModelSpec, resume?: ResumeFrom): Promise<FittedModel> {
  if (examples.length === 0) throw new PraxiError('no labelled changesets to train on', 'NOTHING_TO_TRAIN');
  const seen = examples.flatMap((ex) => ex.labels);
  const labels = resume ? extendLabelTable(resume.manifest.labels, seen) : labelTable(seen);
  if (spec.engine === 'profile') {
    if (resume) throw new PraxiError('--resume is not supported for profile-engine models; retrain from all data', 'USAGE_RESUME_ENGINE');
    const profile = fitProfile(examples, spec);
    return {spec, labels, classes: labels.length, vwArgs: [], profile, multi: {algorithm: 'profile', threshold: profile.threshold, ...(profile.stats.cvMicroF1 !== undefined ? {heldout_micro_f1: profile.stats.cvMicroF1} : {})}};
  }
  let vw: VwModel;
  let classes: number;
  let vwArgs: string[];
  let grown: FittedModel['grown'];
  if (resume) {
    if (!resume.manifest.vw || !resume.vw) throw new PraxiError('the model to resume has no VW part', 'USAGE_RESUME_ENGINE');
    classes = resume.manifest.vw.classes;
    vwArgs = resume.manifest.vw.args;
    vw = resume.vw;
    // New labels beyond the classes the model has (or a larger --max-labels): grow the VW model to
    // what vw would hold with the same weights and the new class count, then train on.
    const wanted = Math.max(labels.length, spec.maxLabels ?? 0);
    if (wanted > classes) {
      const r = await vw.withClasses(wanted);
      grown = {from: classes, to: wanted, merged_slots: r.stats.merged};
      vw = r.model;
      classes = wanted;
      vwArgs = withClassCount(vwArgs, wanted);
    }
  } else {
    classes = Math.max(labels.length, spec.maxLabels ?? 0);
    vwArgs = vwArgsFor(spec, classes);
    vw = VwModel.create(vwArgs);
  }
  // VW learns on a pool thread while the profile index (and its cross-validation) is built here.
  const training = vw.train([...linesFor(spec, examples, labels, classes), ...rehearsal(spec, examples, labels, classes, resume)], {passes: spec.passes});
  let fresh: ProfileIndex;
  try {
    fresh = fitProfile(examples, spec);
  } finally {
    await training.catch(() => undefined);  // never leave the training running unobserved
  }
  const vwStats = await training;
  const profile = resume?.profile ? mergeResumedProfiles(resume.profile, fresh) : fresh;
  let multi: Manifest['multi'];
  if (spec.mode === 'multi') {
    multi =
      spec.algorithm === 'csoaa'
        ? {algorithm: 'csoaa', ...(await calibrateCsoaa(spec, examples, labels, classes, vwArgs))}
        : {algorithm: 'profile', threshold: profile.threshold, ...(profile.stats.cvMicroF1 !== undefined ? {heldout_micro_f1: profile.stats.cvMicroF1} : {})};
  }
  const single = spec.mode === 'single' && needsWords(spec.features) ? {profile_weight: PROFILE_WEIGHT} : undefined;
  return {spec, labels, classes, vwArgs, vw, vwStats, profile, ...(single ? {single} : {}), ...(multi ? {multi} : {}), ...(grown ? {grown} : {})};
}
