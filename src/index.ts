/**
 * praxi as a library: the same functions the commands call.
 *
 *   import {tag, train, predict, run, evaluate} from 'praxi';
 *   for await (const t of tag(['./changesets'])) if (t.ok) console.log(t.value.tags.toStrings());
 *   await train(['./train'], {model: 'model.vw'});
 *   const {predictions} = await predict(['host.yaml'], {model: 'model.vw'});
 */
export {tagInputs as tag, type TagOptions, type TaggedChangeset, type TagOutcome, type LayerInfo} from './tagging.js';
export {train, type TrainOptions, type TrainResult} from './flow/train.js';
export {predict, predictWith, type PredictFlowOptions, type PredictResult} from './flow/predict.js';
export {run, type RunOptions, type RunResult} from './flow/run.js';
export {mergeResults, type MergedResult} from './flow/merge.js';
export {evaluate, type EvalOptions, type EvalResult, type ModeResult} from './eval/evaluate.js';
export {computeMetrics, type Metrics, type Outcome} from './eval/metrics.js';
export {PraxiModel, type LabelScore, type Prediction, type PredictOptions, type LoadOptions} from './model/model.js';
export {ProfileIndex} from './model/profile.js';
export type {Manifest, ModelMode, ModelEngine, MultiAlgorithm} from './model/manifest.js';
export {bundledModelPath} from './model/bundled.js';
export {tagChanges, loadFilter, TagSet, type ColumbusOptions, type FilterSpec} from './columbus/index.js';
export {parseChangeset, parseTagFile, formatTagFile, changesetFromTree, InputError, type Changeset, type TagFile} from './changesets/index.js';
export {openImage, readImage, type ImageOptions} from './images/index.js';
export {diffPaths} from './diff/index.js';
export {record, formatRecordedYaml, type RecordOptions, type RecordResult, type RecordedChangeset} from './record/record.js';
export {scanRoot, scanImage, type ScanOptions, type ScanResult, type ScanGroup} from './scan/scan.js';
export {renderScan} from './scan/render.js';
export {VwModel, VwScores, runVw} from './vw/index.js';
export {renderPredictions, PREDICTION_FORMATS, type PredictionFormat} from './report/formats.js';
export {toCycloneDx} from './report/cyclonedx.js';
export {renderEvalHtml} from './report/html.js';
export {PraxiError, ExitCode} from './errors.js';
export {VERSION} from './version.js';
