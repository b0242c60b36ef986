/**
 * `praxi scan` as a library function: which software in ROOT did no package manager install?
 * ROOT is walked natively (never following symlinks), the package databases inside ROOT say which
 * files are owned, generated state is dropped, and the rest is grouped into candidate installs,
 * tagged with the model's Columbus settings and predicted.
 */
import {lstat} from 'node:fs/promises';
import {join} from 'node:path';

import {loadFilter, pathWords, tagChanges} from '../columbus/index.js';
import {openImage, type ImageOptions} from '../images/index.js';
import {needsWords, wordLists} from '../model/features.js';
import {PraxiModel, type LabelScore} from '../model/model.js';
import {native} from '../native.js';
import {isGenerated} from './generated.js';
import {inventory} from './inventory.js';
import {groupFiles, installRoot, type FileGroup, type ScanFile} from './group.js';
import {readApk} from './owners/apk.js';
import {readDpkg} from './owners/dpkg.js';
import {readNpm} from './owners/npm.js';
import {Ownership, type ManagedPackage} from './owners/ownership.js';
import {readPython} from './owners/python.js';
import {readRpm} from './owners/rpm.js';
import {RootFs} from './rootfs.js';
import {timed} from '../util/timings.js';

export interface ScanOptions {
  /** Model file (with FILE.json); the bundled model when absent. */
  model: string;
  /** Report the database-known packages too (one inventory). */
  includeManaged?: boolean;
  /** Read no package database: every file is a candidate. */
  ignoreDb?: boolean;
  /** Attach evidence tags to labels. */
  evidence?: boolean;
  /** Walker threads. */
  threads?: number;
}

export interface ScanGroup {
  root: string;
  /** Files of the group (for the --ignore-db inventory: of the whole system hierarchy). */
  files: number;
  /** Files the tags were computed from, when a very large group was sampled. */
  tagged?: number;
  /** root: an install root; event: system files changed together; inventory: --ignore-db's packages. */
  kind: FileGroup['kind'] | 'inventory';
  labels: LabelScore[];
}

export interface ScanResult {
  root: string;
  groups: ScanGroup[];
  /** With --include-managed: what the databases list. */
  packages?: Omit<ManagedPackage, 'inventory'>[];
  /** Databases read (dpkg, apk, rpm, python, npm). */
  databases: string[];
  stats: {entries: number; owned: number; generated: number; unowned: number; seconds: number};
  /** Unreadable directories, damaged database files: named, skipped, the scan went on. */
  warnings: string[];
  errors: {code: string; message: string}[];
}

/** Top-level directories that are kernel or runtime state, never installs. */
const WALK_EXCLUDES = ['/proc', '/sys', '/dev', '/run'];
const ALIASES = ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];

async function readOwnership(fs: RootFs, paths: readonly string[], includeManaged: boolean): Promise<{own: Ownership; databases: string[]}> {
  const aliases = new Map<string, string>();
  for (const a of ALIASES) {
    const to = await fs.alias(a);
    if (to !== undefined) aliases.set(a, to);
  }
  const own = new Ownership(aliases);
  if (aliases.size > 0) {
    // The alias links themselves (made by usrmerge or the installer, listed by no package).
    const links = own.addPackage({manager: 'dpkg', name: '(merged-usr)', inventory: false});
    for (const a of aliases.keys()) own.addFile(links, a);
  }
  const databases: string[] = [];
  if (await readDpkg(fs, own)) databases.push('dpkg');
  if (await readApk(fs, own)) databases.push('apk');
  if (await readRpm(fs, own)) databases.push('rpm');
  const before = own.packages.length;
  await readPython(fs, own, paths);
  if (own.packages.length > before) databases.push('python');
  const beforeNpm = own.packages.length;
  await readNpm(fs, own, paths, includeManaged);
  if (own.packages.length > beforeNpm) databases.push('npm');
  return {own, databases};
}

export async function scanRoot(root: string, options: ScanOptions): Promise<ScanResult> {
  const t0 = performance.now();
  const addon = native();
  const [model, snapshot] = await Promise.all([
    timed('model_load', () => PraxiModel.load(options.model)),
    // Names and types only: ownership needs no lstat per file (the few system files left over are
    // stat'ed afterwards for their change times).
    timed('scan_walk', () => addon.takeSnapshot(root, {excludes: WALK_EXCLUDES, oneFilesystem: true, stat: false, ...(options.threads ? {threads: options.threads} : {})})),
  ]);
  const list = await timed('scan_entries', async () => addon.snapshotEntries(snapshot));
  return analyse(root, list.paths, model, {...options, fs: new RootFs(root), warnings: addon.snapshotInfo(snapshot).warnings, t0});
}

/**
 * An image (docker save tar, OCI layout): its squashed filesystem's paths. Package databases inside
 * an image are not read (their contents would have to be pulled out of the layers), so an image is
 * scanned from its files alone, as with --ignore-db, and the result says so.
 */
