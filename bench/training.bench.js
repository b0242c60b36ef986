// Training time of praxi's defaults against real vw on the held-out accuracy set (docs/accuracy.md,
// 600 labels), alternated in the same run:
// - fit: praxi's learning from changesets already read and tagged (VW on tags + path words, the
//   profile index and its calibration), in process, against `vw` on Praxi's lines for the same
//   changesets (Praxi's flags, -c for its passes): like for like, tagged data in;
// - end to end: `praxi train` as a user runs it (process start, reading and tagging included).
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

import {fmt, hasShared, projectRoot, sharedDir} from './lib.js';

const timed = (fn) => {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
};

export async function run() {
  const vw = join(sharedDir, 'vw', 'vw');
  if (!hasShared || !existsSync(vw)) {
    console.log('shared/vw absent: the training benchmark compares with real vw');
    return {skipped: 'no vw'};
  }
  const {generate} = await import(join(projectRoot, 'scripts', 'accuracy', 'generate.js'));
  const {collectLabelled} = await import(join(projectRoot, 'dist', 'model', 'collect.js'));
  const {labelTable} = await import(join(projectRoot, 'dist', 'model', 'labels.js'));
  const {csoaaLine, oaaLine} = await import(join(projectRoot, 'dist', 'vw', 'index.js'));
  const {fitModel} = await import(join(projectRoot, 'dist', 'model', 'fit.js'));
  const {defaultSpec} = await import(join(projectRoot, 'dist', 'model', 'spec.js'));
  const dir = mkdtempSync(join(tmpdir(), 'praxi-train-bench-'));
  try {
    generate(dir);
    const out = {};
    for (const [name, set, multi] of [['single', 'sl/train', false], ['multi', 'ml/train', true]]) {
      const examples = await collectLabelled([join(dir, set)], {threshold: 2, filter: 'praxi', words: true, onError: (e) => {
        throw e;
      }});
      const labels = labelTable(examples.flatMap((e) => e.labels));
      const index = new Map(labels.map((l, i) => [l, i + 1]));
      const k = labels.length;
      const lines = examples.map((e) => (multi ? csoaaLine({classes: k, present: e.labels.map((l) => index.get(l))}, e.tags) : oaaLine(index.get(e.labels[0]), e.tags)));
      const data = join(dir, `${name}.txt`);
      writeFileSync(data, `${lines.join('\n')}\n`);
      const flags = multi ? ['--csoaa', String(k)] : ['--oaa', String(k), '--loss_function', 'logistic', '--probabilities'];
      const spec = {...defaultSpec, mode: multi ? 'multi' : 'single'};
      const runs = {praxi_fit: [], vw: [], praxi_train: []};
      for (let i = 0; i < 2; i++) {
        rmSync(`${data}.cache`, {force: true});
        runs.vw.push(timed(() => execFileSync(vw, ['-d', data, ...flags, '-b', '26', '-l', '1.5', '--passes', '10', '-c', '-f', join(dir, `${name}.vw.model`), '--quiet'], {stdio: 'ignore'})));
        const t0 = process.hrtime.bigint();
        await fitModel(examples, spec);
        runs.praxi_fit.push(Number(process.hrtime.bigint() - t0) / 1e9);
        runs.praxi_train.push(timed(() => execFileSync(process.execPath, [join(projectRoot, 'bin', 'run.js'), 'train', join(dir, set), '--model', join(dir, `${name}.praxi.vw`), ...(multi ? ['--multi'] : [])], {stdio: 'ignore'})));
      }
      const best = (xs) => Math.min(...xs);
      const [fit, vwTime, train] = [best(runs.praxi_fit), best(runs.vw), best(runs.praxi_train)];
      out[name] = {changesets: examples.length, labels: k, praxi_fit_seconds: fit, vw_seconds: vwTime, ratio_fit_vs_vw: fit / vwTime, praxi_train_seconds: train, ratio_train_vs_vw: train / vwTime, runs};
      console.log(`${name}: praxi fit ${fmt(fit, 1)} s vs vw ${fmt(vwTime, 1)} s on the same tagged changesets -> ${fmt(fit / vwTime, 2)}x vw's time; praxi train end to end (reading and tagging ${examples.length} changesets too) ${fmt(train, 1)} s -> ${fmt(train / vwTime, 2)}x`);
    }
    return out;
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}
