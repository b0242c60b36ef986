#!/usr/bin/env node
// `npm run data:debian` (after `npm run build`): builds the bundled default model from Debian
// bookworm's apt indexes. Steps (docs/bundled-model.md):
//   1. read the Packages and Contents indexes apt and apt-file keep in /var/lib/apt/lists
//      (provenance: file names, sizes, sha256, release date → data/model/PROVENANCE.json);
//   2. choose the packages that install programs or libraries (select.js);
//   3. generate seeded synthetic install changesets per package (noise.js) and tag them;
//   4. choose minFraction / maxTagsPerLabel on a validation set of generated changesets, fit the
//      profile index, calibrate it on that validation set, report on a separate test set and on
//      the shared Debian sample; write data/model/<name> (gzip) + <name>.json + reports.
// Deterministic: every random choice comes from a seed derived from the package name and the
// changeset's role, iteration is sorted, and no time stamps enter the written files.
//
// Options: --show PKG (print one generated changeset and stop), --limit N (first N chosen packages in hash order, for quick trials), --threshold T
// (Columbus threshold, default 1), --out DIR (default data/model), --name NAME, --skip-sample.
import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import v8 from 'node:v8';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parse as parseYaml} from 'yaml';

import {APT_LISTS, describeFile, findList, readContents, readPackages, releaseInfo} from './apt-index.js';
import {hashSeed, makeChangeset, prng} from './noise.js';
import {choosePackages, PROGRAM_DIRS, NOT_PROGRAM_DIRS} from './select.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = (p) => import(join(root, 'dist', p));
const {tagChanges, loadFilter} = await dist('columbus/index.js');
const {hashedIndex, profileIndexFromProfiles, withCalibration} = await dist('model/profile.js');
const {saveModel} = await dist('model/save.js');
const {computeMetrics} = await dist('eval/metrics.js');
const {defaultSpec} = await dist('model/spec.js');
const {VERSION} = await dist('version.js');

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : process.argv[i + 1];
}
const LIMIT = Number(option('limit', '0'));
const THRESHOLD = Number(option('threshold', '1'));
const OUT = option('out', join(root, 'data', 'model'));
const NAME = option('name', 'debian-bookworm.profile');
const SKIP_SAMPLE = process.argv.includes('--skip-sample');
const TRAIN_PER_PACKAGE = 3;
/** One package in VALIDATION_EVERY gets a validation changeset, another residue a test changeset. */
const VALIDATION_EVERY = 12;
const SEED = 'praxi-debian-1';
const MIN_FRACTIONS = (process.env.PRAXI_MIN_FRACTIONS ?? '0.5,1').split(',').map(Number);
const MAX_TAGS = (process.env.PRAXI_MAX_TAGS ?? '32').split(',').map(Number);
const MAX_LABEL_SHARES = (process.env.PRAXI_SHARES ?? '0.0005').split(',').map(Number);

