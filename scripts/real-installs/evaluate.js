#!/usr/bin/env node
// Measures a model (the bundled one by default) on the real validation set recorded by
// record-all.sh and record-image.sh (docs/bundled-model.md, "Real installs"), as a new user would
// run it: each recording is a plain path list given to `predict`, each image a `docker save`
// tarball (built from the layer path lists when the recorded tarball is not there).
//   node scripts/real-installs/evaluate.js [DIR=data/validation/real] [--model FILE] [--out FILE.json]
// Truth: the packages dpkg installed during the recording that are labels of the model (packages
// with programs or libraries); the requested package is the one apt was asked for.
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {dirname, join} from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const {PraxiModel, predictWith, bundledModelPath} = await import(join(root, 'dist', 'index.js'));
const {LABEL_REQUESTED_ONLY} = await import(join(root, 'dist', 'model', 'profile.js'));
export const REAL_SET = join(root, 'data', 'validation', 'real');

const ratio = (n, d) => (d === 0 ? null : Math.round((n / d) * 10000) / 10000);

/** The table over recordings: first label, requested first, requested reported, presence P/R/F1. */
async function measureRecordings(model, dir, style) {
  const labels = new Set(model.manifest.labels);
  // Presence is scored over software (programs and libraries): a metapackage counts only where it
  // was the package asked for (the model names metapackages only then).
  const extras = model.profile?.extras;
  const requestedOnly = (name) => extras !== undefined && (extras.flags[model.profile.labelIndex(name)] & LABEL_REQUESTED_ONLY) !== 0;
  const bins = Array.from({length: 10}, (_, i) => ({score: `${(i / 10).toFixed(1)}-${((i + 1) / 10).toFixed(1)}`, n: 0, installed: 0}));
  const sub = join(dir, style);
  if (!existsSync(sub)) return undefined;
  const rows = [];
  for (const f of readdirSync(sub).filter((x) => x.endsWith('.json')).sort()) {
    const meta = JSON.parse(readFileSync(join(sub, f), 'utf8'));
    const list = join(sub, f.replace(/\.json$/, '.txt'));
    const {predictions, errors} = await predictWith(model, [list]);
    if (errors.length) throw new Error(`${list}: ${errors[0].message}`);
    const reported = predictions[0].labels;
    const truth = new Set(meta.installed.map((p) => p.name).filter((n) => labels.has(n) && (n === meta.requested || !requestedOnly(n))));
    rows.push({name: f.replace(/\.json$/, ''), requested: meta.requested, inModel: labels.has(meta.requested), truth, reported});
    // Reliability: the best-scored labels whatever the threshold, binned by score.
    const {predictions: ranked} = await predictWith(model, [list], {top: 30});
    for (const l of ranked[0].labels) {
      const bin = bins[Math.min(9, Math.floor(l.score * 10))];
      bin.n++;
      if (truth.has(l.label)) bin.installed++;
    }
  }
  const inModel = rows.filter((r) => r.inModel);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const r of rows) {
    const got = new Set(r.reported.map((l) => l.label));
    for (const l of got) (r.truth.has(l) ? tp++ : fp++);
    for (const l of r.truth) if (!got.has(l)) fn++;
  }
  const p = tp / Math.max(1, tp + fp);
  const rc = tp / Math.max(1, tp + fn);
  return {
    recordings: rows.length,
    requested_in_model: inModel.length,
    first_is_installed: ratio(rows.filter((r) => r.reported[0] && r.truth.has(r.reported[0].label)).length, rows.filter((r) => r.truth.size > 0).length),
    first_is_requested: ratio(inModel.filter((r) => r.reported[0]?.label === r.requested).length, inModel.length),
    requested_reported: ratio(inModel.filter((r) => r.reported.some((l) => l.label === r.requested)).length, inModel.length),
    requested_role_requested: ratio(inModel.filter((r) => r.reported.find((l) => l.label === r.requested)?.role === 'requested').length, inModel.length),
    presence: {precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn), f1: ratio(2 * p * rc, p + rc || 1), tp, fp, fn},
    calibration: bins.filter((b) => b.n > 0).map((b) => ({...b, share_installed: ratio(b.installed, b.n)})),
    misses: inModel
      .filter((r) => r.reported[0]?.label !== r.requested)
      .map((r) => ({recording: r.name, first: r.reported.slice(0, 3).map((l) => `${l.label}:${l.score.toFixed(2)}:${l.role ?? ''}`), requested: r.reported.find((l) => l.label === r.requested)?.score ?? null})),
  };
}

