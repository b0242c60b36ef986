import {Args, Flags} from '@oclif/core';

import {PraxiCommand} from '../base-command.js';
import {PraxiError} from '../errors.js';
import {evaluate, type EvalResult} from '../eval/evaluate.js';
import {renderEvalHtml} from '../report/html.js';
import {reportError} from '../report-error.js';
import {writeFileAtomic} from '../util/atomic-write.js';
import {directoryHelp} from '../changesets/discover.js';

export default class Eval extends PraxiCommand<EvalResult> {
  static summary = "Measure praxi's defaults and the Praxi-compatible reference on labelled data.";
  static description = `Cross-validation over the inputs (single-label folds stratified by package as Praxi did,
multi-label folds round-robin after a shuffle), or train on the inputs and test on --test. Reports
micro / macro / weighted F1, precision, recall, exact-set accuracy, a per-label table and the most
confused labels, for every mode side by side; --report writes a self-contained HTML page.\n\n${directoryHelp(true)}`;

  static examples = [
    '<%= config.bin %> eval ./sl/train --test ./sl/test',
    '<%= config.bin %> eval ./sl/train ./ml/train --test ./ml/test --multi --report report.html',
    '<%= config.bin %> eval ./labelled --folds 5 --json',
  ];

  static strict = false;
  static args = {inputs: Args.string({description: 'labelled changesets or tag files (training data)'})};
  static flags = {
    test: Flags.string({char: 't', description: 'test inputs (repeatable); without it: cross-validation', multiple: true}),
    folds: Flags.integer({description: 'cross-validation folds', default: 5, min: 2}),
    multi: Flags.boolean({description: 'multi-label evaluation'}),
    modes: Flags.string({description: 'comma-separated modes to run (default: all)'}),
    passes: Flags.integer({description: 'VW passes', default: 10, min: 1}),
    bits: Flags.integer({char: 'b', description: 'VW hash bits', default: 26, min: 1, max: 30}),
    threshold: Flags.integer({description: 'Columbus frequency threshold', default: 2, min: 0}),
    filter: Flags.string({description: 'Columbus filter list: praxi, none, or a file', default: 'praxi'}),
    report: Flags.string({description: 'write a self-contained HTML report here'}),
    seed: Flags.integer({description: 'seed of the fold assignment and calibration splits', default: 1}),
    jobs: Flags.integer({char: 'j', description: 'changesets tagged at once', min: 1}),
  };

  async run(): Promise<EvalResult> {
    const {argv, flags} = await this.parse(Eval);
    const inputs = argv as string[];
    if (inputs.length === 0) throw new PraxiError('no inputs: give labelled changesets or tag files', 'USAGE_NO_INPUT');
    const result = await evaluate(inputs, {
      multi: flags.multi,
      folds: flags.folds,
      ...(flags.test ? {test: flags.test} : {}),
      ...(flags.modes ? {modes: flags.modes.split(',').map((m) => m.trim())} : {}),
      passes: flags.passes,
      bits: flags.bits,
      threshold: flags.threshold,
      filter: flags.filter,
      ...(flags.jobs ? {jobs: flags.jobs} : {}),
      seed: flags.seed,
      onError: (err) => reportError(err),
      onProgress: (msg) => process.stderr.write(`praxi: ${msg}\n`),
    });
    if (flags.report) await writeFileAtomic(flags.report, renderEvalHtml(result));
    this.log(`${result.kind}-label: ${result.setup.train_examples} training / ${result.setup.test_examples} test changesets, ${result.setup.labels} labels`);
    this.log('mode              micro-F1  macro-F1  weighted-F1  precision  recall  exact');
    for (const r of result.results) {
      const m = r.metrics;
      this.log(`${(r.mode + (r.reference_only ? '*' : '')).padEnd(16)}  ${m.micro.f1.toFixed(4)}    ${m.macro.f1.toFixed(4)}    ${m.weighted.f1.toFixed(4)}       ${m.micro.precision.toFixed(4)}     ${m.micro.recall.toFixed(4)}  ${m.exact_match.toFixed(4)}`);
    }
    if (result.results.some((r) => r.reference_only)) this.log('* reference only: not possible in a deployment');
    if (result.errors.length > 0) process.exitCode = 1;
    return result;
  }
}
