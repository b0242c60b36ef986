// Large models (issue 15): Praxi's single-label flags (--oaa N -b 26 -l 1.5 logistic --probabilities
// --passes 10) with 600 and 1,000 labels. Measures
//   - cold `praxi predict` of one changeset (new process each time; training leaves a verified stamp,
//     src/model/verify.ts, so even the first one does not hash the file), split into phases, against
//     bare `node -e ''` start-up in the same run; and of the model real vw wrote (no manifest);
//   - in-process model load: predict-only (weights on demand) vs the previous full load;
//   - training peak RSS against real vw (/work/shared/vw/vw) on the same data at 1,000 labels.
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

import {fmt, projectRoot, sharedDir, withoutExtraCaCerts} from './lib.js';

const cli = join(projectRoot, 'bin', 'run.js');
const vwBin = join(sharedDir, 'vw', 'vw');
const timeBin = '/usr/bin/time';

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Tag files: 2 changesets per label, 30 label-specific tags and 20 shared ones from a 30,000-tag vocabulary. */
function writeTagSet(dir, labels) {
  mkdirSync(dir, {recursive: true});
  let x = 7;
  const rand = (n) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
  const vw = [];
  for (let l = 0; l < labels; l++) {
    const own = Array.from({length: 30}, () => `t${rand(30000)}.`);
    for (let k = 0; k < 2; k++) {
      const tags = [...own, ...Array.from({length: 20}, () => `t${rand(30000)}.`)].map((t) => `${t}:${1 + rand(9)}`);
      const label = `pkg${String(l).padStart(4, '0')}`;
      writeFileSync(join(dir, `${label}.${k}.tag`), `label: ${label}\ntags:\n${tags.map((t) => `- ${t}\n`).join('')}`);
      vw.push({label, line: tags.join(' ')});
    }
  }
  const order = [...new Set(vw.map((v) => v.label))].sort();
  return vw.map((v) => `${order.indexOf(v.label) + 1} | ${v.line}`).join('\n') + '\n';
}

/** Wall seconds and peak RSS (MB, when /usr/bin/time is there) of a command. */
function measured(cmd, args, env = {}) {
  const useTime = existsSync(timeBin);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(useTime ? timeBin : cmd, useTime ? ['-f', 'praxi-bench-rss %M', cmd, ...args] : args, {env: {...process.env, ...env}, encoding: 'utf8', maxBuffer: 1 << 26});
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  const m = /praxi-bench-rss (\d+)/.exec(r.stderr);
  return {seconds, rss_mb: m ? Number(m[1]) / 1024 : null, stderr: r.stderr};
}

function coldPredict(one, model, env, base = process.env) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [cli, 'predict', one, '--model', model], {env: {...base, ...env, PRAXI_TIMINGS: '1'}, encoding: 'utf8'});
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`predict failed: ${r.stderr}`);
  const line = r.stderr.split('\n').find((l) => l.startsWith('praxi-timings '));
  return {ms, timings: JSON.parse(line.slice('praxi-timings '.length))};
}