/** A docker-save tarball of empty files from the layer path lists (when the recorded one is absent). */
function imageFromLists(name, layers) {
  const work = mkdtempSync(join(tmpdir(), 'praxi-eval-image-'));
  const refs = [];
  const history = [];
  layers.forEach((layer, i) => {
    const tree = join(work, `tree${i + 1}`);
    for (const p of readFileSync(layer.list, 'utf8').split('\n').filter(Boolean)) {
      mkdirSync(join(tree, dirname(p)), {recursive: true});
      writeFileSync(join(tree, p), '');
    }
    mkdirSync(join(work, 'image', `layer${i + 1}`), {recursive: true});
    execFileSync('tar', ['-C', tree, '-cf', join(work, 'image', `layer${i + 1}`, 'layer.tar'), '.']);
    refs.push(`layer${i + 1}/layer.tar`);
    history.push({created_by: `/bin/sh -c apt-get install -y --no-install-recommends ${layer.requested}`});
  });
  writeFileSync(join(work, 'image', 'config.json'), JSON.stringify({architecture: 'amd64', os: 'linux', history, rootfs: {type: 'layers', diff_ids: []}}));
  writeFileSync(join(work, 'image', 'manifest.json'), JSON.stringify([{Config: 'config.json', RepoTags: [`praxi-real/${name}:latest`], Layers: refs}]));
  const tar = join(work, `${name}.tar`);
  execFileSync('tar', ['-C', join(work, 'image'), '-cf', tar, '.']);
  return {tar, cleanup: () => rmSync(work, {recursive: true, force: true})};
}

async function measureImages(model, dir) {
  const sub = join(dir, 'images');
  if (!existsSync(sub)) return undefined;
  const names = [...new Set(readdirSync(sub).filter((f) => /\.layer\d+\.txt$/.test(f)).map((f) => f.replace(/\.layer\d+\.txt$/, '')))].sort();
  const out = {layers: 0, requested_first: 0, details: []};
  for (const name of names) {
    const layers = readdirSync(sub)
      .filter((f) => f.startsWith(`${name}.layer`) && f.endsWith('.txt'))
      .map((f) => Number(/\.layer(\d+)\.txt$/.exec(f)[1]))
      .sort((a, b) => a - b)
      .map((n) => ({list: join(sub, `${name}.layer${n}.txt`), requested: readFileSync(join(sub, `${name}.layer${n}.requested`), 'utf8').trim()}));
    const recorded = join(sub, `${name}.tar`);
    const built = existsSync(recorded) ? {tar: recorded, cleanup: () => {}} : imageFromLists(name, layers);
    try {
      const {predictions} = await predictWith(model, [built.tar]);
      predictions.forEach((p, i) => {
        const want = layers[i]?.requested;
        const first = p.labels[0]?.label;
        out.layers++;
        if (first === want) out.requested_first++;
        out.details.push({image: name, layer: i + 1, requested: want, first: p.labels.slice(0, 3).map((l) => `${l.label}:${l.score.toFixed(2)}:${l.role ?? ''}`)});
      });
    } finally {
      built.cleanup();
    }
  }
  return out;
}

/** Every measurement of the real set in `dir` with the model in `modelFile`. */
export async function evaluateRealSet(modelFile = bundledModelPath, dir = REAL_SET) {
  const model = await PraxiModel.load(modelFile);
  const result = {model: modelFile, dir, full: await measureRecordings(model, dir, 'full'), slim: await measureRecordings(model, dir, 'slim'), images: await measureImages(model, dir)};
  const all = ['full', 'slim'].map((s) => result[s]).filter(Boolean);
  if (all.length) {
    const sum = (f) => all.reduce((a, r) => a + f(r), 0);
    const tp = sum((r) => r.presence.tp);
    const fp = sum((r) => r.presence.fp);
    const fn = sum((r) => r.presence.fn);
    const w = (key, n) => ratio(sum((r) => (r[key] ?? 0) * r[n]), sum((r) => r[n]));
    const p = tp / Math.max(1, tp + fp);
    const rc = tp / Math.max(1, tp + fn);
    result.all = {
      recordings: sum((r) => r.recordings),
      first_is_installed: w('first_is_installed', 'recordings'),
      first_is_requested: w('first_is_requested', 'requested_in_model'),
      requested_reported: w('requested_reported', 'requested_in_model'),
      presence: {precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn), f1: ratio(2 * p * rc, p + rc || 1)},
    };
  }
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const option = (name) => {
    const i = args.indexOf(`--${name}`);
    return i < 0 ? undefined : args.splice(i, 2)[1];
  };
  const modelFile = option('model') ?? bundledModelPath;
  const outFile = option('out');
  const result = await evaluateRealSet(modelFile, args[0] ?? REAL_SET);
  if (outFile) writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
  const line = (name, r) => r && console.log(`${name.padEnd(6)} n=${r.recordings} first-installed ${r.first_is_installed} first-requested ${r.first_is_requested} requested-reported ${r.requested_reported} presence P ${r.presence.precision} R ${r.presence.recall} F1 ${r.presence.f1}`);
  line('full', result.full);
  line('slim', result.slim);
  line('all', result.all);
  if (result.images) console.log(`images: requested first in ${result.images.requested_first} of ${result.images.layers} layers`);
}
