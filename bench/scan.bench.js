// `praxi scan`: time of a scan of this machine's / (issue 14: ≤ 10 s), and `--ignore-db`'s
// inventory (packages named from files alone) against the root's own dpkg database, on / and on a
// debootstrap root when one exists (PRAXI_BENCH_SCAN_ROOTS, comma-separated; default
// /,/work/scan-root). Truth = packages dpkg has on disk whose file list holds a program
// ((/usr)/bin, (/usr)/sbin, /usr/games) or a shared library (lib*.so*) — "packages with programs or
// libraries" — and, for a second precision figure, every package on disk. Baseline in the same run:
// one Columbus tag set of the same files at the model's threshold, predicted by the model as
// `praxi predict --tree` does. Goal: precision ≥ 0.90, recall ≥ 0.70, ≤ 30 s for /.
import {existsSync, readFileSync, readdirSync} from 'node:fs';
import {join} from 'node:path';

import {fmt, projectRoot} from './lib.js';

const PROGRAM_OR_LIBRARY = /^(?:\/usr)?\/(?:s?bin|games)\/[^/]+$|^(?:\/usr)?\/lib(?:32|64|x32)?\/(?:.*\/)?lib[^/]*\.so(?:\.\d+)*$/m;

async function truthOf(root) {
  const {parseDpkgStatus, isOnDisk, infoName} = await import(join(projectRoot, 'dist', 'pkgdb', 'dpkg-status.js'));
  const status = parseDpkgStatus(readFileSync(join(root, 'var/lib/dpkg/status'), 'utf8'), 'status');
  const installed = new Set();
  const programs = new Set();
  for (const p of status.packages.filter(isOnDisk)) {
    installed.add(p.name);
    const list = join(root, 'var/lib/dpkg/info', `${infoName(p)}.list`);
    if (existsSync(list) && PROGRAM_OR_LIBRARY.test(readFileSync(list, 'utf8'))) programs.add(p.name);
  }
  return {installed, programs};
}

function measure(reported, truth, known) {
  const tp = reported.filter((l) => truth.programs.has(l)).length;
  const tpInstalled = reported.filter((l) => truth.installed.has(l)).length;
  const knownPrograms = [...truth.programs].filter((l) => known.has(l)).length;
  return {
    reported: reported.length,
    truth_programs_or_libraries: truth.programs.size,
    truth_known_to_model: knownPrograms,
    precision: reported.length ? tp / reported.length : 0,
    precision_any_installed: reported.length ? tpInstalled / reported.length : 0,
    recall: truth.programs.size ? tp / truth.programs.size : 0,
    recall_known_to_model: knownPrograms ? tp / knownPrograms : 0,
  };
}

export async function run() {
  // Shared machine: the load at the start and end says how far the timings are from an idle one.
  const loadBefore = (await import('node:os')).loadavg()[0];
  const {scanRoot} = await import(join(projectRoot, 'dist', 'scan', 'scan.js'));
  const {bundledModelPath} = await import(join(projectRoot, 'dist', 'model', 'bundled.js'));
  const {PraxiModel} = await import(join(projectRoot, 'dist', 'model', 'model.js'));
  const {loadFilter, tagChanges} = await import(join(projectRoot, 'dist', 'columbus', 'index.js'));
  const {native} = await import(join(projectRoot, 'dist', 'native.js'));
  const {installRoot} = await import(join(projectRoot, 'dist', 'scan', 'group.js'));
  const {isGenerated} = await import(join(projectRoot, 'dist', 'scan', 'generated.js'));
  const model = await PraxiModel.load(bundledModelPath);
  const known = new Set(model.manifest.labels);
  const roots = (process.env.PRAXI_BENCH_SCAN_ROOTS ?? '/,/work/scan-root').split(',').filter((r) => existsSync(join(r, 'var/lib/dpkg/status')));
  const result = {roots: {}};
  for (const root of roots) {
    const entry = {};
    let t = performance.now();
    const normal = await scanRoot(root, {model: bundledModelPath});
    entry.scan_seconds = (performance.now() - t) / 1000;
    entry.scan_groups = normal.groups.length;
    entry.scan_stats = normal.stats;
    const truth = await truthOf(root);
    t = performance.now();
    const inv = await scanRoot(root, {model: bundledModelPath, ignoreDb: true});
    entry.ignore_db_seconds = (performance.now() - t) / 1000;
    const labels = inv.groups.find((g) => g.kind === 'inventory').labels.map((l) => l.label);
    entry.ignore_db = measure(labels, truth, known);
    // Baseline: the same system files as one changeset at the model's threshold (praxi predict --tree).
    t = performance.now();
    const addon = native();
    const snap = await addon.takeSnapshot(root, {excludes: ['/proc', '/sys', '/dev', '/run'], stat: false});
    const paths = addon.snapshotEntries(snap).paths.filter((p) => installRoot(p) === undefined && !isGenerated(p, () => false));
    const tags = await tagChanges(paths, {threshold: model.manifest.columbus.threshold, filter: await loadFilter(model.manifest.columbus.filter)});
    const [baseline] = await model.predict([{source: root, tags: tags.toStrings()}]);
    entry.baseline_seconds = (performance.now() - t) / 1000;
    entry.baseline = measure(baseline.labels.map((l) => l.label), truth, known);
    result.roots[root] = entry;
    const m = entry.ignore_db;
    console.log(`${root}: scan ${fmt(entry.scan_seconds, 1)} s, ${entry.scan_groups} groups; --ignore-db ${fmt(entry.ignore_db_seconds, 1)} s: ${m.reported} labels, P ${fmt(m.precision, 3)} (any installed ${fmt(m.precision_any_installed, 3)}), R ${fmt(m.recall, 3)} (known to the model ${fmt(m.recall_known_to_model, 3)})`);
    const b = entry.baseline;
    console.log(`  baseline (one tag set, predict --tree): ${b.reported} labels, P ${fmt(b.precision, 3)}, R ${fmt(b.recall, 3)} in ${fmt(entry.baseline_seconds, 1)} s`);
  }
  result.load_average_1min = {before: loadBefore, after: (await import('node:os')).loadavg()[0]};
  result.installed_packages_here = readdirSync('/var/lib/dpkg/info').filter((f) => f.endsWith('.list')).length;
  return result;
}
