import {Args, Flags} from '@oclif/core';

import {inputFlags, PraxiCommand} from '../base-command.js';
import {imageFlags, imageOptionsFromFlags} from '../images/flags.js';
import {runPredict} from '../cli/predict-run.js';
import {PraxiError} from '../errors.js';
import type {PredictResult} from '../flow/predict.js';
import {bundledModelPath} from '../model/bundled.js';
import {PREDICTION_FORMATS, type PredictionFormat} from '../report/formats.js';
import {writeFileAtomic} from '../util/atomic-write.js';
import {directoryHelp} from '../changesets/discover.js';

export default class Predict extends PraxiCommand<PredictResult> {
  static summary = 'Name the packages behind changesets or tag files with a trained model.';
  static description = `Single-label models give the top K labels (default 1) with probabilities; multi-label models give
every label judged present (calibrated threshold from training, or --threshold / --top). A model
trained by vw itself works too: give --labels FILE (one label per line) or get class numbers.\n\n${directoryHelp(true)}`;

  static examples = [
    '<%= config.bin %> predict ./changesets --model model.vw',
    '<%= config.bin %> predict host.yaml --model multi.vw --format table',
    '<%= config.bin %> predict ./changesets --model model.vw --format cyclonedx --out sbom.json',
  ];

  static strict = false;
  static args = {inputs: Args.string({description: 'changeset files, tag files, directories, or -'})};
  static flags = {
    ...imageFlags,
    ...inputFlags,
    model: Flags.string({char: 'm', description: 'model file (with FILE.json beside it); default: the bundled model'}),
    'min-labels': Flags.integer({description: 'multi-label: report at least this many labels (default 1; 0 allows none)', min: 0}),
    top: Flags.integer({char: 'k', description: 'report exactly the K best labels', min: 1}),
    threshold: Flags.string({description: 'decision threshold (probability; cost for csoaa models)'}),
    labels: Flags.string({description: 'labels of a bare vw model, one per line (class 1 first)'}),
    format: Flags.string({char: 'f', description: 'output format', options: [...PREDICTION_FORMATS], default: 'json'}),
    out: Flags.string({char: 'o', description: 'write the output to this file (atomically) instead of stdout'}),
    evidence: Flags.boolean({description: 'list the tags that support each label', allowNo: true}),
  };

  async run(): Promise<PredictResult> {
    const {argv, flags} = await this.parse(Predict);
    const inputs = argv as string[];
    if (inputs.length === 0 && !flags.tree?.length) throw new PraxiError('no inputs: give changesets or tag files', 'USAGE_NO_INPUT');
    let threshold: number | undefined;
    if (flags.threshold !== undefined) {
      threshold = Number(flags.threshold);
      if (!Number.isFinite(threshold)) throw new PraxiError(`--threshold must be a number, got ${flags.threshold}`, 'USAGE_THRESHOLD');
    }
    const format = flags.format as PredictionFormat;
    const {result, text} = await runPredict(inputs, {
      model: flags.model ?? bundledModelPath,
      ...(flags.labels ? {labelsFile: flags.labels} : {}),
      ...(flags.top !== undefined ? {top: flags.top} : {}),
      ...(flags['min-labels'] !== undefined ? {minLabels: flags['min-labels']} : {}),
      ...(threshold !== undefined ? {threshold} : {}),
      evidence: flags.evidence ?? format === 'cyclonedx',
      jobs: flags.jobs,
      trees: flags.tree,
      image: imageOptionsFromFlags(flags),
    }, format);
    if (flags.out) await writeFileAtomic(flags.out, text);
    else if (!this.jsonEnabled()) process.stdout.write(text);
    return result;
  }
}
