/**
 * The model manifest `FILE.json` beside every VW model praxi writes: what the classes are, how the
 * changesets were tagged, checksums of the files it describes, the calibrated multi-label decision
 * and the training statistics.
 */
import {createHash} from 'node:crypto';
import {readFile} from 'node:fs/promises';

import {FEATURE_SETS, type FeatureSet} from './features.js';
import {PraxiError} from '../errors.js';

export const MANIFEST_FORMAT = 'praxi-model/1';

export type ModelMode = 'single' | 'multi';
/** How a multi-label model decides which labels are present. */
export type MultiAlgorithm = 'profile' | 'csoaa';

export interface ColumbusSettings {
  threshold: number;
  /** `praxi`, `none`, or the path of the user's filter file at training time. */
  filter: string;
  /** sha256 of a user filter file (so predict can tell when it changed). */
  filter_sha256?: string;
}

export interface TrainingStats {
  examples: number;
  /** Inputs skipped because they could not be read or had no usable label. */
  skipped: number;
  passes_used: number;
  early_stopped: boolean;
  average_loss: number;
  holdout_loss?: number;
  /** `--resume` that needed more classes: the VW weights were re-laid from `from` to `to` classes. */
  grown?: {from: number; to: number; merged_slots: number};
  seconds: number;
  date: string;
  praxi_version: string;
}

/**
 * `vw`: FILE is a VW model (Praxi's oaa / csoaa), with a profile index beside it.
 * `profile`: FILE is a tag-profile index alone — for tens of thousands of labels, where one
 * VW class per label is too large (the bundled Debian model).
 */
export type ModelEngine = 'vw' | 'profile';

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  /** Absent in older manifests: `vw`. */
  engine?: ModelEngine;
  mode: ModelMode;
  /** Class k of the VW model is labels[k - 1]. */
  labels: string[];
  columbus: ColumbusSettings;
  /** What the model learns from (src/model/features.ts); absent in older manifests: `columbus`. */
  features?: FeatureSet;
  /** sha256 of FILE (the VW model, or the profile index for the profile engine). */
  model_sha256: string;
  vw?: {
    /** The VW arguments the model was trained with (also what `vw` would need at test time). */
    args: string[];
    classes: number;
    bits: number;
    passes: number;
    learning_rate: number;
  };
  /** Single-label decision beyond VW's probabilities (src/model/single.ts); absent: VW's alone. */
  single?: {profile_weight: number};
  /** Multi-label decision, calibrated on held-out training data. */
  multi?: {
    algorithm: MultiAlgorithm;
    /** profile: minimum calibrated probability; csoaa: maximum cost. */
    threshold: number;
    /** micro-F1 of that decision on the held-out data it was chosen on. */
    heldout_micro_f1?: number;
  };
  /** The tag-profile index (presence detection), a sidecar file. */
  profile?: {file: string; sha256: string; threshold: number; cv_micro_f1?: number};
  /**
   * Labels are packages of one distribution (the bundled model): reports give each a package URL,
   * `pkg:TYPE/NAMESPACE/NAME[@VERSION]?arch=ARCH&distro=DISTRO` (purl-spec), the version only
   * where the changeset shows it (apt's downloaded `NAME_VERSION_ARCH.deb`).
   */
  package_urls?: {type: string; namespace: string; distro: string; arch: string};
  training: TrainingStats;
}

export function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function shapeError(file: string, what: string): PraxiError {
  return new PraxiError(`${file}: not a praxi model manifest: ${what}`, 'MANIFEST_INVALID', file);
}

/** Validates the parts predict relies on; unknown extra keys are kept (forward compatible). */
export function validateManifest(value: unknown, file: string): Manifest {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw shapeError(file, 'expected a JSON object');
  const m = value as Record<string, unknown>;
  if (m.format !== MANIFEST_FORMAT) throw shapeError(file, `"format" is ${JSON.stringify(m.format)}; expected "${MANIFEST_FORMAT}"`);
  if (m.mode !== 'single' && m.mode !== 'multi') throw shapeError(file, '"mode" must be "single" or "multi"');
  if (!Array.isArray(m.labels) || !m.labels.every((l) => typeof l === 'string')) throw shapeError(file, '"labels" must be a list of strings');
  const c = m.columbus as Record<string, unknown> | undefined;
  if (!c || !Number.isInteger(c.threshold) || typeof c.filter !== 'string') throw shapeError(file, '"columbus" must have an integer "threshold" and a "filter"');
  if (typeof m.model_sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(m.model_sha256)) throw shapeError(file, '"model_sha256" must be a sha256 hex digest');
  if (m.features !== undefined && !FEATURE_SETS.includes(m.features as FeatureSet)) throw shapeError(file, `"features" must be one of ${FEATURE_SETS.join(', ')}`);
  if (m.engine !== undefined && m.engine !== 'vw' && m.engine !== 'profile') throw shapeError(file, '"engine" must be "vw" or "profile"');
  if (m.engine !== 'profile') {
    const vw = m.vw as Record<string, unknown> | undefined;
    if (!vw || !Array.isArray(vw.args) || !Number.isInteger(vw.classes)) throw shapeError(file, '"vw" must have "args" and "classes"');
    if ((vw.classes as number) < m.labels.length) throw shapeError(file, `${m.labels.length} labels but the model has ${String(vw.classes)} classes`);
  }
  if (m.single !== undefined) {
    const w = (m.single as Record<string, unknown>).profile_weight;
    if (typeof w !== 'number' || !Number.isFinite(w)) throw shapeError(file, '"single" must have a finite numeric "profile_weight"');
  }
  if (m.multi !== undefined) {
    const mu = m.multi as Record<string, unknown>;
    if ((mu.algorithm !== 'profile' && mu.algorithm !== 'csoaa') || typeof mu.threshold !== 'number') throw shapeError(file, '"multi" must have "algorithm" (profile|csoaa) and a numeric "threshold"');
  }
  if (m.profile !== undefined) {
    const p = m.profile as Record<string, unknown>;
    if (typeof p.file !== 'string' || typeof p.sha256 !== 'string') throw shapeError(file, '"profile" must name its "file" and "sha256"');
  }
  return m as unknown as Manifest;
}

export async function readManifest(file: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new PraxiError(`${file}: cannot read the model manifest (${code ?? String(err)})`, code === 'ENOENT' ? 'MANIFEST_MISSING' : 'MANIFEST_UNREADABLE', file);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw shapeError(file, `invalid JSON (${(err as Error).message})`);
  }
  return validateManifest(value, file);
}
