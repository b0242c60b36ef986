// Multi-label discovery: praxi's default (tag-profile presence) against the Praxi-compatible
// reference (VW csoaa + held-out cost threshold; and told the true k) on the same train/test split
// in the same process: micro-F1 and training / prediction time of each.
import {join} from 'node:path';

import {fmt, hasShared, projectRoot, sharedDir} from './lib.js';

export async function run() {
  if (!hasShared) {
    console.log('shared/ absent: the multi-label benchmark needs labelled multi-label data (shared/data/debian-sample)');
    return {skipped: 'no shared data'};
  }
  const {evaluate} = await import(join(projectRoot, 'dist', 'eval', 'evaluate.js'));
  const s = join(sharedDir, 'data', 'debian-sample');
  const setups = [
    {name: 'ml-train', inputs: [join(s, 'ml/train')]},
    {name: 'sl+ml-train', inputs: [join(s, 'sl/train'), join(s, 'ml/train')]},
  ];
  const out = {};
  for (const setup of setups) {
    const r = await evaluate(setup.inputs, {multi: true, test: [join(s, 'ml/test')]});
    const by = Object.fromEntries(r.results.map((m) => [m.mode, {micro_f1: m.metrics.micro.f1, exact_match: m.metrics.exact_match, train_seconds: m.train_seconds, predict_seconds: m.predict_seconds}]));
    out[setup.name] = {
      ...by,
      f1_ratio_praxi_vs_compat: by.praxi.micro_f1 / by.compat.micro_f1,
      train_time_ratio_praxi_vs_compat: by.praxi.train_seconds / by.compat.train_seconds,
    };
    console.log(
      `${setup.name}: praxi micro-F1 ${fmt(by.praxi.micro_f1, 4)} (train ${fmt(by.praxi.train_seconds, 2)} s, predict ${fmt(by.praxi.predict_seconds, 3)} s) vs compat ${fmt(by.compat.micro_f1, 4)} (train ${fmt(by.compat.train_seconds, 2)} s, predict ${fmt(by.compat.predict_seconds, 3)} s), compat told k ${fmt(by['compat-true-k'].micro_f1, 4)}`,
    );
  }
  return out;
}
