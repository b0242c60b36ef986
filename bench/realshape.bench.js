// Real-shaped Praxi data: changesets as Praxi's recorder wrote them (PyYAML, yaml.dump with
// default_flow_style=False; non-ASCII as \uXXXX escapes in double quotes, long paths folded at 80
// columns), listed directory by directory, >= 1 M paths (PRAXI_BENCH_PATHS and PRAXI_BENCH_FILES set
// another size: the issue's real set was 5.77 M paths in 1,250 files). `praxi tag` with one job and
// with every core, printing --json, JSON lines and writing .tag files, side by side in this run with
//   - BASELINE "python-columbus": the original Python flow re-implemented minimally and faithfully
//     (bench/baselines/columbus_pyyaml.py: PyYAML's loader + Columbus per the spec), when python3
//     has PyYAML; the files are then dumped by PyYAML itself;
//   - "previous path": praxi with the native reader off (PRAXI_NO_FAST_PARSE=1: everything through
//     the `yaml` library, as files with escapes went before).
// All must find the same tags (count and sum of counts).
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {availableParallelism, tmpdir} from 'node:os';
import {join} from 'node:path';

import {fmt, projectRoot} from './lib.js';

const cli = join(projectRoot, 'bin', 'run.js');
const TARGET_PATHS = Number(process.env.PRAXI_BENCH_PATHS ?? 1_050_000);
const FILES = Number(process.env.PRAXI_BENCH_FILES ?? 250);

/** bench/results/realshape.json, or realshape-FILESxPATHS.json for another size. */
export function resultName() {
  return process.env.PRAXI_BENCH_PATHS || process.env.PRAXI_BENCH_FILES ? `realshape-${FILES}x${TARGET_PATHS}` : 'realshape';
}

/** xorshift32, as in the tests: the corpus is the same in every run. */
function rng(seed) {
  let x = seed >>> 0 || 1;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x100000000;
  };
  return {next, int: (n) => Math.floor(next() * n), pick: (a) => a[Math.floor(next() * a.length)]};
}

const DIRS = ['/usr/share/doc', '/usr/lib/python3/dist-packages', '/usr/share/locale/de/LC_MESSAGES', '/var/www/static/test',
  '/usr/include', '/usr/lib/x86_64-linux-gnu', '/etc', '/opt', '/usr/share/man/man1', '/var/lib/dpkg/info', '/usr/share/icons/hicolor/48x48/apps'];
const EXT = ['', '.py', '.pyc', '.so.1', '.gz', '.mo', '.h', '.txt', '.png', '.conf', '.list', '.md5sums'];
const ODD = ['\u2297', '\u00e9', '\u00fc', '\u4e2d\u6587', '\u{1F600}', ' ', "'", '"', '\\', '#', ':'];

function name(r, min, max) {
  const len = min + r.int(max - min + 1);
  let s = '';
  for (let i = 0; i < len; i++) s += 'abcdefghijklmnopqrstuvwxyz0123456789-_'[r.int(i === 0 ? 26 : 38)];
  return s;
}

/** One changeset: a package's files, like a recorded install; some with odd characters or very long. */
function changeset(r, index, paths) {
  const pkg = name(r, 3, 12);
  const modules = Array.from({length: 40 + r.int(200)}, () => name(r, 3, 14));
  const odd = r.next() < 0.3; // about a third of the files hold paths PyYAML must escape
  const changes = [];
  for (let i = 0; i < paths; i++) {
    let p = `${r.pick(DIRS)}/${pkg}/${r.pick(modules)}${r.next() < 0.4 ? `/${r.pick(modules)}` : ''}${r.pick(EXT)}`;
    if (odd && r.next() < 0.01) p = p.replace(/\/([^/]*)$/, (_, f) => `/${f.slice(0, 2)}${r.pick(ODD)}${f.slice(2)}`);
    if (r.next() < 0.002) p += `/${Array.from({length: 12}, () => r.pick(modules)).join(' ')}`; // folded at width 80
    changes.push(`${r.pick(['644', '755', '000'])} ${p}`);
  }
  // Listed directory by directory, as installs write them and snapshot diffs list them: in real
  // captures (data/validation/real) 81 % of path components equal the one above them.
  const pathOf = (c) => c.slice(c.indexOf(' ') + 1);
  changes.sort((a, b) => (pathOf(a) < pathOf(b) ? -1 : pathOf(a) > pathOf(b) ? 1 : 0));
  return {changes, close_time: 1504183734.5927892 + index, label: pkg, open_time: 1504183697.509579 + index};
}

