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
import {existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import v8 from 'node:v8';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parse as parseYaml} from 'yaml';

import {APT_LISTS, baseSystem as baseSystemOf, describeFile, findList, readContents, readPackages, releaseInfo, sharedDirectories} from './apt-index.js';
import {hashSeed, makeChangeset, prng, sampleAtMost} from './noise.js';
import {makeSnapshotChangeset, slimExcluded} from './snapshot.js';
import {choosePackages, exclusionReason, isProgramFile, PROGRAM_DIRS, NOT_PROGRAM_DIRS} from './select.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = (p) => import(join(root, 'dist', p));
const {tagChanges, loadFilter} = await dist('columbus/index.js');
const {fitRecordCalibration, hashedIndex, LABEL_ARCH_ALL, LABEL_REQUESTED_ONLY, profileIndexFromProfiles, RECOMMENDS_EDGE, withExtras} = await dist('model/profile.js');
const {assignRoles} = await dist('model/roles.js');
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
/** One package in VALIDATION_EVERY gets a validation changeset, another residue a test changeset. */
const VALIDATION_EVERY = 24;
const SEED = 'praxi-debian-2';
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

// The base system is already there: never pulled in as a dependency.
const baseSystem = baseSystemOf(packages);
for (const name of baseSystem) packages.get(name).base = true;
log(`base system: ${baseSystem.size} packages`);

const sharedDirs = sharedDirectories(files);
log(`${sharedDirs.size} shared directories`);

