import {Args, Flags} from '@oclif/core';
import {availableParallelism} from 'node:os';
import {delimiter} from 'node:path';

import {PraxiCommand} from '../base-command.js';
import {imageFlags, imageOptionsFromFlags} from '../images/flags.js';
import {ExitCode, PraxiError} from '../errors.js';
import {run, type RunResult} from '../flow/run.js';
import {PREDICTION_FORMATS, renderPredictions, type PredictionFormat} from '../report/formats.js';
import {errorToJson} from '../report-error.js';
import {createLogger} from '../util/log.js';
import {parseShard, type Shard} from '../util/shard.js';
import {directoryHelp} from '../changesets/discover.js';

/** Exit code after SIGTERM: the conventional 128 + 15; nothing was written. */
export const EXIT_TERMINATED = 143;

function splitList(value: string | undefined): string[] {
  return value ? value.split(delimiter).filter(Boolean) : [];
}

/** --shard, else a Kubernetes Indexed Job's JOB_COMPLETION_INDEX with PRAXI_SHARD_COUNT pods. */
function shardFrom(flag: string | undefined, env: NodeJS.ProcessEnv): Shard | undefined {
  if (flag) return parseShard(flag);
  if (env.JOB_COMPLETION_INDEX !== undefined && env.PRAXI_SHARD_COUNT !== undefined) {
    return parseShard(`${env.JOB_COMPLETION_INDEX}/${env.PRAXI_SHARD_COUNT}`);
  }
  return undefined;
}

export default class Run extends PraxiCommand<RunResult> {
  static summary = 'Tag and predict in one process (the whole pipeline); the entrypoint of a pod.';
  static description = `Reads changesets, directories, tag files, images or --tree volumes, tags them and names the
packages with the model (the bundled default model unless --model). With --out DIR the results are
written atomically to DIR/predictions.json (plus tags.jsonl with --keep-tags, sbom.cdx.json with
--sbom). Every flag can come from the environment (PRAXI_INPUT, PRAXI_MODEL, PRAXI_OUT, ...; lists
separated by ':'), so a pod needs no arguments. Logs are JSON lines on stderr when stderr is not a
terminal. SIGTERM stops reading, writes nothing and exits ${EXIT_TERMINATED}.\n\n${directoryHelp(true)}`;

  static examples = [
    '<%= config.bin %> run ./changesets',
    '<%= config.bin %> run --tree /mnt/volume --out /results',
    'PRAXI_INPUT=/data PRAXI_OUT=/results PRAXI_MODEL=/models/model.vw <%= config.bin %> run',
  ];

  static strict = false;
  static args = {inputs: Args.string({description: 'changesets, tag files, directories, images, or - (default: $PRAXI_INPUT)'})};
  static flags = {
    ...imageFlags,
    model: Flags.string({char: 'm', description: 'model file (default: the bundled model)', env: 'PRAXI_MODEL'}),
    out: Flags.string({char: 'o', description: 'directory for predictions.json (written atomically)', env: 'PRAXI_OUT'}),
    'keep-tags': Flags.boolean({description: 'also write tags.jsonl into --out', env: 'PRAXI_KEEP_TAGS'}),
    sbom: Flags.boolean({description: 'also write a CycloneDX SBOM sbom.cdx.json into --out', env: 'PRAXI_SBOM'}),
    tree: Flags.string({description: 'a directory tree taken as one changeset; repeatable', multiple: true, env: 'PRAXI_TREE'}),
    'min-labels': Flags.integer({description: 'multi-label: report at least this many labels (default 1; 0 allows none)', min: 0, env: 'PRAXI_MIN_LABELS'}),
    top: Flags.integer({char: 'k', description: 'report exactly the K best labels', min: 1, env: 'PRAXI_TOP'}),
    threshold: Flags.string({description: 'decision threshold overriding the calibrated one', env: 'PRAXI_THRESHOLD'}),
    labels: Flags.string({description: 'labels of a bare vw model, one per line', env: 'PRAXI_LABELS'}),
    format: Flags.string({char: 'f', description: 'format printed on stdout', options: [...PREDICTION_FORMATS], default: 'json', env: 'PRAXI_FORMAT'}),
    shard: Flags.string({description: 'process shard i of n (i/n, 0-based); default from JOB_COMPLETION_INDEX and PRAXI_SHARD_COUNT', env: 'PRAXI_SHARD'}),
    jobs: Flags.integer({char: 'j', description: 'changesets processed at once', min: 1, env: 'PRAXI_JOBS', default: async () => availableParallelism()}),
    'log-format': Flags.string({description: 'stderr logs: json or text (default: json unless stderr is a terminal)', options: ['json', 'text'], env: 'PRAXI_LOG_FORMAT'}),
  };