export async function scanImage(image: string, options: ScanOptions & {imageOptions?: ImageOptions}): Promise<ScanResult> {
  const t0 = performance.now();
  const [model, handle] = await Promise.all([timed('model_load', () => PraxiModel.load(options.model)), openImage(image, {...options.imageOptions, squash: true})]);
  const squashed = await handle.readSquashed();
  const warnings = [...handle.warnings, `${image}: package databases inside images are not read; packages are named from their files alone (as with --ignore-db)`];
  return analyse(image, squashed.changes, model, {...options, ignoreDb: true, warnings, t0});
}

async function analyse(
  root: string,
  paths: readonly string[],
  model: PraxiModel,
  options: ScanOptions & {fs?: RootFs; warnings: readonly string[]; t0: number},
): Promise<ScanResult> {
  const warnings = [...options.warnings];
  let own: Ownership | undefined;
  let databases: string[] = [];
  if (!options.ignoreDb && options.fs) {
    ({own, databases} = await timed('scan_databases', () => readOwnership(options.fs!, paths, options.includeManaged === true)));
    warnings.push(...own.problems);
  }
  const owned = (p: string) => own?.ownsFile(p) ?? false;
  const candidates: ScanFile[] = [];
  let ownedCount = 0;
  let generated = 0;
  await timed('scan_filter', async () => {
    for (const path of paths) {
      if (owned(path)) ownedCount++;
      else if (isGenerated(path, owned)) generated++;
      else candidates.push({path});
    }
  });
  let groups: ScanGroup[];
  if (options.ignoreDb) {
    // Without a database the system hierarchy is one inventory; install roots stay groups.
    const system = candidates.filter((f) => installRoot(f.path) === undefined).map((f) => f.path);
    const rooted = candidates.filter((f) => installRoot(f.path) !== undefined);
    const found = await timed('scan_inventory', () => inventory(model, system));
    groups = [{root: '/', files: system.length, kind: 'inventory', labels: found.labels}, ...(await timed('scan_predict', () => predictGroups(model, groupFiles(rooted), options.evidence === true)))];
  } else {
    await timed('scan_ctimes', () => addChangeTimes(root, candidates.filter((f) => installRoot(f.path) === undefined), warnings));
    groups = await timed('scan_predict', () => predictGroups(model, groupFiles(candidates), options.evidence === true));
  }
  const result: ScanResult = {
    root,
    groups,
    databases,
    stats: {entries: paths.length, owned: ownedCount, generated, unowned: candidates.length, seconds: 0},
    warnings,
    errors: [],
  };
  if (options.includeManaged && own) {
    result.packages = own.packages.filter((p) => p.inventory).map(({inventory: _, ...p}) => p);
  }
  result.stats.seconds = (performance.now() - options.t0) / 1000;
  return result;
}

/** lstat (inside ROOT, never following) for the change times event grouping needs. */
async function addChangeTimes(root: string, files: ScanFile[], warnings: string[]): Promise<void> {
  const BATCH = 256;
  for (let i = 0; i < files.length; i += BATCH) {
    await Promise.all(
      files.slice(i, i + BATCH).map(async (f) => {
        try {
          const st = await lstat(join(root, f.path));
          f.ctime = st.ctimeMs / 1000;
          f.mtime = st.mtimeMs / 1000;
        } catch (err) {
          // Gone since the walk: it joins the earliest event rather than being lost.
          f.ctime = 0;
          f.mtime = 0;
          warnings.push(`${f.path}: cannot lstat (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
        }
      }),
    );
  }
}

/**
 * Columbus keeps the prefixes that recur; past this many files a group's tags come from an even
 * sample of its paths (every k-th in path order), which keeps every directory represented and the
 * scan of a root with a 100,000-file toolchain in seconds.
 */
export const MAX_TAGGED_FILES = 20_000;

function sample(paths: readonly string[]): string[] {
  if (paths.length <= MAX_TAGGED_FILES) return [...paths];
  const step = paths.length / MAX_TAGGED_FILES;
  return Array.from({length: MAX_TAGGED_FILES}, (_, i) => paths[Math.floor(i * step)]!);
}

async function predictGroups(model: PraxiModel, groups: readonly FileGroup[], evidence: boolean): Promise<ScanGroup[]> {
  const {columbus} = model.manifest;
  const filter = await loadFilter(columbus.filter);
  const inputs = groups.map((g) => sample(g.files.map((f) => f.path)));
  const words = needsWords(model.manifest.features);
  const tagged = await Promise.all(
    groups.map(async (g, i) => ({
      source: g.root,
      tags: (await tagChanges(inputs[i]!, {threshold: columbus.threshold, filter})).toStrings(),
      ...(words ? {words: wordLists(await pathWords(inputs[i]!))} : {}),
    })),
  );
  const predictions = await model.predict(tagged, {evidence});
  return groups.map((g, i) => ({
    root: g.root,
    files: g.files.length,
    ...(inputs[i]!.length < g.files.length ? {tagged: inputs[i]!.length} : {}),
    kind: g.kind,
    labels: tagged[i]!.tags.length === 0 ? [] : predictions[i]!.labels,
  }));
}