function hasPyYaml() {
  return spawnSync('python3', ['-c', 'import yaml'], {stdio: 'ignore'}).status === 0;
}

export async function writeCorpus(dir, python) {
  const r = rng(15);
  const per = Math.ceil(TARGET_PATHS / FILES);
  const jobs = [];
  let paths = 0;
  for (let i = 0; i < FILES; i++) {
    const data = changeset(r, i, Math.max(1, Math.round(per * (0.5 + r.next()))));
    paths += data.changes.length;
    jobs.push({file: join(dir, `${data.label}.${i}.rp.ubx.ts.yaml`), data});
  }
  if (python) {
    execFileSync('python3', [join(projectRoot, 'scripts', 'pyyaml-corpus.py'), 'dump'], {input: jobs.map((j) => JSON.stringify(j)).join('\n'), maxBuffer: 1 << 30});
  } else {
    const {dumpPyYaml} = await import(join(projectRoot, 'dist', 'changesets', 'pyyaml-emit.js'));
    for (const j of jobs) writeFileSync(j.file, dumpPyYaml(j.data));
  }
  return {paths, files: jobs.map((j) => j.file)};
}

const timeBin = '/usr/bin/time';

/**
 * Wall seconds, and CPU seconds (user + system, all threads; null without /usr/bin/time): on a
 * shared machine the CPU ratio holds where the wall-clock one depends on what else runs.
 */
function timed(cmd, args, env = {}) {
  const cpuFile = existsSync(timeBin) ? join(tmpdir(), `praxi-bench-cpu-${process.pid}.txt`) : null;
  const [bin, argv] = cpuFile ? [timeBin, ['-f', '%U %S', '-o', cpuFile, cmd, ...args]] : [cmd, args];
  const t0 = process.hrtime.bigint();
  const out = execFileSync(bin, argv, {env: {...process.env, ...env}, maxBuffer: 1 << 30, encoding: 'utf8'});
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  let cpuSeconds = null;
  if (cpuFile) {
    const [user, system] = readFileSync(cpuFile, 'utf8').trim().split(/\s+/).map(Number);
    cpuSeconds = user + system;
    rmSync(cpuFile, {force: true});
  }
  return {seconds, cpuSeconds, out};
}

/**
 * `praxi tag DIR` with `jobs`, printing `--json` (default), JSON lines (`lines`: no flag) or writing
 * Praxi .tag files (`out`, like the original Columbus); tags and the sum of counts for the check.
 */
async function praxiTag(dir, jobs, env = {}, output = 'json') {
  const {parseTagFile} = await import(join(projectRoot, 'dist', 'changesets', 'tagfile.js'));
  const outDir = output === 'out' ? mkdtempSync(join(tmpdir(), 'praxi-bench-realshape-out-')) : null;
  const mode = output === 'json' ? ['--json'] : output === 'out' ? ['--out', outDir] : [];
  try {
    const {seconds, cpuSeconds, out} = timed(process.execPath, [cli, 'tag', dir, ...mode, '--jobs', String(jobs)], env);
    let tags = 0;
    let countSum = 0;
    const add = (t) => {
      tags++;
      countSum += Number(t.slice(t.lastIndexOf(':') + 1));
    };
    if (output === 'json') for (const set of JSON.parse(out).tagsets) set.tags.forEach(add);
    if (output === 'lines') for (const line of out.split('\n')) if (line) JSON.parse(line).tags.forEach(add);
    if (output === 'out') for (const f of readdirSync(outDir)) parseTagFile(readFileSync(join(outDir, f)), f).tags.forEach(add);
    return {seconds, cpuSeconds, tags, count_sum: countSum};
  } finally {
    if (outDir) rmSync(outDir, {recursive: true, force: true});
  }
}