const providersOf = new Map();
for (const p of [...packages.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) for (const v of p.provides ?? []) providersOf.set(v, [...(providersOf.get(v) ?? []), p.name]);
const withFiles = [...files.keys()].filter((p) => packages.has(p)).sort();
const world = {
  info: (name) => packages.get(name),
  files: (name) => files.get(name),
  sharedDirs,
  randomPackage: (r) => withFiles[Math.floor(r() * withFiles.length)],
  // A real package with files for a name or a virtual name (its first provider), as apt would pick.
  resolve: (name) => {
    if (packages.has(name)) return files.has(name) ? name : undefined;
    for (const p of providersOf.get(name) ?? []) if (files.has(p)) return p;
    return undefined;
  },
  isBase: (name) => baseSystem.has(name),
};
const changesetFor = (role, pkg, i = 0) =>
  role === 'snapshot' ? makeSnapshotChangeset(prng(hashSeed(`${SEED}:${role}:${pkg}:${i}`)), pkg, world) : makeChangeset(prng(hashSeed(`${SEED}:${role}:${pkg}:${i}`)), pkg, world);

// `--show PKG [--style snapshot]`: print one generated changeset of PKG and stop (to inspect the noise).
if (option('show')) {
  const cs = changesetFor(option('style', 'recorder'), option('show'), 0);
  console.log(`changes:\n${cs.changes.map((c) => `- '${c}'`).join('\n')}\nlabels: ${JSON.stringify(cs.labels)}`);
  process.exit(0);
}

// 3. Profiles: the tags each package's own files give (Columbus, alone: with threshold 1 the tags
// of an install are the union of its packages' tags, so a package's tags need no simulation),
// ranked so that what every kind of capture keeps comes first: tags of documentation, manual pages
// and translations (left out of slim images) last, then the rarest, then those without version
// numbers (robust to a newer release). Held-out changesets are generated in both capture styles:
// a recorder watching the install (noise.js) and a snapshot diff or image layer (snapshot.js).
const filter = await loadFilter('praxi');
const tagNamesOf = async (changes) => {
  const raw = await tagChanges(changes, {threshold: THRESHOLD, filter});
  const out = new Array(raw.size);
  for (let i = 0; i < raw.size; i++) out[i] = raw.tag(i);
  return out;
};
/** Class of a tag for ranking: 0 program/library files, 1 other kept files, 2 docs/man/locale only. */
const DOC = 2;
const MAX_CANDIDATES = 3000;
const role = (pkg) => hashSeed(`${SEED}:split:${pkg}`) % VALIDATION_EVERY;
// Metapackages and other packages without programs or libraries that pull software in (postgresql,
// default-jre-headless): labels with no file profile, found by their dpkg records alone and reported
// only when requested — people ask for them by name.
const chosenSet = new Set(chosen);
const labelSet = new Set(chosen);
const metaLabels = [];
for (const name of [...packages.keys()].sort()) {
  const p = packages.get(name);
  if (labelSet.has(name) || !files.has(name) || exclusionReason(p, files.get(name)) !== 'no-program-or-library-files') continue;
  if (labelsPulled(name, (q) => q.dependClauses ?? []).size > 0) metaLabels.push(name);
}
for (const name of metaLabels) labelSet.add(name);
log(`${metaLabels.length} requested-only labels (metapackages)`);

let candidates = new Map();
let validation = [];
let test = [];
let ownPaths = 0;
const CACHE = option('cache', '');
const cacheKey = JSON.stringify({seed: SEED, version: 3, threshold: THRESHOLD, limit: LIMIT, indexes: [packagesFile, ...contentsFiles].map(describeFile).map((d) => d.sha256)});
let cached;
if (CACHE && existsSync(CACHE)) {
  cached = v8.deserialize(readFileSync(CACHE));
  if (cached.key !== cacheKey) cached = undefined;
  else {
    ({validation, test, ownPaths} = cached);
    const unpack = ([pkg, tags, classes]) => [pkg, Array.isArray(tags) ? tags : tags === '' ? [] : tags.split('\n').map((t, i) => [t, Number(classes[i])])];
    candidates = new Map(cached.candidates.map(unpack));
    log(`tagged data from ${CACHE}`);
  }
}
const heldOut = (kind, pkg, style) => {
  const r = prng(hashSeed(`${SEED}:${kind}:${style}:${pkg}`));
  const cs = style === 'snapshot' ? makeSnapshotChangeset(r, pkg, world) : makeChangeset(r, pkg, world);
  return {changes: cs.changes, labels: cs.labels.filter((l) => labelSet.has(l)), main: pkg, style};
};
if (!cached) {
  const CONCURRENCY = 4;
  const jobs = [];
  for (const pkg of chosen) {
    jobs.push({pkg, kind: 'own'});
    for (const [kind, residue] of [['validation', 0], ['test', 1]]) {
      if (role(pkg) === residue) for (const style of ['snapshot', 'recorder']) jobs.push({pkg, kind, style});
    }
  }
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({length: CONCURRENCY}, async () => {
      while (next < jobs.length) {
        const {pkg, kind, style} = jobs[next++];
        if (kind === 'own') {
          const own = sampleAtMost(prng(hashSeed(`${SEED}:own:${pkg}`)), world.files(pkg), 4000);
          ownPaths += own.length;
          const all = await tagNamesOf(own);
          const kept = new Set(await tagNamesOf(own.filter((f) => !slimExcluded(f))));
          const program = new Set(await tagNamesOf(own.filter(isProgramFile)));
          candidates.set(pkg, all.map((t) => [t, program.has(t) ? 0 : kept.has(t) ? 1 : DOC]).sort((a, b) => a[1] - b[1]).slice(0, MAX_CANDIDATES));
        } else {
          const ex = heldOut(kind, pkg, style);
          (kind === 'validation' ? validation : test).push({tags: await tagNamesOf(ex.changes), labels: ex.labels, main: pkg, style});
        }
        if (++done % 20000 === 0) log(`tagged ${done} / ${jobs.length} changesets`);
      }
    }),
  );
  const byMain = (a, b) => (a.main < b.main ? -1 : a.main > b.main ? 1 : a.style < b.style ? -1 : 1);
  validation.sort(byMain);
  test.sort(byMain);
  log(`own tags of ${candidates.size} packages (${ownPaths} paths); validation ${validation.length}, test ${test.length}`);
  // Candidates as one string of tags and one of classes per package: v8 serializes millions of
  // small arrays very slowly.
  const packed = [...candidates].map(([pkg, list]) => [pkg, list.map(([t]) => t).join('\n'), list.map(([, c]) => c).join('')]);
  if (CACHE) writeFileSync(CACHE, v8.serialize({key: cacheKey, candidates: packed, validation, test, ownPaths}));
}
// 4. Fit, choose, calibrate, report.
const VERSIONY = /\d+\.\d+/;
function profilesFor(maxTagsPerLabel, maxLabelShare) {
  const df = new Map();
  for (const list of candidates.values()) for (const [t] of list) df.set(t, (df.get(t) ?? 0) + 1);
  const limit = Math.max(1, maxLabelShare * candidates.size);
  const out = new Map();
  for (const [pkg, list] of candidates) {
    const ranked = list
      .filter(([t]) => df.get(t) <= limit)
      .map(([t, cls]) => ({t, doc: cls === DOC ? 1 : 0, cls, n: df.get(t), v: VERSIONY.test(t) ? 1 : 0}))
      .sort((a, b) => a.doc - b.doc || a.n - b.n || a.v - b.v || a.cls - b.cls || (a.t < b.t ? -1 : a.t > b.t ? 1 : 0));
    out.set(pkg, ranked.slice(0, maxTagsPerLabel).map((x) => x.t));
  }
  for (const name of metaLabels) out.set(name, []);
  return out;
}

