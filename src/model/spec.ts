import type {FeatureSet} from './features.js';
import type {ColumbusSettings, ModelEngine, ModelMode, MultiAlgorithm} from './manifest.js';

/** Everything that decides how a model is trained (the flags of `praxi train`). */
export interface ModelSpec {
  engine: ModelEngine;
  mode: ModelMode;
  /** Multi-label decision: `profile` (praxi's default) or `csoaa` (Praxi's, cost threshold). */
  algorithm: MultiAlgorithm;
  passes: number;
  bits: number;
  learningRate: number;
  /** Extra VW arguments appended to the generated ones. */
  vwArgs: string[];
  /** Reserve this many classes so later `--resume` runs can add labels (Praxi's iterative mode). */
  maxLabels?: number;
  columbus: ColumbusSettings;
  /** What the model learns from: Praxi's Columbus tags, or tags + path words (praxi's default). */
  features: FeatureSet;
  /** Profile engine: a tag joins a label's profile when present in this share of its changesets. */
  minFraction?: number;
  /** Profile engine: keep at most this many (rarest) tags per label, to bound the index size. */
  maxTagsPerLabel?: number;
  /** Share of the training data held out to calibrate the csoaa cost threshold. */
  calibrationFraction: number;
  seed: number;
}

export const defaultSpec: ModelSpec = {
  engine: 'vw',
  mode: 'single',
  algorithm: 'profile',
  passes: 10,
  bits: 26,
  learningRate: 1.5,
  vwArgs: [],
  columbus: {threshold: 2, filter: 'praxi'},
  features: 'columbus+paths',
  calibrationFraction: 0.1,
  seed: 1,
};

/** Praxi's VW flags for a mode (praxi-formats.md), plus the user's extras. */
export function vwArgsFor(spec: ModelSpec, classes: number): string[] {
  const base =
    spec.mode === 'single'
      ? ['--oaa', String(classes), '--loss_function', 'logistic', '--probabilities']
      : ['--csoaa', String(classes)];
  return [...base, '-b', String(spec.bits), '-l', String(spec.learningRate), ...spec.vwArgs];
}

/** What VW needs again at load time: options it does not store in the model file. */
export function vwLoadArgs(mode: ModelMode): string[] {
  return mode === 'single' ? ['--probabilities', '--loss_function', 'logistic'] : [];
}