function inProcessLoads(model, env) {
  const script = `
    const {PraxiModel} = await import(${JSON.stringify(join(projectRoot, 'dist', 'index.js'))});
    const t = async (o) => { const t0 = performance.now(); await PraxiModel.load(${JSON.stringify(model)}, o); return performance.now() - t0; };
    const onDemand = await t({predictOnly: true});
    const full = await t({});
    console.log(JSON.stringify({onDemand, full}));`;
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], {env: {...process.env, ...env}, encoding: 'utf8'}));
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'praxi-bench-large-'));
  const env = {PRAXI_CACHE_DIR: join(dir, 'cache')};
  const result = {flags: '--oaa N -b 26 --learning_rate 1.5 --passes 10 --probabilities --loss_function logistic', models: {}};
  try {
    const nodeStart = (base) => median(Array.from({length: 7}, () => {
      const t0 = process.hrtime.bigint();
      execFileSync(process.execPath, ['-e', ''], {env: base});
      return Number(process.hrtime.bigint() - t0) / 1e6;
    }));
    const nodeOnly = nodeStart(process.env);
    result.node_empty_start_ms = nodeOnly;
    // NODE_EXTRA_CA_CERTS costs every node start the parse of a CA bundle: measured both ways.
    const extraCa = process.env.NODE_EXTRA_CA_CERTS !== undefined;
    result.node_extra_ca_certs_set = extraCa;
    if (extraCa) result.node_empty_start_ms_without_extra_ca_certs = nodeStart(withoutExtraCaCerts());
    for (const labels of [600, 1000]) {
      const data = join(dir, `tags${labels}`);
      const vwLines = writeTagSet(data, labels);
      const model = join(dir, `m${labels}.vw`);
      const train = measured(process.execPath, [cli, 'train', data, '--model', model], env);
      const entry = {model_bytes: statSync(model).size, train_s: train.seconds, train_peak_rss_mb: train.rss_mb};
      if (labels === 1000 && existsSync(vwBin)) {
        const file = join(dir, 'train.vw');
        writeFileSync(file, vwLines);
        const vw = measured(vwBin, ['-d', file, '--oaa', String(labels), '-b', '26', '--learning_rate', '1.5', '--passes', '10', '--probabilities',
          '--loss_function=logistic', '--kill_cache', '--cache_file', join(dir, 'a.cache'), '-f', join(dir, 'vw.model'), '--quiet']);
        Object.assign(entry, {vw_train_s: vw.seconds, vw_train_peak_rss_mb: vw.rss_mb,
          train_rss_vs_vw: entry.train_peak_rss_mb && vw.rss_mb ? entry.train_peak_rss_mb / vw.rss_mb : null});
        // The model vw wrote, as it is (no manifest): opened on demand like praxi's own.
        const one = join(data, 'pkg0001.0.tag');
        const bare = Array.from({length: 5}, () => coldPredict(one, join(dir, 'vw.model'), env));
        entry.cold_predict_vw_model_ms = {median: median(bare.map((r) => r.ms)), min: Math.min(...bare.map((r) => r.ms)), runs: bare.length};
      }
      // Right after training: `praxi train` stamps the file it verified (src/model/verify.ts).
      const one = join(data, 'pkg0001.0.tag');
      const first = coldPredict(one, model, env);
      const runs = Array.from({length: 9}, () => coldPredict(one, model, env));
      const plainRuns = extraCa ? Array.from({length: 9}, () => coldPredict(one, model, env, withoutExtraCaCerts())) : [];
      // The same command line through oclif (src/cli/fast-predict.ts is what runs it otherwise).
      const oclifRuns = Array.from({length: 5}, () => coldPredict(one, model, {...env, PRAXI_FAST_CLI: '0'}));
      const loads = inProcessLoads(model, env);
      Object.assign(entry, {
        cold_predict_first_ms: first.ms,
        cold_predict_first_model_load_ms: first.timings.model_load_ms,
        cold_predict_ms: {median: median(runs.map((r) => r.ms)), min: Math.min(...runs.map((r) => r.ms)), max: Math.max(...runs.map((r) => r.ms)), runs: runs.length, budget_ms: 300},
        ...(extraCa ? {cold_predict_ms_without_extra_ca_certs: {median: median(plainRuns.map((r) => r.ms)), min: Math.min(...plainRuns.map((r) => r.ms)), runs: plainRuns.length}} : {}),
        cold_predict_ms_through_oclif: {median: median(oclifRuns.map((r) => r.ms)), runs: oclifRuns.length},
        cold_model_load_ms: median(runs.map((r) => r.timings.model_load_ms)),
        cold_split_ms: {
          node_start: median(runs.map((r) => r.timings.node_start_end)),
          cli_and_modules: median(runs.map((r) => r.timings.command_start - r.timings.node_start_end)),
          model_load: median(runs.map((r) => r.timings.model_load_ms)),
          predict: median(runs.map((r) => r.timings.predict_ms)),
        },
        cold_predict_ms_in_process: median(runs.map((r) => r.timings.exit)),
        in_process_load_ms: {predict_only: loads.onDemand, previous_full_load: loads.full, ratio: loads.full / loads.onDemand},
      });
      result.models[labels] = entry;
      console.log(`${labels} labels (${fmt(entry.model_bytes / 1e6, 0)} MB): cold predict median ${fmt(entry.cold_predict_ms.median, 1)} ms (model load ${fmt(entry.cold_model_load_ms, 1)} ms; first predict after training ${fmt(first.ms, 0)} ms; bare node ${fmt(nodeOnly, 1)} ms); in-process load ${fmt(loads.onDemand, 1)} ms vs previous full load ${fmt(loads.full, 0)} ms (${fmt(entry.in_process_load_ms.ratio, 0)}x)`);
      console.log(`  the same command line through oclif (PRAXI_FAST_CLI=0): ${fmt(entry.cold_predict_ms_through_oclif.median, 1)} ms`);
      if (extraCa) console.log(`  without NODE_EXTRA_CA_CERTS: cold predict median ${fmt(entry.cold_predict_ms_without_extra_ca_certs.median, 1)} ms (bare node ${fmt(result.node_empty_start_ms_without_extra_ca_certs, 1)} ms)`);
      console.log(`  training ${fmt(train.seconds, 1)} s, peak RSS ${entry.train_peak_rss_mb ? fmt(entry.train_peak_rss_mb, 0) : '?'} MB` +
        (entry.vw_train_peak_rss_mb ? `; vw ${fmt(entry.vw_train_s, 1)} s, ${fmt(entry.vw_train_peak_rss_mb, 0)} MB -> ${fmt(entry.train_rss_vs_vw * 100, 0)} % of vw's` : ''));
      if (entry.cold_predict_vw_model_ms) console.log(`  the model vw wrote (no manifest): cold predict median ${fmt(entry.cold_predict_vw_model_ms.median, 1)} ms`);
      rmSync(data, {recursive: true, force: true});
    }
    return result;
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}
