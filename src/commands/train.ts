import {Args, Flags} from '@oclif/core';

import {inputFlags, PraxiCommand} from '../base-command.js';
import {imageFlags, imageOptionsFromFlags} from '../images/flags.js';
import {ExitCode, PraxiError} from '../errors.js';
import {train, type TrainOptions, type TrainResult} from '../flow/train.js';
import {reportError} from '../report-error.js';
import {directoryHelp} from '../changesets/discover.js';

export default class Train extends PraxiCommand<TrainResult> {
  static summary = 'Train a model from labelled changesets or tag files.';
  static description = `Labels come from the inputs (label / labels). Single-label (default): VW one-against-all with
logistic loss and probabilities, Praxi's flags. --multi: multi-label; the VW model is Praxi's csoaa
model and packages are judged present by praxi's profile index with a threshold calibrated on
held-out multi-label-shaped training data (--algorithm csoaa uses Praxi's cost threshold instead).
Features (--features): from changesets praxi learns from the Columbus tags and the path words
(directory and file names with version numbers folded: robust to noise and new releases); with tag
files, or --features columbus, from the Columbus tags alone exactly as Praxi did. Writes FILE (a VW 9
model: vw -i FILE -t loads it), FILE.profile and the manifest FILE.json.\n\n${directoryHelp(true)}`;

  static examples = [
    '<%= config.bin %> train ./train --model model.vw',
    '<%= config.bin %> train ./sl ./ml --multi --model multi.vw',
    '<%= config.bin %> train ./new --model model.vw --resume',
  ];

  static strict = false;
  static args = {inputs: Args.string({description: 'changeset files, tag files, directories, or -'})};
  static flags = {
    ...imageFlags,
    ...inputFlags,
    model: Flags.string({char: 'm', description: 'the model file to write', required: true}),
    multi: Flags.boolean({description: 'multi-label training (changesets with several packages)'}),
    algorithm: Flags.string({description: 'multi-label decision: profile (praxi) or csoaa (Praxi)', options: ['profile', 'csoaa']}),
    passes: Flags.integer({description: 'passes over the data', default: 10, min: 1}),
    bits: Flags.integer({char: 'b', description: 'VW hash bits', default: 26, min: 1, max: 30}),
    'learning-rate': Flags.string({char: 'l', description: 'VW learning rate', default: '1.5'}),
    resume: Flags.boolean({description: 'continue training the existing model FILE; new labels are added (the VW model grows to the new class count, weights re-laid as vw indexes them)'}),
    'max-labels': Flags.integer({description: 'give the VW model room for this many labels (optional: --resume grows a model that needs more)', min: 1}),
    'vw-args': Flags.string({description: 'extra VW arguments, e.g. "--power_t 0.4"'}),
    threshold: Flags.integer({description: 'Columbus frequency threshold', default: 2, min: 0}),
    filter: Flags.string({description: 'Columbus filter list: praxi, none, or a file', default: 'praxi'}),
    seed: Flags.integer({description: 'seed of the calibration splits', default: 1}),
    features: Flags.string({description: 'what the model learns from: auto (columbus+paths for changesets, columbus for tag files), columbus (Praxi\'s tags), columbus+paths', options: ['auto', 'columbus', 'columbus+paths'], default: 'auto'}),
    engine: Flags.string({description: 'vw (Praxi) or profile (tag-profile index alone, for very many labels)', options: ['vw', 'profile'], default: 'vw'}),
    'min-fraction': Flags.string({description: 'profile: share of a label\'s changesets a tag must appear in', default: '0.5'}),
    'max-tags': Flags.integer({description: 'profile: keep at most this many (rarest) tags per label', min: 1}),
  };

  async run(): Promise<TrainResult> {
    const {argv, flags} = await this.parse(Train);
    const inputs = argv as string[];
    if (inputs.length === 0 && !flags.tree?.length) throw new PraxiError('no inputs: give labelled changesets or tag files', 'USAGE_NO_INPUT');
    const learningRate = Number(flags['learning-rate']);
    const minFraction = Number(flags['min-fraction']);
    if (!(minFraction > 0 && minFraction <= 1)) throw new PraxiError(`--min-fraction must be in (0, 1], got ${flags['min-fraction']}`, 'USAGE_MIN_FRACTION');
    if (!Number.isFinite(learningRate) || learningRate <= 0) throw new PraxiError(`--learning-rate must be a positive number, got ${flags['learning-rate']}`, 'USAGE_LEARNING_RATE');
    const result = await train(inputs, {
      model: flags.model,
      multi: flags.multi || undefined,
      ...(flags.algorithm ? {algorithm: flags.algorithm as 'profile' | 'csoaa'} : {}),
      passes: flags.passes,
      bits: flags.bits,
      learningRate,
      resume: flags.resume,
      ...(flags['max-labels'] !== undefined ? {maxLabels: flags['max-labels']} : {}),
      vwArgs: flags['vw-args']?.split(/\s+/).filter(Boolean) ?? [],
      threshold: flags.threshold,
      filter: flags.filter,
      jobs: flags.jobs,
      trees: flags.tree,
      image: imageOptionsFromFlags(flags),
      seed: flags.seed,
      engine: flags.engine as 'vw' | 'profile',
      features: flags.features as TrainOptions['features'],
      minFraction: Number(flags['min-fraction']),
      ...(flags['max-tags'] !== undefined ? {maxTagsPerLabel: flags['max-tags']} : {}),
      onError: (err) => reportError(err),
      onNotice: (message) => process.stderr.write(`praxi: ${message}\n`),
    });
    const m = result.manifest;
    this.log(`trained ${m.mode}-label model on ${result.examples} changesets, ${m.labels.length} labels, features ${result.features} -> ${result.model}`);
    if (m.multi && m.mode === 'multi') this.log(`multi-label decision: ${m.multi.algorithm}, threshold ${m.multi.threshold.toFixed(4)}${m.multi.heldout_micro_f1 !== undefined ? `, held-out micro-F1 ${m.multi.heldout_micro_f1.toFixed(4)}` : ''}`);
    if (result.errors.length > 0) process.exitCode = ExitCode.someInputsFailed;
    return result;
  }
}
