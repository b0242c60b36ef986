/** `praxi train` as a library function: inputs → labelled tag sets → fitted model → files. */
import {readFile} from 'node:fs/promises';

import {type FilterSpec} from '../columbus/index.js';
import {PraxiError} from '../errors.js';
import type {ImageOptions} from '../images/index.js';
import {collectLabelled} from '../model/collect.js';
import {featuresAvailable, missingWords, needsWords, type FeatureSet} from '../model/features.js';
import {fitModel, type ResumeFrom} from '../model/fit.js';
import {sha256, type ColumbusSettings, type Manifest} from '../model/manifest.js';
import {PraxiModel} from '../model/model.js';
import {saveModel} from '../model/save.js';
import {defaultSpec, type ModelSpec} from '../model/spec.js';
import {errorToJson, type ErrorJson} from '../report-error.js';
import {VERSION} from '../version.js';

export interface TrainOptions {
  /** Where to write the VW model (plus FILE.json and FILE.profile). */
  model: string;
  /**
   * What the model learns from: `columbus` (Praxi's tags), `columbus+paths` (tags and path words),
   * or `auto` (default): columbus+paths when every input is a changeset, else columbus.
   */
  features?: FeatureSet | 'auto';
  /** `vw` (default) or `profile`: a tag-profile index alone, for very many labels. */
  engine?: ModelSpec['engine'];
  minFraction?: number;
  maxTagsPerLabel?: number;
  multi?: boolean;
  algorithm?: ModelSpec['algorithm'];
  passes?: number;
  bits?: number;
  learningRate?: number;
  vwArgs?: string[];
  maxLabels?: number;
  /** Continue from the existing model FILE (and its manifest); new labels may be added. */
  resume?: boolean;
  threshold?: number;
  filter?: FilterSpec;
  jobs?: number;
  trees?: readonly string[];
  /** How image inputs are read; layers are labelled from their history (`created_by`). */
  image?: ImageOptions;
  seed?: number;
  /** Called for every input that could not be used (training goes on without it). */
  onError?: (err: Error) => void;
  /** Called with choices made for the user that they may want to know about. */
  onNotice?: (message: string) => void;
}

export interface TrainResult {
  model: string;
  manifest: Manifest;
  examples: number;
  features: FeatureSet;
  errors: ErrorJson[];
}

async function columbusSettings(threshold: number, filter: FilterSpec): Promise<ColumbusSettings> {
  if (filter === 'praxi' || filter === 'none') return {threshold, filter};
  let text: Buffer;
  try {
    text = await readFile(filter);
  } catch (err) {
    throw new PraxiError(`cannot read filter list ${filter}: ${(err as Error).message}`, 'FILTER_UNREADABLE', filter);
  }
  return {threshold, filter, filter_sha256: sha256(text)};
}

async function resumeState(file: string): Promise<ResumeFrom> {
  // One load: reads the model and its manifest, verifies the checksums and parses the VW model.
  const model = await PraxiModel.load(file, {requireManifest: true});
  return {manifest: model.manifest, ...(model.vw ? {vw: model.vw} : {}), ...(model.profile ? {profile: model.profile} : {})};
}

export async function train(inputs: readonly string[], options: TrainOptions): Promise<TrainResult> {
  const started = Date.now();
  const resume = options.resume ? await resumeState(options.model) : undefined;
  const mode = resume ? resume.manifest.mode : options.multi ? 'multi' : 'single';
  if (resume && options.multi !== undefined && (options.multi ? 'multi' : 'single') !== mode) {
    throw new PraxiError(`--resume: the model is a ${mode}-label model; drop --multi or train a new model`, 'USAGE_RESUME_MODE');
  }
  const columbus = resume
    ? resume.manifest.columbus
    : await columbusSettings(options.threshold ?? defaultSpec.columbus.threshold, options.filter ?? 'praxi');
  const engine = resume?.manifest.engine ?? options.engine ?? defaultSpec.engine;
  const asked = resume ? resume.manifest.features ?? 'columbus' : options.features ?? 'auto';
  const spec: ModelSpec = {
    ...defaultSpec,
    engine,
    mode,
    ...(options.minFraction !== undefined ? {minFraction: options.minFraction} : {}),
    ...(options.maxTagsPerLabel !== undefined ? {maxTagsPerLabel: options.maxTagsPerLabel} : {}),
    algorithm: options.algorithm ?? resume?.manifest.multi?.algorithm ?? defaultSpec.algorithm,
    passes: options.passes ?? defaultSpec.passes,
    bits: resume?.manifest.vw?.bits ?? options.bits ?? defaultSpec.bits,
    learningRate: options.learningRate ?? defaultSpec.learningRate,
    vwArgs: options.vwArgs ?? [],
    ...(options.maxLabels !== undefined ? {maxLabels: options.maxLabels} : {}),
    columbus,
    features: asked === 'auto' ? defaultSpec.features : asked,
    seed: options.seed ?? defaultSpec.seed,
  };
  const errors: ErrorJson[] = [];
  const onError = (err: Error) => {
    errors.push(errorToJson(err));
    options.onError?.(err);
  };
  const filter = columbus.filter === 'praxi' ? 'praxi' : columbus.filter;
  let examples = await collectLabelled(inputs, {threshold: columbus.threshold, filter, jobs: options.jobs, trees: options.trees, words: needsWords(spec.features), ...(options.image ? {image: options.image} : {}), onError});
  if (needsWords(spec.features)) {
    const tagFilesOnly = examples.filter((ex) => ex.words === undefined);
    if (asked === 'auto' && featuresAvailable(examples) === 'columbus') {
      // Tag files hold no paths: the whole model learns from what every input has.
      spec.features = 'columbus';
      options.onNotice?.(`${tagFilesOnly.length} input(s) are tag files (e.g. ${tagFilesOnly[0].source}), which hold no paths: training on Columbus tags alone (--features columbus)`);
    } else {
      for (const ex of tagFilesOnly) onError(missingWords(ex.source));
      examples = examples.filter((ex) => ex.words !== undefined);
    }
  }
  if (mode === 'single' && engine === 'vw') {
    examples = examples.filter((ex) => {
      if (ex.labels.length === 1) return true;
      onError(new PraxiError(`${ex.source}: ${ex.labels.length} labels in single-label training; use --multi for multi-label data`, 'LABEL_MULTIPLE', ex.source));
      return false;
    });
  }
  const fitted = await fitModel(examples, spec, resume);
  const manifest = await saveModel(fitted, options.model, {
    examples: examples.length,
    skipped: errors.length,
    seconds: (Date.now() - started) / 1000,
    date: new Date().toISOString(),
    praxi_version: VERSION,
  });
  return {model: options.model, manifest, examples: examples.length, features: spec.features, errors};
}

