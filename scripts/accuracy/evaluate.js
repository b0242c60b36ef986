#!/usr/bin/env node
// Measures praxi's defaults against the Praxi-compatible reference on the held-out accuracy set
// (docs/accuracy.md): generates it (generate.js) into a temporary directory, runs `praxi eval`'s
// library function on each task and writes bench/results/accuracy.json. After `npm run build`.
//
// Usage: node scripts/accuracy/evaluate.js [--keep DIR] [--world FILE] [--modes praxi] [--out FILE]
// (--world: another world.js output, e.g. more packages; --modes: only these modes)
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

import {generate} from './generate.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const {evaluate} = await import(join(root, 'dist', 'eval', 'evaluate.js'));

const summary = (r) =>
  Object.fromEntries(
    r.results.map((m) => [m.mode, {micro_f1: m.metrics.micro.f1, precision: m.metrics.micro.precision, recall: m.metrics.micro.recall, train_seconds: m.train_seconds}]),
  );

/** Every task of the held-out set, praxi's default beside the reference; `dir` holds the set. */
export async function evaluateHeldout(dir, {onProgress, modes} = {}) {
  const at = (set) => join(dir, set);
  const onError = (err) => {
    throw err;
  };
  const tasks = {
    single: {train: ['sl/train'], test: 'sl/test', multi: false, modes: ['praxi', 'compat']},
    multi_from_multi: {train: ['ml/train'], test: 'ml/test', multi: true, modes: ['praxi', 'compat']},
    multi_from_multi_and_single: {train: ['ml/train', 'sl/train'], test: 'ml/test', multi: true, modes: ['praxi', 'compat']},
    multi_from_single: {train: ['sl/train'], test: 'ml/test', multi: true, modes: ['praxi']},
  };
  const out = {};
  for (const [name, t] of Object.entries(tasks)) {
    onProgress?.(name);
    const r = await evaluate(t.train.map(at), {test: [at(t.test)], multi: t.multi, modes: modes ? t.modes.filter((m) => modes.includes(m)) : t.modes, onError});
    out[name] = {setup: r.setup, modes: summary(r)};
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const option = (name) => {
    const i = process.argv.indexOf(`--${name}`);
    return i < 0 ? undefined : process.argv[i + 1];
  };
  const keep = option('keep');
  const dir = keep ?? mkdtempSync(join(tmpdir(), 'praxi-heldout-'));
  try {
    const counts = generate(dir, option('world') ? {worldFile: option('world')} : {});
    const modes = option('modes')?.split(',');
    const results = await evaluateHeldout(dir, {onProgress: (n) => console.error(`evaluating ${n}`), ...(modes ? {modes} : {})});
    const record = {benchmark: 'accuracy', date: new Date().toISOString(), set: counts, results};
    writeFileSync(option('out') ?? join(root, 'bench', 'results', 'accuracy.json'), `${JSON.stringify(record, null, 2)}\n`);
    for (const [name, r] of Object.entries(results)) {
      console.log(`${name.padEnd(28)} ${Object.entries(r.modes).map(([m, v]) => `${m} ${v.micro_f1.toFixed(4)}`).join('  ')}`);
    }
  } finally {
    if (!keep) rmSync(dir, {recursive: true, force: true});
  }
}