// The dependency graph between labels: every alternative of every Depends/Pre-Depends clause (and
// Recommends, flagged), virtual names through their providers, and packages that are not labels
// (data, -common packages) looked through to the labels they pull in.
function realPackages(name) {
  if (packages.has(name)) return [name];
  return providersOf.get(name) ?? [];
}
function labelsPulled(name, clausesOf, seen = new Set(), depth = 0) {
  const out = new Set();
  for (const alts of clausesOf(packages.get(name))) {
    for (const alt of alts) {
      for (const real of realPackages(alt)) {
        if (real === name || seen.has(real)) continue;
        seen.add(real);
        if (labelSet.has(real)) out.add(real);
        else if (depth < 3 && packages.has(real)) for (const l of labelsPulled(real, (p) => p.dependClauses ?? [], seen, depth + 1)) out.add(l);
      }
    }
  }
  return out;
}
function dependencyGraph(labels) {
  const index = new Map(labels.map((l, i) => [l, i]));
  const depStart = new Uint32Array(labels.length + 1);
  const edges = [];
  labels.forEach((name, i) => {
    const depends = labelsPulled(name, (p) => p.dependClauses ?? []);
    const recommends = [...labelsPulled(name, (p) => p.recommendClauses ?? [])].filter((l) => !depends.has(l));
    for (const l of [...depends].sort()) edges.push(index.get(l));
    for (const l of recommends.sort()) edges.push((index.get(l) | RECOMMENDS_EDGE) >>> 0);
    depStart[i + 1] = edges.length;
  });
  const metas = new Set(metaLabels);
  const flags = Uint8Array.from(labels, (l) => (packages.get(l).arch === 'all' ? LABEL_ARCH_ALL : 0) | (metas.has(l) ? LABEL_REQUESTED_ONLY : 0));
  return {recordWeight: 0, missingRecordWeight: 0, depStart, deps: Uint32Array.from(edges), flags};
}

/** Main-label ranks (by score, and first in report order with roles) and the multi-label decision. */
function measure(index, examples) {
  const known = new Set(index.labels);
  const topK = [1, 3, 5, 10];
  const hits = Object.fromEntries(topK.map((k) => [k, 0]));
  let firstReported = 0;
  const outcomes = [];
  for (const ex of examples) {
    const scored = index.rescore(ex.scored);
    const rank = scored.findIndex((s) => s.label === ex.main);
    for (const k of topK) if (rank >= 0 && rank < k) hits[k]++;
    let present = scored.filter((s) => s.score >= index.threshold);
    if (present.length === 0) present = scored.slice(0, 1);
    const ordered = assignRoles(present.map((s) => ({index: index.labelIndex(s.label), score: s.score})), index.extras);
    if (ordered.length && index.labels[ordered[0].index] === ex.main) firstReported++;
    outcomes.push({truth: ex.labels.filter((l) => known.has(l)), predicted: present.map((s) => s.label)});
  }
  const m = computeMetrics(outcomes, 0);
  return {
    examples: examples.length,
    first_reported: firstReported / Math.max(1, examples.length),
    ...Object.fromEntries(topK.map((k) => [`top${k}`, hits[k] / Math.max(1, examples.length)])),
    multi_micro_f1: m.micro.f1,
    multi_micro_precision: m.micro.precision,
    multi_micro_recall: m.micro.recall,
  };
}
const byStyle = (f, examples) => Object.fromEntries(['all', 'snapshot', 'recorder'].map((st) => [st, f(examples.filter((e) => st === 'all' || e.style === st))]));

