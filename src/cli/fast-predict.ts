/**
 * `praxi predict INPUT... [--model FILE]`, the form a cold start matters most for, run without
 * loading oclif: importing it and loading its configuration is about 110 ms of a 300 ms budget
 * (bench/largemodel.bench.js). Anything beyond that form, including every other flag, `--help` and
 * every mistake, goes through oclif as before (fastPredictArgs gives undefined). The output, the
 * errors and the exit codes are the oclif path's: test/commands/fast-predict.test.ts runs the same
 * command lines both ways.
 */
import {availableParallelism} from 'node:os';

import {writeFatal} from './fatal.js';
import {runPredict} from './predict-run.js';
import {bundledModelPath} from '../model/bundled.js';
import {mark} from '../util/timings.js';

export interface FastPredictArgs {
  inputs: string[];
  model?: string;
}

/** The arguments after `predict` when they are inputs and at most one `--model`/`-m`; else undefined. */
export function fastPredictArgs(args: readonly string[]): FastPredictArgs | undefined {
  const inputs: string[] = [];
  let model: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    let value: string | undefined;
    if (arg === '--model' || arg === '-m') {
      value = args[++i];
      if (value === undefined || value.startsWith('-')) return undefined;
    } else if (arg.startsWith('--model=')) {
      value = arg.slice('--model='.length);
    } else if (arg.startsWith('-') && arg !== '-') {
      return undefined;
    } else {
      inputs.push(arg);
      continue;
    }
    if (model !== undefined || value === '') return undefined;
    model = value;
  }
  return inputs.length > 0 ? {inputs, ...(model !== undefined ? {model} : {})} : undefined;
}

/** `praxi predict` with these arguments and no other flag: the command's defaults (src/commands/predict.ts). */
export async function runFastPredict(args: FastPredictArgs): Promise<void> {
  mark('node_start_end', (globalThis as {praxiEntryMs?: number}).praxiEntryMs);
  mark('command_start');
  try {
    const {text} = await runPredict(args.inputs, {model: args.model ?? bundledModelPath, evidence: false, jobs: availableParallelism(), image: {}}, 'json');
    process.stdout.write(text);
  } catch (err) {
    process.exitCode = writeFatal(err, 'predict');
  }
}