const t0 = Date.now();
const log = (msg) => console.error(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

// 1. Indexes.
const packagesFile = findList(APT_LISTS, '_dists_bookworm_main_binary-amd64_Packages');
const contentsFiles = [findList(APT_LISTS, '_dists_bookworm_main_Contents-amd64'), findList(APT_LISTS, '_dists_bookworm_main_Contents-all')];
const releaseFile = findList(APT_LISTS, '_dists_bookworm_InRelease');
const packages = await readPackages(packagesFile);
log(`Packages: ${packages.size} packages`);
const files = new Map();
const contentsLines = [];
for (const f of contentsFiles) contentsLines.push(await readContents(f, files));
log(`Contents: ${contentsLines.join(' + ')} lines, ${files.size} packages with files`);

// 2. Packages.
const {chosen: allChosen, excluded} = choosePackages(packages, files);
const chosen = LIMIT > 0 ? [...allChosen].sort((a, b) => hashSeed(a) - hashSeed(b) || (a < b ? -1 : 1)).slice(0, LIMIT).sort() : allChosen;
log(`chosen ${allChosen.length} packages${LIMIT ? ` (using ${chosen.length})` : ''}; excluded ${JSON.stringify(excluded)}`);

// The base system (never pulled in as a dependency, it is already there): Essential and Priority
// required/important packages and everything they depend on.
const baseSystem = new Set();
{
  const queue = [...packages.values()].filter((p) => p.essential || p.priority === 'required' || p.priority === 'important').map((p) => p.name);
  while (queue.length) {
    const name = queue.pop();
    if (baseSystem.has(name) || !packages.has(name)) continue;
    baseSystem.add(name);
    queue.push(...packages.get(name).depends);
  }
  for (const name of baseSystem) packages.get(name).base = true;
}
log(`base system: ${baseSystem.size} packages`);

// Directories that exist before an install: parents of files of at least 3 packages.
const dirUsers = new Map();
for (const list of files.values()) {
  const dirs = new Set();
  for (const f of list) for (let i = f.lastIndexOf('/'); i > 0; i = f.lastIndexOf('/', i - 1)) dirs.add(f.slice(0, i));
  for (const d of dirs) dirUsers.set(d, (dirUsers.get(d) ?? 0) + 1);
}
const sharedDirs = new Set([...dirUsers].filter(([, n]) => n >= 3).map(([d]) => d));
dirUsers.clear();
log(`${sharedDirs.size} shared directories`);

const withFiles = [...files.keys()].filter((p) => packages.has(p)).sort();
const world = {
  info: (name) => packages.get(name),
  files: (name) => files.get(name),
  sharedDirs,
  randomPackage: (r) => withFiles[Math.floor(r() * withFiles.length)],
};
const changesetFor = (role, pkg, i = 0) => makeChangeset(prng(hashSeed(`${SEED}:${role}:${pkg}:${i}`)), pkg, world);

// `--show PKG`: print one training changeset of PKG as YAML-like lines and stop (to inspect the noise).
if (option('show')) {
  const cs = changesetFor('train', option('show'), 0);
  console.log(`changes:\n${cs.changes.map((c) => `- '${c}'`).join('\n')}\nlabels: ${JSON.stringify(cs.labels)}`);
  process.exit(0);
}

// 3. Generate and tag.
const filter = await loadFilter('praxi');
const tagNamesOf = async (changes) => {
  const raw = await tagChanges(changes, {threshold: THRESHOLD, filter});
  const out = new Array(raw.size);
  for (let i = 0; i < raw.size; i++) out[i] = raw.tag(i);
  return out;
};

/** Per label: tags present in at least 2 of its training changesets, with their counts. */
let candidates = new Map();
let validation = [];
let test = [];
let trainChangesets = 0;
let trainPaths = 0;
const role = (pkg) => hashSeed(`${SEED}:split:${pkg}`) % VALIDATION_EVERY;
// `--cache FILE`: keep the tagged data between runs (same indexes, seed, threshold and limit only).
const CACHE = option('cache', '');
const cacheKey = JSON.stringify({seed: SEED, threshold: THRESHOLD, limit: LIMIT, indexes: [packagesFile, ...contentsFiles].map(describeFile).map((d) => d.sha256)});
let cached;
if (CACHE && existsSync(CACHE)) {
  cached = v8.deserialize(readFileSync(CACHE));
  if (cached.key !== cacheKey) cached = undefined;
  else ({validation, test, trainChangesets, trainPaths} = cached), (candidates = new Map(cached.candidates)), log(`tagged data from ${CACHE}`);
}
if (!cached) {
  const CONCURRENCY = 4;
  for (let start = 0; start < chosen.length; start += 256) {
    const batch = chosen.slice(start, start + 256);
    const jobs = [];
    for (const pkg of batch) {
      for (let i = 0; i < TRAIN_PER_PACKAGE; i++) jobs.push({pkg, kind: 'train', i});
      if (role(pkg) === 0) jobs.push({pkg, kind: 'validation', i: 0});
      if (role(pkg) === 1) jobs.push({pkg, kind: 'test', i: 0});
    }
    const results = new Array(jobs.length);
    let next = 0;
    await Promise.all(
      Array.from({length: CONCURRENCY}, async () => {
        while (next < jobs.length) {
          const k = next++;
          const {pkg, kind, i} = jobs[k];
          const cs = changesetFor(kind, pkg, i);
          results[k] = {labels: cs.labels, paths: cs.changes.length, tags: await tagNamesOf(cs.changes)};
        }
      }),
    );
    let j = 0;
    for (const pkg of batch) {
      const counts = new Map();
      for (let i = 0; i < TRAIN_PER_PACKAGE; i++, j++) {
        trainChangesets++;
        trainPaths += results[j].paths;
        for (const t of new Set(results[j].tags)) counts.set(t, (counts.get(t) ?? 0) + 1);
      }
      candidates.set(pkg, [...counts].filter(([, c]) => c >= 2));
      if (role(pkg) === 0) validation.push({...results[j++], main: pkg});
      if (role(pkg) === 1) test.push({...results[j++], main: pkg});
    }
    if ((start / 256) % 20 === 0) log(`tagged ${start + batch.length} / ${chosen.length} packages (${trainPaths} training paths)`);
  }
  log(`training: ${trainChangesets} changesets, ${trainPaths} paths; validation ${validation.length}, test ${test.length}`);
  if (CACHE) writeFileSync(CACHE, v8.serialize({key: cacheKey, candidates: [...candidates], validation, test, trainChangesets, trainPaths}));
}
// 4. Fit, choose, calibrate, report.
// Bound the work of the index build: a label contributes at most MAX_CANDIDATES candidate tags
// (those in all its training changesets first, then a hash-ordered sample). Only large packages
// reach the bound (median 319 candidates, 90th percentile ~1 800); the profile keeps 32 at most.
const MAX_CANDIDATES = 1500;
const compact = new Map();
for (const [pkg, list] of candidates) {
  const all = [];
  const two = [];
  for (const [t, c] of list) (c >= TRAIN_PER_PACKAGE ? all : two).push(t);
  const order = (xs) => (xs.length <= MAX_CANDIDATES ? xs : xs.map((t) => ({t, h: hashSeed(t)})).sort((a, b) => a.h - b.h || (a.t < b.t ? -1 : 1)).map((x) => x.t));
  const a = order(all).slice(0, MAX_CANDIDATES);
  compact.set(pkg, {all: a, two: order(two).slice(0, Math.max(0, MAX_CANDIDATES - a.length))});
}
candidates.clear();
candidates = null;
function profilesFor(minFraction) {
  const need = Math.max(1, Math.ceil(minFraction * TRAIN_PER_PACKAGE - 1e-9));
  const out = new Map();
  for (const [pkg, c] of compact) out.set(pkg, need >= TRAIN_PER_PACKAGE ? c.all : c.all.concat(c.two));
  return out;
}

/** Ranks of the main label (top-k) and the multi-label decision at the index's threshold. */
function measure(index, examples) {
  const known = new Set(index.labels);
  const topK = [1, 3, 5, 10];
  const hits = Object.fromEntries(topK.map((k) => [k, 0]));
  const outcomes = [];
  for (const ex of examples) {
    const scored = index.scores(ex.tags);
    const rank = scored.findIndex((s) => s.label === ex.main);
    if (process.env.PRAXI_DEBUG && rank !== 0) console.error(`miss ${ex.main} rank ${rank} labels ${ex.labels.join(',')} top ${scored.slice(0, 3).map((s) => `${s.label}:${s.coverage.toFixed(2)}`).join(' ')} profile ${JSON.stringify(index.profileOf(ex.main))}`);
    for (const k of topK) if (rank >= 0 && rank < k) hits[k]++;
    outcomes.push({truth: ex.labels.filter((l) => known.has(l)), predicted: scored.filter((s) => s.score >= index.threshold).map((s) => s.label)});
  }
  const m = computeMetrics(outcomes, 0);
  return {
    examples: examples.length,
    ...Object.fromEntries(topK.map((k) => [`top${k}`, hits[k] / examples.length])),
    multi_micro_f1: m.micro.f1,
    multi_micro_precision: m.micro.precision,
    multi_micro_recall: m.micro.recall,
  };
}

const grid = [];
let best;
for (const minFraction of MIN_FRACTIONS) {
  const profiles = profilesFor(minFraction);
  for (const maxTagsPerLabel of MAX_TAGS) for (const maxLabelShare of MAX_LABEL_SHARES) {
    const raw = profileIndexFromProfiles(profiles, {minFraction, maxTagsPerLabel, maxLabelShare});
    log(`  index built (${raw.stats.tags} tags)`);
    const index = withCalibration(raw, validation.map((v) => ({tags: v.tags, labels: v.labels})));
    const v = measure(index, validation);
    const entry = {minFraction, maxTagsPerLabel, maxLabelShare, tags: index.stats.tags, postings: index.stats.postings, validation: v};
    grid.push(entry);
    log(`minFraction ${minFraction}, maxTagsPerLabel ${maxTagsPerLabel}, maxLabelShare ${maxLabelShare}: ${index.stats.tags} tags, ${index.stats.postings} postings; validation top1 ${v.top1.toFixed(4)} top5 ${v.top5.toFixed(4)} multi-F1 ${v.multi_micro_f1.toFixed(4)}`);
    // Choose by validation top-1, then multi-label F1, then the smaller index.
    const key = [v.top1, v.multi_micro_f1, -index.stats.postings];
    if (!best || key[0] > best.key[0] + 1e-4 || (Math.abs(key[0] - best.key[0]) <= 1e-4 && (key[1] > best.key[1] + 1e-4 || (Math.abs(key[1] - best.key[1]) <= 1e-4 && key[2] > best.key[2])))) {
      best = {key, minFraction, maxTagsPerLabel, maxLabelShare, index};
    }
  }
}
const final = best.index;
log(`chosen: minFraction ${best.minFraction}, maxTagsPerLabel ${best.maxTagsPerLabel}, maxLabelShare ${best.maxLabelShare}, threshold ${final.threshold.toFixed(4)}`);
const testResult = measure(final, test);
log(`test: ${JSON.stringify(testResult)}`);

// The shared Debian sample (report only: nothing above is chosen by it).
async function sampleReport() {
  const dir = join(root, '..', 'shared', 'data', 'debian-sample');
  let report;
  try {
    readdirSync(dir);
  } catch {
    return {skipped: `${dir} not found`};
  }
  report = {};
  const known = new Set(final.labels);
  for (const set of ['sl', 'ml']) {
    const testDir = join(dir, set, 'test');
    const rows = [];
    for (const f of readdirSync(testDir).filter((x) => x.endsWith('.yaml')).sort()) {
      const doc = parseYaml(readFileSync(join(testDir, f), 'utf8'));
      const labels = doc.labels ?? [doc.label];
      rows.push({file: f, labels: labels.map(String), scored: final.scores(await tagNamesOf(doc.changes.map(String)))});
    }
    const allLabels = new Set(rows.flatMap((r) => r.labels));
    const inModel = [...allLabels].filter((l) => known.has(l));
    const r = {changesets: rows.length, labels: allLabels.size, labels_in_model: inModel.length};
    if (set === 'sl') {
      const rowsIn = rows.filter((x) => known.has(x.labels[0]));
      const top = (k, xs) => xs.filter((x) => x.scored.slice(0, k).some((s) => s.label === x.labels[0])).length / Math.max(1, xs.length);
      r.in_model = {changesets: rowsIn.length, top1: top(1, rowsIn), top3: top(3, rowsIn), top5: top(5, rowsIn), top10: top(10, rowsIn)};
      const m = computeMetrics(rowsIn.map((x) => ({truth: x.labels, predicted: x.scored.slice(0, 1).map((s) => s.label)})), 0);
      r.in_model.top1_weighted_f1 = m.weighted.f1;
      r.in_model.top1_micro_f1 = m.micro.f1;
      r.in_model.top1_macro_f1 = m.macro.f1;
      r.all = {top1: top(1, rows), top5: top(5, rows)};
    } else {
      const outcomes = (pred) => rows.map((x) => ({truth: x.labels.filter((l) => known.has(l)), predicted: pred(x)}));
      const thr = computeMetrics(outcomes((x) => x.scored.filter((s) => s.score >= final.threshold).map((s) => s.label)), 0);
      const trueK = computeMetrics(outcomes((x) => x.scored.slice(0, x.labels.filter((l) => known.has(l)).length).map((s) => s.label)), 0);
      r.in_model_labels = {
        calibrated_threshold: {micro_f1: thr.micro.f1, micro_precision: thr.micro.precision, micro_recall: thr.micro.recall, weighted_f1: thr.weighted.f1},
        true_k_reference_only: {micro_f1: trueK.micro.f1},
      };
    }
    report[set] = r;
  }
  return report;
}
const sample = SKIP_SAMPLE ? {skipped: '--skip-sample'} : await sampleReport();
log(`debian-sample: ${JSON.stringify(sample)}`);

// Write the model in the compact form (tag hashes instead of strings, weights derived on load): it
// loads with typed-array views in milliseconds, where a gzip of the string form took 200 ms to inflate.
mkdirSync(OUT, {recursive: true});
const modelFile = join(OUT, NAME);
const spec = {...defaultSpec, engine: 'profile', mode: 'multi', algorithm: 'profile', minFraction: best.minFraction, maxTagsPerLabel: best.maxTagsPerLabel, columbus: {threshold: THRESHOLD, filter: 'praxi'}, seed: hashSeed(SEED)};
const compactIndex = hashedIndex(final);
const fitted = {spec, labels: [...final.labels], classes: final.labels.length, vwArgs: [], profile: compactIndex, multi: {algorithm: 'profile', threshold: final.threshold, heldout_micro_f1: final.stats.cvMicroF1}};
const release = releaseInfo(releaseFile);
const training = {examples: trainChangesets, skipped: 0, seconds: 0, date: new Date(release.date ?? 0).toISOString(), praxi_version: VERSION};
const manifest = await saveModel(fitted, modelFile, training);
manifest.data = {provenance: 'PROVENANCE.json', report: `${NAME}.report.json`, index_format: 'praxi-profile/2 (compact: tag hashes)'};
writeFileSync(`${modelFile}.json`, `${JSON.stringify(manifest, null, 2)}\n`);

const provenance = {
  description: 'Inputs of the bundled Debian model (scripts/data-debian, docs/bundled-model.md). Given the same index files the build is byte-identical.',
  release,
  indexes: [packagesFile, ...contentsFiles, releaseFile].map(describeFile),
  contents_lines: contentsLines,
  packages_in_index: packages.size,
  packages_with_files: files.size,
  rules: {program_dirs: PROGRAM_DIRS, not_program_dirs: NOT_PROGRAM_DIRS, excluded},
  base_system_packages: baseSystem.size,
  chosen_packages: chosen.length,
  limit: LIMIT || null,
  seed: SEED,
  columbus: {threshold: THRESHOLD, filter: 'praxi'},
  train_changesets_per_package: TRAIN_PER_PACKAGE,
  praxi_version: VERSION,
  node: process.version,
  tools: {lz4: 'lz4 -dc (for .lz4 indexes)', zlib: process.versions.zlib},
};
writeFileSync(join(OUT, 'PROVENANCE.json'), `${JSON.stringify(provenance, null, 2)}\n`);
const report = {
  model: NAME,
  labels: final.labels.length,
  index: final.stats,
  bytes: {gzip: gz.length, uncompressed: plain.length},
  chosen: {minFraction: best.minFraction, maxTagsPerLabel: best.maxTagsPerLabel, maxLabelShare: best.maxLabelShare, threshold: final.threshold, platt: final.platt, validation_micro_f1: final.stats.cvMicroF1},
  training: {changesets: trainChangesets, paths: trainPaths},
  grid,
  test: testResult,
  debian_sample: sample,
};
writeFileSync(join(OUT, `${NAME}.report.json`), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(OUT, 'packages.txt'), `${chosen.map((p) => `${p} ${packages.get(p).version}`).join('\n')}\n`);
log(`wrote ${modelFile} (${gz.length} bytes gzip, ${plain.length} plain), ${modelFile}.json, PROVENANCE.json, ${NAME}.report.json, packages.txt`);
