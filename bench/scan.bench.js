// `praxi scan`: time of a scan of this machine's / (issue 14: ≤ 10 s), and `--ignore-db`'s
// inventory (packages named from files alone) against the root's own dpkg database, on / and on
// other Debian roots when they exist (PRAXI_BENCH_SCAN_ROOTS, comma-separated; default
// /,/work/scan-root; scripts/real-installs/server-root.sh makes a third).
// Truth ("packages with programs or libraries", the words) = packages on disk with a file
// in a program or library directory, as the bundled model chooses its labels
// (scripts/data-debian/select.js isProgramFile: bin, sbin, lib, libexec, perl5, ...). Two more
// figures: `strict` (only (/usr)/{bin,sbin,games}/* programs and lib*.so* libraries) and
// `any_installed` (every package on disk). Also measured: the inventory of the same files as a slim
// image keeps them, and without /usr/share/doc (where the doc rule cannot apply).
// Baseline in the same run: one Columbus tag set of the same files at the model's threshold,
// predicted by the model as `praxi predict --tree` does. Goal: precision ≥ 0.90, recall ≥ 0.70,
// ≤ 30 s for /.
import {existsSync, readFileSync, readdirSync} from 'node:fs';
import {join} from 'node:path';

import {fmt, projectRoot} from './lib.js';

const STRICT_PROGRAM_OR_LIBRARY = /^(?:\/usr)?\/(?:s?bin|games)\/[^/]+$|^(?:\/usr)?\/lib(?:32|64|x32)?\/(?:.*\/)?lib[^/]*\.so(?:\.\d+)*$/;

async function truthOf(root) {
  const {parseDpkgStatus, isOnDisk, infoName} = await import(join(projectRoot, 'dist', 'pkgdb', 'dpkg-status.js'));
  const {isProgramFile} = await import(join(projectRoot, 'scripts', 'data-debian', 'select.js'));
  const status = parseDpkgStatus(readFileSync(join(root, 'var/lib/dpkg/status'), 'utf8'), 'status');
  const truth = {programs_or_libraries: new Set(), strict: new Set(), any_installed: new Set()};
  for (const p of status.packages.filter(isOnDisk)) {
    truth.any_installed.add(p.name);
    const list = join(root, 'var/lib/dpkg/info', `${infoName(p)}.list`);
    const files = existsSync(list) ? readFileSync(list, 'utf8').split('\n') : [];
    if (files.some(isProgramFile)) truth.programs_or_libraries.add(p.name);
    if (files.some((f) => STRICT_PROGRAM_OR_LIBRARY.test(f))) truth.strict.add(p.name);
  }
  return truth;
}

const SLIM_EXCLUDED = /^\/usr\/share\/(?:doc|man|groff|info|locale|lintian|linda)\//;
const SLIM_KEPT = /^\/usr\/share\/doc\/[^/]+\/copyright$|^\/usr\/share\/locale\/locale\.alias$/;

/** Precision and recall against each truth (recall also over the packages the model knows). */
function measure(reported, truth, known) {
  const out = {reported: reported.length};
  for (const [name, set] of Object.entries(truth)) {
    const tp = reported.filter((l) => set.has(l)).length;
    const knownTruth = [...set].filter((l) => known.has(l)).length;
    out[name] = {
      truth: set.size,
      truth_known_to_model: knownTruth,
      precision: reported.length ? tp / reported.length : 0,
      recall: set.size ? tp / set.size : 0,
      recall_known_to_model: knownTruth ? tp / knownTruth : 0,
    };
  }
  return out;
}

function line(m) {
  const p = m.programs_or_libraries;
  return `${m.reported} labels, P ${fmt(p.precision, 3)} R ${fmt(p.recall, 3)} (known to the model ${fmt(p.recall_known_to_model, 3)}); strict P ${fmt(m.strict.precision, 3)} R ${fmt(m.strict.recall, 3)}; any installed P ${fmt(m.any_installed.precision, 3)}`;
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
  const {inventory} = await import(join(projectRoot, 'dist', 'scan', 'inventory.js'));
  const model = await PraxiModel.load(bundledModelPath);
  const known = new Set(model.manifest.labels);
  const roots = (process.env.PRAXI_BENCH_SCAN_ROOTS ?? '/,/work/scan-root').split(',').filter((r) => existsSync(join(r, 'var/lib/dpkg/status')));
  const result = {truth_definition: 'programs_or_libraries: a file under a program or library directory (scripts/data-debian/select.js isProgramFile)', roots: {}};
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
    // The same root as a slim container image has it (dpkg's path-excludes of
    // scripts/real-installs/setup.sh: no documentation but the copyright files, no manual pages or
    // translations), and stripped of /usr/share/doc altogether (no doc rule, doc tags gone).
    const slim = await inventory(model, paths.filter((p) => !SLIM_EXCLUDED.test(p) || SLIM_KEPT.test(p)));
    entry.ignore_db_slim = measure(slim.labels.map((l) => l.label), truth, known);
    const noDoc = await inventory(model, paths.filter((p) => !p.startsWith('/usr/share/doc/')));
    entry.ignore_db_without_doc = measure(noDoc.labels.map((l) => l.label), truth, known);
    result.roots[root] = entry;
    console.log(`${root}: scan ${fmt(entry.scan_seconds, 1)} s, ${entry.scan_groups} groups; --ignore-db ${fmt(entry.ignore_db_seconds, 1)} s`);
    console.log(`  --ignore-db: ${line(entry.ignore_db)}`);
    console.log(`  slim (copyright files only): ${line(entry.ignore_db_slim)}`);
    console.log(`  without /usr/share/doc: ${line(entry.ignore_db_without_doc)}`);
    console.log(`  baseline (one tag set, predict --tree, ${fmt(entry.baseline_seconds, 1)} s): ${line(entry.baseline)}`);
  }
  result.load_average_1min = {before: loadBefore, after: (await import('node:os')).loadavg()[0]};
  result.installed_packages_here = readdirSync('/var/lib/dpkg/info').filter((f) => f.endsWith('.list')).length;
  return result;
}