export async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'praxi-bench-realshape-'));
  try {
    const python = hasPyYaml();
    const corpus = await writeCorpus(dir, python);
    const bytes = readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
    const escaped = corpus.files.filter((f) => readFileSync(f, 'latin1').includes('\\')).length;
    console.log(`corpus: ${corpus.files.length} changesets, ${fmt(corpus.paths)} paths, ${fmt(bytes / 1e6, 1)} MB, ${escaped} files with escapes, dumped by ${python ? 'PyYAML' : "praxi's PyYAML emitter (no PyYAML here)"}`);

    const cores = availableParallelism();
    const one = await praxiTag(dir, 1);
    const all = await praxiTag(dir, cores);
    // The other outputs: JSON lines (no flag) and .tag files (--out), which Praxi's Columbus wrote.
    const lines = {one: await praxiTag(dir, 1, {}, 'lines'), all: await praxiTag(dir, cores, {}, 'lines')};
    const files = {one: await praxiTag(dir, 1, {}, 'out'), all: await praxiTag(dir, cores, {}, 'out')};
    const previous = await praxiTag(dir, cores, {PRAXI_NO_FAST_PARSE: '1'});
    for (const r of [all, lines.one, lines.all, files.one, files.all, previous]) {
      if (r.tags !== one.tags || r.count_sum !== one.count_sum) throw new Error(`praxi runs disagree: ${JSON.stringify({one, r})}`);
    }
    const result = {
      corpus: {files: corpus.files.length, paths: corpus.paths, bytes, files_with_escapes: escaped, dumped_by: python ? 'pyyaml' : 'praxi-pyyaml-emitter'},
      praxi_jobs1_s: one.seconds,
      praxi_all_cores_s: all.seconds,
      praxi_jobs1_cpu_s: one.cpuSeconds,
      praxi_all_cores_cpu_s: all.cpuSeconds,
      praxi_json_lines_jobs1_s: lines.one.seconds,
      praxi_json_lines_all_cores_s: lines.all.seconds,
      praxi_tag_files_jobs1_s: files.one.seconds,
      praxi_tag_files_all_cores_s: files.all.seconds,
      cores,
      previous_path_all_cores_s: previous.seconds,
      tags: one.tags,
      count_sum: one.count_sum,
      ratio_vs_previous_path_all_cores: previous.seconds / all.seconds,
    };
    console.log(`praxi tag --json: ${fmt(one.seconds, 2)} s with 1 job, ${fmt(all.seconds, 2)} s with ${cores} (${fmt(corpus.paths / all.seconds / 1e6, 2)} M paths/s); previous path (yaml library) ${fmt(previous.seconds, 2)} s -> ${fmt(result.ratio_vs_previous_path_all_cores, 1)}x`);
    console.log(`  JSON lines: ${fmt(lines.one.seconds, 2)} s / ${fmt(lines.all.seconds, 2)} s; .tag files (--out): ${fmt(files.one.seconds, 2)} s / ${fmt(files.all.seconds, 2)} s (1 job / ${cores})`);
    if (python) {
      const base = timed('python3', [join(projectRoot, 'bench', 'baselines', 'columbus_pyyaml.py'), join(projectRoot, 'data', 'filters', 'praxi.txt'), ...corpus.files]);
      const py = JSON.parse(base.out);
      if (py.tags !== one.tags || py.count_sum !== one.count_sum) throw new Error(`Python baseline and praxi disagree: ${base.out.trim()} vs ${JSON.stringify(one)}`);
      Object.assign(result, {
        baseline: 'python-columbus (bench/baselines/columbus_pyyaml.py: PyYAML loader + Columbus per spec; a re-implementation, not the original)',
        python_s: base.seconds,
        ratio_jobs1_vs_python: base.seconds / one.seconds,
        ratio_all_cores_vs_python: base.seconds / all.seconds,
        ratio_json_lines_vs_python: {jobs1: base.seconds / lines.one.seconds, all_cores: base.seconds / lines.all.seconds},
        ratio_tag_files_vs_python: {jobs1: base.seconds / files.one.seconds, all_cores: base.seconds / files.all.seconds},
        python_cpu_s: base.cpuSeconds,
        cpu_ratio_jobs1_vs_python: base.cpuSeconds && one.cpuSeconds ? base.cpuSeconds / one.cpuSeconds : null,
      });
      console.log(`BASELINE python-columbus (re-implementation, PyYAML): ${fmt(base.seconds, 1)} s -> praxi --json ${fmt(result.ratio_jobs1_vs_python, 1)}x with 1 job, ${fmt(result.ratio_all_cores_vs_python, 1)}x with ${cores} cores`);
      console.log(`  JSON lines ${fmt(result.ratio_json_lines_vs_python.jobs1, 1)}x / ${fmt(result.ratio_json_lines_vs_python.all_cores, 1)}x; .tag files ${fmt(result.ratio_tag_files_vs_python.jobs1, 1)}x / ${fmt(result.ratio_tag_files_vs_python.all_cores, 1)}x`);
      if (result.cpu_ratio_jobs1_vs_python) console.log(`  CPU time: python ${fmt(base.cpuSeconds, 1)} s, praxi ${fmt(one.cpuSeconds, 2)} s with 1 job -> ${fmt(result.cpu_ratio_jobs1_vs_python, 1)}x`);
    } else {
      console.log('no python3 with PyYAML: the Python baseline is skipped (ratios are against the previous path only)');
    }
    return result;
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
}
