// The bundled Debian model, cold: what one `praxi run FILE` costs from process start to answer,
// split into node start, module load, model load (read, index views + checks, manifest checks),
// tag and predict. Every figure is the median over fresh processes (nothing is warm but the OS
// file cache). Budget: 300 ms wall for the whole CLI on one changeset (docs/bundled-model.md).
import {execFileSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

import {fmt, hasShared, projectRoot, sharedDir} from './lib.js';

const RUNS = 9;
const BUDGET_MS = 300;

function changesetFile() {
  const shared = join(sharedDir, 'data', 'debian-sample', 'sl', 'test', 'adduser.0.yaml');
  return hasShared && existsSync(shared) ? shared : join(projectRoot, 'data', 'sample', 'sl-00a3a96c45ac.yaml');
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs in a fresh process (`node bench/bundled.bench.js --probe FILE`): timestamps in ms since process start. */
async function probe(file) {
  const t = {start: performance.now()};
  const [{PraxiModel}, {tagInputs}, {bundledModelPath}, {readFileSync}, {deserializeProfile}] = await Promise.all([
    import(join(projectRoot, 'dist/model/model.js')),
    import(join(projectRoot, 'dist/tagging.js')),
    import(join(projectRoot, 'dist/model/bundled.js')),
    import('node:fs'),
    import(join(projectRoot, 'dist/model/profile-file.js')),
    import('@oclif/core'),
  ]);
  t.modules = performance.now();
  const model = await PraxiModel.load(bundledModelPath);
  t.model = performance.now();
  let tags;
  for await (const o of tagInputs([file], {threshold: model.manifest.columbus.threshold, filter: model.manifest.columbus.filter})) tags = o.value.tags.toStrings();
  t.tag = performance.now();
  const [p] = await model.predict([{source: file, tags}], {top: 5});
  t.predict = performance.now();
  // The parts of the model load, measured after the run (warm module, same process).
  const a = performance.now();
  const bytes = readFileSync(bundledModelPath);
  const b = performance.now();
  deserializeProfile(bytes, bundledModelPath);
  const d = performance.now();
  process.stdout.write(
    JSON.stringify({
      node_start_ms: t.start,
      module_load_ms: t.modules - t.start,
      model_load_ms: t.model - t.modules,
      tag_ms: t.tag - t.model,
      predict_ms: t.predict - t.tag,
      total_ms: t.predict,
      model_read_ms: b - a,
      model_index_ms: d - b,
      top: p.labels.map((l) => l.label),
    }),
  );
}

export async function run() {
  const file = changesetFile();
  const self = fileURLToPath(import.meta.url);
  const probes = [];
  for (let i = 0; i < RUNS + 1; i++) probes.push(JSON.parse(execFileSync(process.execPath, [self, '--probe', file], {encoding: 'utf8'})));
  probes.shift();  // the first warms the OS file cache
  const keys = ['node_start_ms', 'module_load_ms', 'model_load_ms', 'tag_ms', 'predict_ms', 'total_ms', 'model_read_ms', 'model_index_ms'];
  const split = Object.fromEntries(keys.map((k) => [k, median(probes.map((p) => p[k]))]));

  const wall = (args) => {
    execFileSync(process.execPath, args, {stdio: 'ignore'});
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = process.hrtime.bigint();
      execFileSync(process.execPath, args, {stdio: 'ignore'});
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    return median(times);
  };
  const nodeEmptyMs = wall(['-e', '']);
  const cliRunMs = wall([join(projectRoot, 'bin/run.js'), 'run', file]);
  const cliTagMs = wall([join(projectRoot, 'bin/run.js'), 'tag', file]);
  const manifest = JSON.parse((await import('node:fs')).readFileSync(join(projectRoot, 'data/model', 'debian-bookworm.profile.json'), 'utf8'));
  const r = {
    changeset: file,
    model: {labels: manifest.labels.length, gzip_bytes: (await import('node:fs')).statSync(join(projectRoot, 'data/model/debian-bookworm.profile')).size, uncompressed_bytes: manifest.data?.uncompressed_bytes},
    runs: RUNS,
    cold_split_median_ms: split,
    top5_of_probe: probes[0].top,
    wall_median_ms: {node_empty: nodeEmptyMs, cli_run: cliRunMs, cli_tag_same_file: cliTagMs},
    cli_overhead_ms: cliRunMs - split.model_load_ms - split.tag_ms - split.predict_ms,
    budget_ms: BUDGET_MS,
    within_budget: cliRunMs <= BUDGET_MS,
  };
  console.log(`cold split (median of ${RUNS}): node start ${fmt(split.node_start_ms, 1)} ms, modules ${fmt(split.module_load_ms, 1)} ms, model ${fmt(split.model_load_ms, 1)} ms (read ${fmt(split.model_read_ms, 1)}, index ${fmt(split.model_index_ms, 1)}), tag ${fmt(split.tag_ms, 1)} ms, predict ${fmt(split.predict_ms, 1)} ms`);
  console.log(`wall: node -e '' ${fmt(nodeEmptyMs, 0)} ms; praxi tag ${fmt(cliTagMs, 0)} ms; praxi run ${fmt(cliRunMs, 0)} ms (budget ${BUDGET_MS} ms)`);
  return r;
}

if (process.argv[2] === '--probe') await probe(process.argv[3]);