  async run(): Promise<RunResult> {
    const {argv, flags} = await this.parse(Run);
    const inputs = (argv as string[]).length > 0 ? (argv as string[]) : splitList(process.env.PRAXI_INPUT);
    // From the environment oclif hands a `multiple` flag over as one string, from argv as a list.
    const trees = [flags.tree ?? []].flat().flatMap((t) => splitList(t));
    if (inputs.length === 0 && trees.length === 0) throw new PraxiError('no inputs: give paths, --tree DIR, or set PRAXI_INPUT / PRAXI_TREE', 'USAGE_NO_INPUT');
    let threshold: number | undefined;
    if (flags.threshold !== undefined) {
      threshold = Number(flags.threshold);
      if (!Number.isFinite(threshold)) throw new PraxiError(`--threshold must be a number, got ${flags.threshold}`, 'USAGE_THRESHOLD');
    }
    const shard = shardFrom(flags.shard, process.env);
    const log = createLogger(flags['log-format'] ? {json: flags['log-format'] === 'json'} : {});
    const abort = new AbortController();
    const onTerm = () => {
      log.warn({signal: 'SIGTERM'}, 'SIGTERM: stopping; nothing will be written');
      abort.abort();
      // A read of `-` may be blocked on an open pipe: end it so the run can stop now.
      process.stdin.destroy();
    };
    process.once('SIGTERM', onTerm);
    log.info({inputs, trees, model: flags.model ?? 'bundled', out: flags.out, shard}, 'praxi run started');
    let result: RunResult;
    try {
      result = await run(inputs, {
        ...(flags.model ? {model: flags.model} : {}),
        ...(flags.out ? {out: flags.out} : {}),
        keepTags: flags['keep-tags'],
        sbom: flags.sbom,
        ...(flags.labels ? {labelsFile: flags.labels} : {}),
        ...(flags.top !== undefined ? {top: flags.top} : {}),
      ...(flags['min-labels'] !== undefined ? {minLabels: flags['min-labels']} : {}),
        ...(threshold !== undefined ? {threshold} : {}),
        ...(shard ? {shard} : {}),
        jobs: flags.jobs,
        trees,
        image: imageOptionsFromFlags(flags),
        signal: abort.signal,
        onError: (err) => log.error({error: errorToJson(err)}, err.message),
      });
    } finally {
      process.removeListener('SIGTERM', onTerm);
    }
    if (result.aborted) {
      log.warn('terminated before finishing; no output written');
      this.exit(EXIT_TERMINATED);
    }
    const found = result.predictions.reduce((n, p) => n + p.labels.length, 0);
    log.info({changesets: result.predictions.length, labels: found, errors: result.errors.length, written: result.written}, 'praxi run finished');
    if (result.predictions.length === 0 && result.errors.length > 0) process.exitCode = ExitCode.nothingProcessed;
    else if (result.errors.length > 0) process.exitCode = ExitCode.someInputsFailed;
    if (!flags.out && !this.jsonEnabled()) process.stdout.write(await renderPredictions(result, flags.format as PredictionFormat));
    return result;
  }
}
