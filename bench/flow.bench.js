// The whole flow: one changeset to a prediction with a cold CLI (`praxi predict one.yaml --model`),
// median over runs and split into phases (PRAXI_TIMINGS=1), against bare `node -e ''` start-up
// measured in the same run; plus model load time of Praxi's -b 26 models and train/predict times.
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, readdirSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

import {fmt, hasShared, projectRoot, sharedDir} from './lib.js';

const cli = join(projectRoot, 'bin', 'run.js');

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function wall(args, env = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, {env: {...process.env, ...env}, encoding: 'utf8'});
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  const line = r.stderr.split('\n').find((l) => l.startsWith('praxi-timings '));
  return {ms, timings: line ? JSON.parse(line.slice('praxi-timings '.length)) : undefined};
}

export async function run() {
  const data = hasShared ? join(sharedDir, 'data', 'debian-sample') : join(projectRoot, 'data', 'sample');
  const trainDir = hasShared ? join(data, 'sl', 'train') : data;
  const one = hasShared ? join(data, 'sl', 'test', readdirSync(join(data, 'sl', 'test')).sort()[0]) : join(data, readdirSync(data).find((f) => f.endsWith('.yaml')));
  const dir = mkdtempSync(join(tmpdir(), 'praxi-bench-flow-'));
  const model = join(dir, 'model.vw');
  const multi = join(dir, 'multi.vw');
  let t0 = Date.now();
  execFileSync(process.execPath, [cli, 'train', trainDir, '--model', model], {stdio: 'ignore'});
  const trainSingleS = (Date.now() - t0) / 1000;
  t0 = Date.now();
  const multiInputs = hasShared ? [join(data, 'sl', 'train'), join(data, 'ml', 'train')] : [data];
  execFileSync(process.execPath, [cli, 'train', ...multiInputs, '--multi', '--model', multi], {stdio: 'ignore'});
  const trainMultiS = (Date.now() - t0) / 1000;

  const runs = 11;
  const nodeOnly = [];
  const cold = [];
  const phases = [];
  for (let i = 0; i < runs; i++) {
    nodeOnly.push(wall(['-e', '']).ms);
    const r = wall([cli, 'predict', one, '--model', model], {PRAXI_TIMINGS: '1'});
    cold.push(r.ms);
    phases.push(r.timings);
  }
  const m = (key) => median(phases.map((p) => p[key] ?? 0));
  const split = {
    node_start_ms: m('node_start_end'),
    cli_and_modules_ms: median(phases.map((p) => p.command_start - p.node_start_end)),
    addon_load_ms: median(phases.map((p) => (p.addon_load_end ?? 0) - (p.addon_load_start ?? 0))),
    model_load_ms: m('model_load_ms'),
    predict_ms: m('predict_ms'),
    total_in_process_ms: m('exit'),
  };
  split.tag_and_rest_ms = Math.max(0, split.total_in_process_ms - split.node_start_ms - split.cli_and_modules_ms - split.model_load_ms - split.predict_ms - split.addon_load_ms);
  const multiCold = median(Array.from({length: 7}, () => wall([cli, 'predict', one, '--model', multi]).ms));
  const result = {
    model_bytes: statSync(model).size,
    train_seconds: {single: trainSingleS, multi: trainMultiS},
    cold_predict_ms: {median: median(cold), min: Math.min(...cold), max: Math.max(...cold), runs, budget_ms: 300},
    cold_predict_multi_ms: multiCold,
    node_empty_start_ms: median(nodeOnly),
    ratio_cold_predict_vs_node_start: median(cold) / median(nodeOnly),
    split_ms: split,
  };
  console.log(`cold CLI, one changeset -> prediction: median ${fmt(result.cold_predict_ms.median, 1)} ms (budget 300; bare node start ${fmt(result.node_empty_start_ms, 1)} ms, ratio ${fmt(result.ratio_cold_predict_vs_node_start, 2)}x)`);
  console.log(`split (median ms): node ${fmt(split.node_start_ms, 1)}, CLI+modules ${fmt(split.cli_and_modules_ms, 1)}, addon ${fmt(split.addon_load_ms, 1)}, model load ${fmt(split.model_load_ms, 1)} (${fmt(result.model_bytes / 1e6, 1)} MB, -b 26), tag+rest ${fmt(split.tag_and_rest_ms, 1)}, predict ${fmt(split.predict_ms, 1)}`);
  console.log(`multi-label model: cold predict median ${fmt(multiCold, 1)} ms; training ${fmt(trainSingleS, 2)} s single, ${fmt(trainMultiS, 2)} s multi (CLI wall)`);
  return result;
}
