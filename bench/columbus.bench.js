// Columbus: the C++ core alone (one core), and `praxi tag` end to end (read + parse + tag) on the
// Debian sample with one job and with all cores, each against a straightforward JavaScript
// implementation (the `yaml` library + bench/baselines/columbus-reference.js) timed in this run.
import {execFileSync} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import {readdir} from 'node:fs/promises';
import {availableParallelism, tmpdir} from 'node:os';
import {join} from 'node:path';
import {parse as parseYaml} from 'yaml';

import {columbusReference} from './baselines/columbus-reference.js';
import {buildNativeBench, fmt, hasShared, medianSeconds, projectRoot, sharedDir} from './lib.js';

// Reported for the original Python Columbus with PyYAML's C loader on this machine kind (issue 4).
const PYTHON_END_TO_END_PATHS_PER_S = 20_000;
const PYTHON_CORE_PATHS_PER_S = 27_000;

async function listYaml(dir) {
  const out = [];
  for (const e of await readdir(dir, {withFileTypes: true, recursive: true})) {
    if (e.isFile() && e.name.endsWith('.yaml')) out.push(join(e.parentPath ?? e.path, e.name));
  }
  return out.sort();
}

export async function run() {
  const dataDir = hasShared ? join(sharedDir, 'data', 'debian-sample') : join(projectRoot, 'data', 'sample');
  const files = await listYaml(dataDir);
  const changesets = files.map((f) => parseYaml(readFileSync(f, 'utf8')).changes);
  const paths = changesets.reduce((n, c) => n + c.length, 0);
  console.log(`data: ${dataDir} (${files.length} changesets, ${fmt(paths)} paths)`);

  // Core, C++ on one core.
  const changesFile = join(tmpdir(), `praxi-bench-changes-${process.pid}.txt`);
  writeFileSync(changesFile, changesets.map((c) => `${c.join('\n')}\n`).join('\n'));
  const buildDir = buildNativeBench('praxi_columbus_bench');
  const core = JSON.parse(execFileSync(join(buildDir, 'native/columbus/praxi_columbus_bench'), [changesFile, '3'], {encoding: 'utf8'}));

  // Baseline: JavaScript reference, core alone and end to end, one thread.
  const filterSet = new Set(readFileSync(join(projectRoot, 'data/filters/praxi.txt'), 'utf8').split('\n').filter(Boolean));
  const refCoreS = await medianSeconds(() => {
    for (const c of changesets) columbusReference(c, {threshold: 2, filter: filterSet});
  }, 3);
  const refE2eS = await medianSeconds(() => {
    for (const f of files) columbusReference(parseYaml(readFileSync(f, 'utf8')).changes, {threshold: 2, filter: filterSet});
  }, 3);

  // praxi tag through the library, in this process: one job, then all cores.
  const {tagInputs} = await import(join(projectRoot, 'dist', 'tagging.js'));
  const drain = async (jobs) => {
    let n = 0;
    for await (const o of tagInputs([dataDir], {jobs})) if (o.ok) n++;
    if (n !== files.length) throw new Error(`tagged ${n} of ${files.length}`);
  };
  const oneJobS = await medianSeconds(() => drain(1));
  const cores = availableParallelism();
  const allJobsS = await medianSeconds(() => drain(cores));

  // The CLI as a user runs it (includes Node start-up), for scale.
  const cliS = await medianSeconds(() => {
    execFileSync(process.execPath, [join(projectRoot, 'bin/run.js'), 'tag', dataDir], {stdio: 'ignore'});
  }, 3);

  const r = {
    data: {dir: dataDir, changesets: files.length, paths},
    core: {
      paths_per_s: core.paths_per_second,
      js_reference_paths_per_s: paths / refCoreS,
      ratio_vs_js_reference: core.paths_per_second / (paths / refCoreS),
      ratio_vs_python_reported: core.paths_per_second / PYTHON_CORE_PATHS_PER_S,
      target_paths_per_s: 2_000_000,
    },
    end_to_end: {
      one_job_paths_per_s: paths / oneJobS,
      all_jobs_paths_per_s: paths / allJobsS,
      jobs: cores,
      js_reference_paths_per_s: paths / refE2eS,
      ratio_one_job_vs_js_reference: refE2eS / oneJobS,
      ratio_all_jobs_vs_one_job: oneJobS / allJobsS,
      ratio_one_job_vs_python_reported: paths / oneJobS / PYTHON_END_TO_END_PATHS_PER_S,
      target_ratio_vs_python: 50,
      cli_wall_seconds_median: cliS,
    },
  };
  console.log(`core (C++, 1 core): ${fmt(r.core.paths_per_s)} paths/s = ${fmt(r.core.ratio_vs_js_reference, 1)}x the JS reference (${fmt(r.core.js_reference_paths_per_s)} paths/s), ${fmt(r.core.ratio_vs_python_reported, 0)}x Python's reported 27k; target 2M`);
  console.log(`end to end, 1 job: ${fmt(r.end_to_end.one_job_paths_per_s)} paths/s = ${fmt(r.end_to_end.ratio_one_job_vs_js_reference, 1)}x the JS reference (${fmt(r.end_to_end.js_reference_paths_per_s)} paths/s), ${fmt(r.end_to_end.ratio_one_job_vs_python_reported, 0)}x Python's reported 20k; target 50x`);
  console.log(`end to end, ${cores} jobs: ${fmt(r.end_to_end.all_jobs_paths_per_s)} paths/s (${fmt(r.end_to_end.ratio_all_jobs_vs_one_job, 2)}x one job); CLI wall ${fmt(cliS, 3)} s`);
  return r;
}
