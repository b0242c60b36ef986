import {PraxiCommand} from '../base-command.js';
import {PraxiError} from '../errors.js';
import {runVw} from '../vw/index.js';

export interface VwCommandResult {
  /** The engine's exit code (0 ok, 1 error), also the process's. */
  exitCode: number;
  /** The engine's stderr (progress table, summary, "error VW_<CODE>: ..."). */
  stderr: string;
}

export default class Vw extends PraxiCommand<VwCommandResult> {
  static summary = 'Run the built-in Vowpal Wabbit 9 compatible engine with a vw command line.';
  static description = `Every argument goes to the engine unchanged, as to vw: data, model and prediction files, progress and
summary on stderr, files written like vw 9.11.2 writes them (binary models loadable by vw -i).
Supported: -d -f -i -t -p -r --oaa --csoaa --multilabel_oaa --probabilities --loss_function -b -l
--power_t --initial_t --decay_learning_rate --passes -c --cache_file -k --holdout_off --readable_model
--predict_only_model --noconstant --hash --hash_seed --quiet --examples --indexing --link --sgd
(--rsqrt_approx mimics the default vw build's approximate 1/sqrt). Anything else is refused with
"error VW_ARGS". --help shows this help; --json prints {exitCode, stderr} instead of streaming stderr.
The exit code is the engine's: 0 ok, 1 error.`;

  static examples = [
    '<%= config.bin %> vw --oaa 5 -b 18 -d train.txt -f model.vw',
    '<%= config.bin %> vw -t -i model.vw -d test.txt -p predictions.txt',
    '<%= config.bin %> vw --oaa 80 -b 26 -l 1.5 --loss_function logistic --probabilities --passes 10 -c -k -d train.txt -f model.vw',
  ];

  // vw's flags (-d, -f, -b 18, ...) are not oclif flags: the raw arguments go to the engine. oclif's
  // parser refuses unknown flags even when not strict, so it is not called (oclif itself still handles
  // --help before the command runs, and jsonEnabled() reads --json from the raw arguments).
  static strict = false;

  async run(): Promise<VwCommandResult> {
    this.parsed = true;
    const json = this.jsonEnabled();
    let args = this.argv.filter((a) => a !== '--json');
    if (args[0] === '--') args = args.slice(1);
    if (args.length === 0) {
      throw new PraxiError('no vw arguments: e.g. praxi vw --oaa 5 -d train.txt -f model.vw (see praxi vw --help)', 'USAGE_NO_ARGS');
    }
    const r = await runVw(args, json ? {} : {onStderr: (text) => process.stderr.write(text)});
    process.exitCode = r.exitCode;
    return {exitCode: r.exitCode, stderr: r.stderr};
  }
}
