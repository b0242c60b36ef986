// The bundled Debian model, cold: what one `praxi run FILE` costs from process start to answer,
// split into node start, module load, model load (read, index views + checks, manifest checks),
// tag and predict. Every figure is the median over fresh processes (nothing is warm but the OS
// file cache). Budget: 300 ms wall for the whole CLI on one changeset (docs/bundled-model.md).
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

import {fmt, hasShared, projectRoot, sharedDir, withoutExtraCaCerts} from './lib.js';

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
  const model = await PraxiModel.load(bundledModelPath, {predictOnly: true});  // as `praxi run` and `predict` do
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
  // Verified stamps go to a cache of this run's own; the first probe (full sha256) writes one.
  const cache = mkdtempSync(join(tmpdir(), 'praxi-bench-bundled-'));
  process.env.PRAXI_CACHE_DIR = cache;
  const probes = [];
  for (let i = 0; i < RUNS + 1; i++) probes.push(JSON.parse(execFileSync(process.execPath, [self, '--probe', file], {encoding: 'utf8'})));
  probes.shift();  // the first warms the OS file cache and verifies the model in full
  const keys = ['node_start_ms', 'module_load_ms', 'model_load_ms', 'tag_ms', 'predict_ms', 'total_ms', 'model_read_ms', 'model_index_ms'];
  const split = Object.fromEntries(keys.map((k) => [k, median(probes.map((p) => p[k]))]));

  const wall = (args, env = process.env) => {
    execFileSync(process.execPath, args, {stdio: 'ignore', env});
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = process.hrtime.bigint();
      execFileSync(process.execPath, args, {stdio: 'ignore', env});
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    return median(times);
  };
  const nodeEmptyMs = wall(['-e', '']);
  const cliRunMs = wall([join(projectRoot, 'bin/run.js'), 'run', file]);
  const cliTagMs = wall([join(projectRoot, 'bin/run.js'), 'tag', file]);
  // Node parses the NODE_EXTRA_CA_CERTS bundle at every start: measured without it too when set.
  const extraCa = process.env.NODE_EXTRA_CA_CERTS !== undefined;
  const plain = extraCa ? {node_empty: wall(['-e', ''], withoutExtraCaCerts()), cli_run: wall([join(projectRoot, 'bin/run.js'), 'run', file], withoutExtraCaCerts())} : undefined;
  rmSync(cache, {recursive: true, force: true});
  delete process.env.PRAXI_CACHE_DIR;
  const manifest = JSON.parse((await import('node:fs')).readFileSync(join(projectRoot, 'data/model', 'debian-bookworm.profile.json'), 'utf8'));
  const r = {
    changeset: file,
    model: {labels: manifest.labels.length, gzip_bytes: (await import('node:fs')).statSync(join(projectRoot, 'data/model/debian-bookworm.profile')).size, uncompressed_bytes: manifest.data?.uncompressed_bytes},
    runs: RUNS,
    cold_split_median_ms: split,
    top5_of_probe: probes[0].top,
    wall_median_ms: {node_empty: nodeEmptyMs, cli_run: cliRunMs, cli_tag_same_file: cliTagMs},
    node_extra_ca_certs_set: extraCa,
    ...(plain ? {wall_median_ms_without_extra_ca_certs: plain} : {}),
    cli_overhead_ms: cliRunMs - split.model_load_ms - split.tag_ms - split.predict_ms,
    budget_ms: BUDGET_MS,
    within_budget: cliRunMs <= BUDGET_MS,
  };
  console.log(`cold split (median of ${RUNS}): node start ${fmt(split.node_start_ms, 1)} ms, modules ${fmt(split.module_load_ms, 1)} ms, model ${fmt(split.model_load_ms, 1)} ms (read ${fmt(split.model_read_ms, 1)}, index ${fmt(split.model_index_ms, 1)}), tag ${fmt(split.tag_ms, 1)} ms, predict ${fmt(split.predict_ms, 1)} ms`);
  console.log(`wall: node -e '' ${fmt(nodeEmptyMs, 0)} ms; praxi tag ${fmt(cliTagMs, 0)} ms; praxi run ${fmt(cliRunMs, 0)} ms (budget ${BUDGET_MS} ms)`);
  if (plain) console.log(`without NODE_EXTRA_CA_CERTS: node -e '' ${fmt(plain.node_empty, 0)} ms; praxi run ${fmt(plain.cli_run, 0)} ms`);
  return r;
}

if (process.argv[2] === '--probe') await probe(process.argv[3]);
