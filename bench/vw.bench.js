// The VW learner through the addon (VwModel.train / predict, as `praxi train` / `praxi predict` use it)
// against the real vw (shared/vw/vw, the default SIMD build, and vw-exact) on the same Praxi-like data
// and flags: --oaa 80 -b 26 -l 1.5 --loss_function logistic --probabilities --passes 10 (-c -k for vw).
// vw times include its process start and reading the text file; the addon's include copying the lines
// into C++ and parsing them (the data is already in memory, as in praxi). Ratios > 1: the addon is faster.
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

import {fmt, hasShared, projectRoot, sharedDir} from './lib.js';

const K = Number(process.env.VW_BENCH_CLASSES ?? 80);
const N = Number(process.env.VW_BENCH_EXAMPLES ?? 4000);
const F = Number(process.env.VW_BENCH_FEATURES ?? 300);
const V = 20000;
const PASSES = 10;
const RUNS = Number(process.env.VW_BENCH_RUNS ?? 3);

// Deterministic PRNG (mulberry32), the generator of bench/vw/bench.cjs: each class has characteristic
// tags (its package's files) plus shared noise tags.
function rng(seed) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function generate(n, seed) {
  const r = rng(seed);
  const lines = [];
  for (let i = 0; i < n; i++) {
    const k = 1 + Math.floor(r() * K);
    const tags = new Set();
    while (tags.size < F) tags.add(r() < 0.6 ? `pkg${k}/f${Math.floor(r() * 400)}` : `usr/share/t${Math.floor(r() * V)}`);
    lines.push(`${k} | ${[...tags].map((t) => `${t}:${1 + Math.floor(r() * 30)}`).join(' ')}`);
  }
  return lines;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (t0) => Number(process.hrtime.bigint() - t0) / 1e9;

function runBinary(bin, args) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(bin, args, {encoding: 'utf8', maxBuffer: 1 << 28});
  const s = seconds(t0);
  if (r.status !== 0) throw new Error(`${bin} ${args.join(' ')} failed:\n${r.stderr}`);
  return {s, stderr: r.stderr};
}

const argmax = (row) => row.reduce((b, v, i) => (v > row[b] ? i : b), 0);

export async function run() {
  const {VwModel} = await import(join(projectRoot, 'dist', 'vw', 'index.js'));
  const work = mkdtempSync(join(tmpdir(), 'praxi-vw-bench-'));
  const train = generate(N, 1);
  const test = generate(Math.floor(N / 4), 2);
  const trainFile = join(work, 'train.txt');
  const testFile = join(work, 'test.txt');
  writeFileSync(trainFile, `${train.join('\n')}\n`);
  writeFileSync(testFile, `${test.join('\n')}\n`);
  const texts = test.map((l) => l.slice(l.indexOf('|') + 2));
  const modelArgs = ['--oaa', String(K), '-b', '26', '-l', '1.5', '--loss_function', 'logistic', '--probabilities'];
  console.log(`data: ${N} training / ${test.length} test examples, ${K} classes, ${F} features each; flags ${modelArgs.join(' ')} --passes ${PASSES}`);

  // The addon.
  const trainTimes = [];
  let model;
  let stats;
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    model = VwModel.create(modelArgs);
    stats = await model.train(train, {passes: PASSES});
    trainTimes.push(seconds(t0));
  }
  const predictTimes = [];
  let scores;
  for (let i = 0; i < RUNS + 2; i++) {
    const t0 = process.hrtime.bigint();
    scores = await model.predict(texts);
    predictTimes.push(seconds(t0));
  }
  let t0 = process.hrtime.bigint();
  const bytes = await model.save();
  const saveS = seconds(t0);
  t0 = process.hrtime.bigint();
  await VwModel.load(bytes, ['--probabilities', '--loss_function', 'logistic']);
  const loadS = seconds(t0);
  const addon = {
    train_seconds_median: median(trainTimes),
    passes_used: stats.passesUsed,
    early_stopped: stats.earlyStopped,
    train_examples_per_s: (N * stats.passesUsed) / median(trainTimes),
    predict_seconds_median: median(predictTimes),
    predict_examples_per_s: test.length / median(predictTimes),
    save_seconds: saveS,
    load_seconds: loadS,
    model_bytes: bytes.length,
  };
  console.log(`addon: train ${fmt(addon.train_seconds_median, 3)} s (${stats.passesUsed} passes, ${fmt(addon.train_examples_per_s)} ex/s), predict ${fmt(addon.predict_examples_per_s)} ex/s, save ${fmt(saveS, 3)} s, load ${fmt(loadS, 3)} s, ${fmt(bytes.length / 1e6, 1)} MB`);
  const result = {data: {classes: K, train_examples: N, test_examples: test.length, features_per_example: F, passes: PASSES, args: modelArgs}, addon};

  // The real vw builds.
  const oracles = [['vw', join(sharedDir, 'vw', 'vw')], ['vw_exact', join(sharedDir, 'vw', 'vw-exact')]].filter(([, bin]) => hasShared && existsSync(bin));
  if (oracles.length === 0) console.log('vw not found (shared/vw): addon numbers only');
  for (const [name, bin] of oracles) {
    const modelFile = join(work, `${name}.vw`);
    const predFile = join(work, `${name}.pred`);
    const tr = [];
    let passesUsed = PASSES;
    for (let i = 0; i < RUNS; i++) {
      const r = runBinary(bin, [...modelArgs, '--passes', String(PASSES), '-c', '-k', '--cache_file', join(work, `${name}.cache`), '-d', trainFile, '-f', modelFile]);
      tr.push(r.s);
      passesUsed = Number(/passes used = (\d+)/.exec(r.stderr)?.[1] ?? PASSES);
    }
    const te = [];
    for (let i = 0; i < RUNS; i++) {
      te.push(runBinary(bin, ['-t', '-i', modelFile, '--probabilities', '--loss_function', 'logistic', '-d', testFile, '-p', predFile, '--quiet']).s);
    }
    const printed = readFileSync(predFile, 'utf8').trim().split('\n');
    let agree = 0;
    for (let i = 0; i < printed.length; i++) {
      const theirs = printed[i].split(' ').map((p) => Number(p.split(':')[1]));
      if (argmax(theirs) === argmax(scores.row(i))) agree++;
    }
    const o = {
      train_seconds_median: median(tr),
      passes_used: passesUsed,
      train_examples_per_s: (N * passesUsed) / median(tr),
      predict_seconds_median: median(te),
      predict_examples_per_s: test.length / median(te),
      model_bytes_equal_addon: name === 'vw_exact' ? readFileSync(modelFile).equals(bytes) : undefined,
      class_decision_agreement_with_addon: agree / printed.length,
    };
    result[name] = o;
    result[`ratio_vs_${name}`] = {
      train_speed: o.train_seconds_median / addon.train_seconds_median,
      predict_speed: o.predict_seconds_median / addon.predict_seconds_median,
    };
    console.log(`${name}: train ${fmt(o.train_seconds_median, 3)} s (${passesUsed} passes), predict ${fmt(o.predict_examples_per_s)} ex/s (process incl.); addon is ${fmt(result[`ratio_vs_${name}`].train_speed, 2)}x at training, ${fmt(result[`ratio_vs_${name}`].predict_speed, 2)}x at prediction; decisions agree ${fmt(o.class_decision_agreement_with_addon * 100, 1)}%${o.model_bytes_equal_addon !== undefined ? `; model bytes equal: ${o.model_bytes_equal_addon}` : ''}`);
  }
  rmSync(work, {recursive: true, force: true});
  return result;
}
