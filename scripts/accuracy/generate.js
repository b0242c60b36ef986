#!/usr/bin/env node
// Writes the held-out accuracy set (docs/accuracy.md) from data/validation/heldout/world.json.gz:
// recorder-style install changesets (scripts/data-debian/noise.js: partial capture, `.dpkg-new`
// names, dependencies and overlapping installs left unlabelled, apt/dpkg state) as PyYAML wrote
// Praxi's, in four sets:
//   sl/train  5 per label, one release;       sl/test  3 per label, half of them a later release;
//   ml/train  2.5 per label, 2–5 labels each;  ml/test  1 per label, 2–5 labels, half drifted.
// "A later release" bumps every version-like path component (1.2.5 → 1.2.7, python3.11 →
// python3.12) consistently within the changeset. Deterministic: the same world gives the same files.
//
// Usage: node scripts/accuracy/generate.js OUTDIR [--world FILE] [--labels N] (after `npm run build`)
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {gunzipSync} from 'node:zlib';

import {DEFAULT_NOISE, hashSeed, makeChangeset, prng, shuffle} from '../data-debian/noise.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const {dumpPyYaml} = await import(join(root, 'dist', 'changesets', 'pyyaml-emit.js'));

export const DEFAULT_WORLD = join(root, 'data', 'validation', 'heldout', 'world.json.gz');

/** The noise.js world of a world file. */
export function loadWorld(file = DEFAULT_WORLD) {
  const w = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'));
  const base = new Set(w.base);
  const names = Object.keys(w.packages).sort();
  const world = {
    info: (name) => (base.has(name) ? {base: true, depends: []} : w.packages[name]),
    files: (name) => w.packages[name]?.files,
    sharedDirs: new Set(w.sharedDirs),
    randomPackage: (r) => names[Math.floor(r() * names.length)],
  };
  return {labels: w.labels, world, seed: w.seed};
}

const SL_TRAIN = 5;
const SL_TEST = 3;
const ML_TRAIN_PER_LABEL = 2.5;
const DRIFTED_TEST_SHARE = 0.5;
const noiseFor = (drift) => ({...DEFAULT_NOISE, versionDrift: drift});
/** apt and dpkg state every run writes: one copy in a changeset of several installs. */
const GLOBAL_STATE = /^(\d{3} )?\/(var\/lib\/(apt|dpkg\/(status|updates|triggers)|update-notifier)|var\/cache\/(apt|debconf)|run\/|var\/log\/apt)/;

function document(changes, labels, r) {
  const open = 1600000000 + Math.floor(r() * 1e6);
  return dumpPyYaml({changes, ...(labels.length === 1 ? {label: labels[0]} : {labels}), open_time: `${open}.000`, close_time: `${open + 30}.000`});
}

/** One install of `main` labelled with it alone (what it pulled in is unlabelled noise). */
function single(world, seed, role, main, i, drift) {
  const r = prng(hashSeed(`${seed}:${role}:${main}:${i}`));
  return {changes: makeChangeset(r, main, world, noiseFor(drift)).changes, labels: [main], r};
}

/** Several packages installed in one recording: each one's install, the global state once. */
function multi(world, seed, role, mains, i, drift) {
  const r = prng(hashSeed(`${seed}:${role}:${mains.join(',')}:${i}`));
  const noise = noiseFor(drift);
  const out = [];
  const seenGlobal = new Set();
  mains.forEach((m, k) => {
    for (const c of makeChangeset(prng(hashSeed(`${seed}:${role}:${m}:${i}:${k}`)), m, world, noise).changes) {
      if (GLOBAL_STATE.test(c)) {
        if (seenGlobal.has(c)) continue;
        seenGlobal.add(c);
      }
      out.push(c);
    }
  });
  return {changes: shuffle(r, out), labels: mains, r};
}

/** Writes the four sets under `outDir`; returns their sizes. */
export function generate(outDir, {worldFile = DEFAULT_WORLD, labels: limit} = {}) {
  const {labels: all, world, seed} = loadWorld(worldFile);
  const labels = limit ? all.slice(0, limit) : all;
  const counts = {};
  const write = (set, cs) => {
    const dir = join(outDir, set);
    mkdirSync(dir, {recursive: true});
    const name = hashSeed(`${set}:${cs.labels.join(',')}:${counts[set] ?? 0}`).toString(16).padStart(8, '0');
    writeFileSync(join(dir, `${name}-${counts[set] ?? 0}.yaml`), document(cs.changes, cs.labels, cs.r));
    counts[set] = (counts[set] ?? 0) + 1;
  };
  for (const l of labels) {
    for (let i = 0; i < SL_TRAIN; i++) write('sl/train', single(world, seed, 'sl-train', l, i, 0));
    for (let i = 0; i < SL_TEST; i++) write('sl/test', single(world, seed, 'sl-test', l, i, i % 2 === 0 ? 1 : 0));
  }
  const r = prng(hashSeed(`${seed}:ml-draw`));
  const draw = () => shuffle(r, [...labels]).slice(0, 2 + Math.floor(r() * 4)).sort();
  const mlTrain = Math.round(labels.length * ML_TRAIN_PER_LABEL);
  for (let i = 0; i < mlTrain; i++) write('ml/train', multi(world, seed, 'ml-train', draw(), i, 0));
  for (let i = 0; i < labels.length; i++) write('ml/test', multi(world, seed, 'ml-test', draw(), i, r() < DRIFTED_TEST_SHARE ? 1 : 0));
  return counts;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2];
  if (!out || out.startsWith('--')) {
    console.error('usage: node scripts/accuracy/generate.js OUTDIR [--world FILE] [--labels N]');
    process.exit(2);
  }
  const opt = (name) => {
    const i = process.argv.indexOf(`--${name}`);
    return i < 0 ? undefined : process.argv[i + 1];
  };
  const counts = generate(out, {...(opt('world') ? {worldFile: opt('world')} : {}), ...(opt('labels') ? {labels: Number(opt('labels'))} : {})});
  console.error(JSON.stringify(counts));
}
