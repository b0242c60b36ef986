// `praxi record`'s snapshot: the native parallel walk (native/snapshot) over a generated 300,000-file
// tree (3,000 directories of 100 files, package-like depth), against in the same run:
//  - `find -printf` printing inode, size, mtime and ctime of every entry (GNU findutils, one thread),
//  - praxi diff's JavaScript tree walk (src/diff/snapshot.ts, fs.promises lstat per entry),
//  - the native walk on one thread.
// Plus one snapshot of this machine's / with record's default exclusions (what `praxi record` pays
// twice per recorded command). The tree is warm in the page cache: every timing is a median after a
// warm-up run. Goal (issue 14): ≤ 2 s for the 300,000 files.
import {spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

import {fmt, medianSeconds, projectRoot} from './lib.js';

const FILES = Number(process.env.PRAXI_BENCH_RECORD_FILES ?? 300_000);
const PER_DIR = 100;

function makeTree(root) {
  for (let d = 0; d < FILES / PER_DIR; d++) {
    const dir = join(root, `pkg${d % 30}`, 'usr', 'lib', `mod${d}`);
    mkdirSync(dir, {recursive: true});
    for (let f = 0; f < PER_DIR; f++) writeFileSync(join(dir, `file${f}.so`), '');
  }
}

export async function run() {
  // Shared machine: the load at the start and end says how far the timings are from an idle one.
  const loadBefore = (await import('node:os')).loadavg()[0];
  const {native} = await import(join(projectRoot, 'dist', 'native.js'));
  const {readSnapshot} = await import(join(projectRoot, 'dist', 'diff', 'snapshot.js'));
  const {DEFAULT_RECORD_EXCLUDES} = await import(join(projectRoot, 'dist', 'record', 'excludes.js'));
  const addon = native();
  const root = mkdtempSync(join(tmpdir(), 'praxi-bench-record-'));
  try {
    let t = performance.now();
    makeTree(root);
    console.log(`tree: ${fmt(FILES)} files in ${fmt((performance.now() - t) / 1000, 1)} s`);
    let entries = 0;
    // CPU seconds (all threads) beside wall time: on a shared, loaded machine the wall time says
    // more about the neighbours than about the walk.
    const cpuRuns = [];
    const nativeSeconds = await medianSeconds(async () => {
      const c0 = process.cpuUsage();
      entries = addon.snapshotInfo(await addon.takeSnapshot(root, {})).entries;
      const c = process.cpuUsage(c0);
      cpuRuns.push((c.user + c.system) / 1e6);
    }, 5);
    const cpuSeconds = cpuRuns.sort((a, b) => a - b)[Math.floor(cpuRuns.length / 2)];
    const oneThread = await medianSeconds(async () => {
      await addon.takeSnapshot(root, {threads: 1});
    }, 3);
    const findSeconds = await medianSeconds(async () => {
      const r = spawnSync('find', [root, '-xdev', '-printf', '%i %s %T@ %C@ %p\n'], {stdio: ['ignore', 'ignore', 'inherit']});
      if (r.status !== 0) throw new Error('find failed');
    }, 3);
    t = performance.now();
    const js = await readSnapshot(root);
    const jsSeconds = (performance.now() - t) / 1000;
    const diffSeconds = await medianSeconds(async () => {
      const a = await addon.takeSnapshot(root, {});
      const b = await addon.takeSnapshot(root, {});
      await addon.diffSnapshots(a, b);
    }, 1);
    let machine = {entries: 0, directories: 0};
    const machineSeconds = await medianSeconds(async () => {
      machine = addon.snapshotInfo(await addon.takeSnapshot('/', {excludes: [...DEFAULT_RECORD_EXCLUDES]}));
    }, 3);
    const result = {
      files: FILES,
      entries,
      native_seconds: nativeSeconds,
      native_cpu_seconds: cpuSeconds,
      native_one_thread_seconds: oneThread,
      find_seconds: findSeconds,
      js_walk_seconds: jsSeconds,
      js_walk_entries: js.entries.size,
      two_snapshots_and_diff_seconds: diffSeconds,
      goal_seconds: 2,
      meets_goal: nativeSeconds <= 2,
      speedup_vs_find: findSeconds / nativeSeconds,
      speedup_vs_js_walk: jsSeconds / nativeSeconds,
      speedup_vs_one_thread: oneThread / nativeSeconds,
      machine_root: {entries: machine.entries, directories: machine.directories, seconds: machineSeconds},
      load_average_1min: {before: loadBefore, after: (await import('node:os')).loadavg()[0]},
    };
    console.log(`native snapshot: ${fmt(entries)} entries in ${fmt(nativeSeconds, 3)} s (goal ≤ 2 s), ${fmt(cpuSeconds, 3)} CPU s`);
    console.log(`  vs find -printf ${fmt(findSeconds, 3)} s: ${fmt(result.speedup_vs_find, 2)}x; vs JS walk ${fmt(jsSeconds, 3)} s: ${fmt(result.speedup_vs_js_walk, 2)}x; vs one thread ${fmt(oneThread, 3)} s: ${fmt(result.speedup_vs_one_thread, 2)}x`);
    console.log(`this machine's /: ${fmt(machine.entries)} entries in ${fmt(machineSeconds, 3)} s`);
    return result;
  } finally {
    rmSync(root, {recursive: true, force: true});
  }
}
