/**
 * praxi's Vowpal Wabbit 9 compatible learner from TypeScript: models (VwModel), Praxi's text lines, and
 * vw's command line (runVw, behind `praxi vw`).
 */
import {native, type VwRunResult} from '../native.js';

export {csoaaLine, csoaaTestLine, featureText, oaaLine, testLine, vwLine, type VwCostLabel} from './lines.js';
export {VwModel, VwScores, withClassCount, type VwLabelType, type VwRelayoutStats, type VwTrainOptions, type VwTrainResult} from './model.js';
export type {VwRunResult} from '../native.js';

export interface RunVwOptions {
  /** Receives the engine's stderr (progress table, summary, errors) line by line as it is written. */
  onStderr?: (text: string) => void;
}

/**
 * Runs a vw command line (the subset praxi supports: -d -f -i -t -p -r --oaa --csoaa --multilabel_oaa
 * --probabilities --loss_function -b -l --passes -c -k --holdout_off --readable_model --quiet ...) on a
 * pool thread. Resolves with the exit code (0 ok, 1 error; the error is on stderr as
 * "error VW_<CODE>: ...") after all stderr text was delivered.
 */
export function runVw(args: readonly string[], options: RunVwOptions = {}): Promise<VwRunResult> {
  if (!Array.isArray(args) || args.some((a) => typeof a !== 'string')) throw new TypeError('args must be an array of strings');
  return native().runVw([...args], options.onStderr);
}
