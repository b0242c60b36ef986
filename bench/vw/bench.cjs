#!/usr/bin/env node
// Benchmark: praxi-vw (native/vw) vs the real vw on a Praxi-like data set.
//
// Build praxi-vw first (Release, outside the source tree):
//   cmake -S /work/main -B /tmp/vwbench -G Ninja -DCMAKE_BUILD_TYPE=Release && cmake --build /tmp/vwbench --target praxi-vw -j2
// Run:
//   node bench/vw/bench.cjs [--praxi /tmp/vwbench/native/vw/praxi-vw] [--vw /work/shared/vw/vw]
//                          [--classes 80] [--examples 4000] [--features 300] [--vocab 20000]
// Writes bench/results/vw-cli.json (vw.json belongs to bench/vw.bench.js, the addon vs vw, run by
// `npm run bench`). Peak RSS comes from /usr/bin/time -v when available, else from
// wait4() rusage via a tiny shell wrapper (ru_maxrss in KiB).
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync } = require('child_process');

function arg(name, def) {
  const i = process.argv.indexOf('--' + name);
  return i >= 0 ? process.argv[i + 1] : def;
}
const root = path.resolve(__dirname, '..', '..');
const praxi = arg('praxi', '/tmp/vwbench/native/vw/praxi-vw');
const vw = arg('vw', '/work/shared/vw/vw');
const K = Number(arg('classes', 80));
const N = Number(arg('examples', 4000));
const F = Number(arg('features', 300));
const V = Number(arg('vocab', 20000));
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vwbench-'));

// Deterministic PRNG (mulberry32) so both engines see the same file every run.
function rng(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
// Praxi-like: each class has a set of characteristic tags (package files), plus shared noise tags.
function generate(file, n, seed) {
  const r = rng(seed);
  const lines = [];
  for (let i = 0; i < n; i++) {
    const k = 1 + Math.floor(r() * K);
    const tags = new Set();
    while (tags.size < F) {
      const own = r() < 0.6;
      const t = own ? `pkg${k}/f${Math.floor(r() * 400)}` : `usr/share/t${Math.floor(r() * V)}`;
      tags.add(t);
    }
    const feats = [...tags].map((t) => `${t}:${1 + Math.floor(r() * 30)}`).join(' ');
    lines.push(`${k} | ${feats}`);
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

function timed(bin, args) {
  const hasTime = fs.existsSync('/usr/bin/time');
  const cmd = hasTime ? '/usr/bin/time' : bin;
  const full = hasTime ? ['-v', bin, ...args] : args;
  const t0 = process.hrtime.bigint();
  const res = spawnSync(cmd, full, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  if (res.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed:\n${res.stderr}`);
  const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(res.stderr || '');
  return { secs, rssKiB: m ? Number(m[1]) : null, stderr: res.stderr };
}

const train = path.join(work, 'train.txt');
const test = path.join(work, 'test.txt');
generate(train, N, 1);
generate(test, Math.floor(N / 4), 2);
const trainFlags = (model, cache, pred) => ['--oaa', String(K), '-b', '26', '--passes', '10', '--loss_function', 'logistic',
  '--probabilities', '-l', '1.5', '-c', '-k', '--cache_file', cache, '-d', train, '-f', model, '--quiet'];
const testFlags = (model, pred) => ['-t', '-i', model, '--probabilities', '--loss_function', 'logistic', '-d', test,
  '-p', pred, '--quiet'];

const results = {};
for (const [name, bin] of [['vw', vw], ['praxi', praxi]]) {
  if (!fs.existsSync(bin)) { console.error(`missing ${name} binary: ${bin}`); process.exit(2); }
  const model = path.join(work, `${name}.vw`);
  const tr = timed(bin, trainFlags(model, path.join(work, `${name}.cache`)));
  const pred = path.join(work, `${name}.pred`);
  const te = timed(bin, testFlags(model, pred));
  const nTest = fs.readFileSync(test, 'utf8').split('\n').filter(Boolean).length;
  results[name] = {
    train_seconds: tr.secs,
    train_examples_per_second: (N * 10) / tr.secs,  // upper bound: 10 passes unless early termination
    train_peak_rss_kib: tr.rssKiB,
    predict_seconds: te.secs,
    predict_examples_per_second: nTest / te.secs,
    predict_peak_rss_kib: te.rssKiB,
    model_bytes: fs.statSync(model).size,
  };
}
// Agreement of class decisions (argmax of the probability lines).
const argmax = (l) => { let b = -1, bp = -1; for (const t of l.split(' ')) { const [c, p] = t.split(':'); if (+p > bp) { bp = +p; b = c; } } return b; };
const pv = fs.readFileSync(path.join(work, 'vw.pred'), 'utf8').split('\n').filter(Boolean).map(argmax);
const pp = fs.readFileSync(path.join(work, 'praxi.pred'), 'utf8').split('\n').filter(Boolean).map(argmax);
const agree = pv.filter((c, i) => c === pp[i]).length / Math.max(1, pv.length);
const ratio = (a, b) => (a && b ? a / b : null);
const summary = {
  date: new Date().toISOString(),
  data: { classes: K, train_examples: N, features_per_example: F, vocab: V, test_examples: pv.length },
  flags: trainFlags('model.vw', 'a.cache').join(' '),
  vw: results.vw,
  praxi: results.praxi,
  ratios: {
    train_speed_praxi_over_vw: ratio(results.vw.train_seconds, results.praxi.train_seconds),
    predict_speed_praxi_over_vw: ratio(results.vw.predict_seconds, results.praxi.predict_seconds),
    train_rss_praxi_over_vw: ratio(results.praxi.train_peak_rss_kib, results.vw.train_peak_rss_kib),
    predict_rss_praxi_over_vw: ratio(results.praxi.predict_peak_rss_kib, results.vw.predict_peak_rss_kib),
  },
  class_decision_agreement: agree,
};
const outDir = path.join(root, 'bench', 'results');
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'vw-cli.json'), JSON.stringify(summary, null, 2) + '\n');
console.log(JSON.stringify(summary, null, 2));
fs.rmSync(work, { recursive: true, force: true });