const grid = [];
let best;
let graph;
for (const maxTagsPerLabel of MAX_TAGS) for (const maxLabelShare of MAX_LABEL_SHARES) {
  const profiles = profilesFor(maxTagsPerLabel, maxLabelShare);
  const raw = profileIndexFromProfiles(profiles, {minFraction: 1});
  graph ??= dependencyGraph(raw.labels);
  log(`  index built (${raw.stats.tags} tags), ${graph.deps.length} dependency edges`);
  const withGraph = withExtras(raw, graph).withTagMap();
  // Coverage and dpkg records do not depend on the calibration: each changeset is scored once.
  // Kept: the 200 best-covered labels and every label with a dpkg record (all that calibration and
  // measurement look at).
  for (const ex of [...validation, ...test]) {
    const scored = withGraph.scores(ex.tags).sort((x, y) => y.coverage - x.coverage || (x.label < y.label ? -1 : 1));
    ex.scored = scored.filter((s, i) => i < 200 || s.record);
  }
  log('  held-out changesets scored');
  const index = fitRecordCalibration(withGraph, validation, 50, {alsoWithoutRecords: true});
  const v = byStyle((xs) => measure(index, xs), validation);
  const entry = {maxTagsPerLabel, maxLabelShare, tags: index.stats.tags, postings: index.stats.postings, validation: v};
  grid.push(entry);
  log(`maxTagsPerLabel ${maxTagsPerLabel}, maxLabelShare ${maxLabelShare}: ${index.stats.tags} tags; validation ${JSON.stringify(v.all)}`);
  // Choose by validation first-reported accuracy, then multi-label F1, then the smaller index.
  const key = [v.all.first_reported, v.all.multi_micro_f1, -index.stats.postings];
  if (!best || key[0] > best.key[0] + 1e-4 || (Math.abs(key[0] - best.key[0]) <= 1e-4 && (key[1] > best.key[1] + 1e-4 || (Math.abs(key[1] - best.key[1]) <= 1e-4 && key[2] > best.key[2])))) {
    best = {key, minFraction: 1, maxTagsPerLabel, maxLabelShare, index};
  }
}
const final = best.index;
log(`chosen: maxTagsPerLabel ${best.maxTagsPerLabel}, maxLabelShare ${best.maxLabelShare}, threshold ${final.threshold.toFixed(4)}, platt ${JSON.stringify(final.platt)}, record weights ${final.extras.recordWeight.toFixed(3)} / missing ${final.extras.missingRecordWeight.toFixed(3)}`);
const testResult = byStyle((xs) => measure(final, xs), test);
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
const training = {examples: chosen.length, skipped: 0, seconds: 0, date: new Date(release.date ?? 0).toISOString(), praxi_version: VERSION};
const manifest = await saveModel(fitted, modelFile, training);
manifest.data = {provenance: 'PROVENANCE.json', report: `${NAME}.report.json`, index_format: 'praxi-profile/3 (compact: tag hashes; dpkg-record weight, dependency graph)'};
manifest.package_urls = {type: 'deb', namespace: 'debian', distro: `debian-${(release.version ?? '12').split('.')[0]}`, arch: 'amd64'};
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
  requested_only_labels: metaLabels.length,
  limit: LIMIT || null,
  seed: SEED,
  columbus: {threshold: THRESHOLD, filter: 'praxi'},
  own_paths: ownPaths,
  praxi_version: VERSION,
  node: process.version,
  tools: {lz4: 'lz4 -dc (for .lz4 indexes)', zlib: process.versions.zlib},
};
writeFileSync(join(OUT, 'PROVENANCE.json'), `${JSON.stringify(provenance, null, 2)}\n`);
const report = {
  model: NAME,
  labels: final.labels.length,
  index: final.stats,
  bytes: statSync(modelFile).size,
  chosen: {minFraction: best.minFraction, maxTagsPerLabel: best.maxTagsPerLabel, maxLabelShare: best.maxLabelShare, threshold: final.threshold, platt: final.platt, record_weight: final.extras.recordWeight, missing_record_weight: final.extras.missingRecordWeight, validation_micro_f1: final.stats.cvMicroF1},
  training: {packages: chosen.length, own_paths: ownPaths, validation_changesets: validation.length, test_changesets: test.length},
  grid,
  test: testResult,
  debian_sample: sample,
};
writeFileSync(join(OUT, `${NAME}.report.json`), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(OUT, 'packages.txt'), `${final.labels.map((p) => `${p} ${packages.get(p).version}${labelSet.has(p) && !chosenSet.has(p) ? ' requested-only' : ''}`).join('\n')}\n`);
log(`wrote ${modelFile} (${statSync(modelFile).size} bytes), ${modelFile}.json, PROVENANCE.json, ${NAME}.report.json, packages.txt`);
