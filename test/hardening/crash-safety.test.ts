// Crash safety of `--out`: `praxi tag --out DIR` and `praxi run --out DIR` are killed with SIGKILL at
// seeded random points of their own progress: the run reports its steps on a file descriptor
// (PRAXI_STEP_FD, src/util/steps.ts: every tagged input, every temp file opened / synced / renamed)
// and stops at the chosen step (PRAXI_STOP_AT_STEP), where it is killed. No clock is involved, so
// the kill points are the same on a fast or a busy machine. Afterwards every result file in DIR
// must be absent (when no earlier version existed), the previous complete version, or the new
// complete version, byte for byte. Temp files (`.NAME.PID.HEX.tmp`) may be left by a kill but are
// hidden, never a result; the next run removes those older than STALE_TEMP_MS. Concurrent runs into
// one directory leave only complete files.
import {spawn} from 'node:child_process';
import {cpSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';

import {parseTagFile} from '../../src/changesets/tagfile.js';
import {ATOMIC_TEMP_PATTERN, STALE_TEMP_MS} from '../../src/util/atomic-write.js';
import {runCli} from '../support/cli.js';
import {projectRoot} from '../support/shared.js';
import {cleanup, rng, tempDir, trainSmallModel} from './support.js';

const KILLS_PER_COMMAND = 100;
const PARALLEL = 2;
// A guard against a hang, not a speed bound: 100 CLI starts take minutes on a loaded 2-core machine.
const KILL_TEST_TIMEOUT_MS = 30 * 60_000;
const bin = join(projectRoot, 'bin', 'run.js');

let work: string;
let inputs: string;
let model: string;

/** Directory → {name: bytes} of every visible (result) file, recursively. */
function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of readdirSync(dir, {withFileTypes: true, recursive: true})) {
    if (!e.isFile() || e.name.startsWith('.')) continue;
    const full = join(e.parentPath ?? (e as unknown as {path: string}).path, e.name);
    out.set(full.slice(dir.length + 1), readFileSync(full));
  }
  return out;
}

function tempFiles(dir: string): string[] {
  return readdirSync(dir, {recursive: true}).map(String).filter((f) => f.split('/').at(-1)!.startsWith('.') && f.endsWith('.tmp'));
}

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The steps the run reported (`<n> <kind> <detail>` lines of PRAXI_STEP_FD). */
  steps: string[];
}

/**
 * Spawns the CLI with its steps reported on fd 3. With `stopAt`, the run stops after reporting that
 * step and is killed there (SIGKILL); a run with fewer steps ends on its own.
 */
function runAndKill(args: string[], stopAt: number | undefined): Promise<Outcome> {
  return new Promise((resolve) => {
    const env = {...process.env, PRAXI_STEP_FD: '3', ...(stopAt !== undefined ? {PRAXI_STOP_AT_STEP: String(stopAt)} : {})};
    const child = spawn(process.execPath, [bin, ...args], {stdio: ['ignore', 'ignore', 'ignore', 'pipe'], cwd: projectRoot, env});
    const steps: string[] = [];
    let pending = '';
    const fd3 = child.stdio[3] as NodeJS.ReadableStream;
    fd3.setEncoding('utf8');
    fd3.on('data', (chunk: string) => {
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        steps.push(line);
        if (stopAt !== undefined && line.startsWith(`${stopAt} `)) child.kill('SIGKILL');
      }
    });
    child.on('close', (code, signal) => resolve({code, signal, steps}));
  });
}

async function pool<T>(items: T[], n: number, f: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({length: n}, async () => {
    while (next < items.length) {
      const i = next++;
      await f(items[i]!, i);
    }
  }));
}

/** Every visible file is the previous or the new complete version; nothing expected is missing. */
function checkOutputs(dir: string, previous: Map<string, Buffer>, next: Map<string, Buffer>, parse: (name: string, b: Buffer) => void): void {
  const got = snapshot(dir);
  for (const [name, bytes] of got) {
    const ok = previous.get(name)?.equals(bytes) || next.get(name)?.equals(bytes);
    expect(ok, `${dir}/${name} is neither the previous nor the new complete version`).toBe(true);
    parse(name, bytes);
  }
  for (const name of previous.keys()) expect(got.has(name), `${name} vanished`).toBe(true);
  for (const name of got.keys()) expect(previous.has(name) || next.has(name), `unexpected file ${name}`).toBe(true);
}

const parseOutput = (name: string, b: Buffer): void => {
  if (name.endsWith('.tag')) parseTagFile(b, name);
  else if (name.endsWith('.json')) JSON.parse(b.toString('utf8'));
  else if (name.endsWith('.jsonl')) for (const l of b.toString('utf8').split('\n').filter(Boolean)) JSON.parse(l);
};

beforeAll(() => {
  work = tempDir('crash');
  inputs = join(work, 'inputs');
  mkdirSync(inputs);
  // 120 changesets: enough writes that kills land before, during and after the write phase.
  const r = rng(7);
  for (let i = 0; i < 120; i++) {
    const pkg = ['alpha', 'beta', 'gamma'][i % 3]!;
    const files = Array.from({length: 20 + Math.floor(r() * 40)}, (_, k) => `- /usr/share/${pkg}/d${k % 7}/f${k}-${i}.txt`);
    writeFileSync(join(inputs, `c${String(i).padStart(3, '0')}.yaml`), `changes:\n${files.join('\n')}\n- /usr/bin/${pkg}\nlabel: ${pkg}\n`);
  }
  model = trainSmallModel(join(work, 'model'));
});
afterAll(cleanup);

interface Scenario {
  name: string;
  /** Arguments for the previous and the new version of the outputs. */
  previous: (out: string) => string[];
  next: (out: string) => string[];
}

const scenarios: Scenario[] = [
  {
    name: 'praxi tag --out',
    previous: (out) => ['tag', inputs, '--out', out, '--threshold', '1', '--jobs', '2'],
    next: (out) => ['tag', inputs, '--out', out, '--threshold', '2', '--jobs', '2'],
  },
  {
    name: 'praxi run --out',
    previous: (out) => ['run', join(inputs, 'c000.yaml'), join(inputs, 'c001.yaml'), '--model', model, '--out', out, '--keep-tags', '--jobs', '2'],
    next: (out) => ['run', inputs, '--model', model, '--out', out, '--keep-tags', '--jobs', '2'],
  },
];

describe('SIGKILL at random moments leaves only complete files', () => {
  for (const s of scenarios) {
    it(`${s.name}: ${KILLS_PER_COMMAND} kills spread over the run's steps`, async () => {
      const base = join(work, s.name.replace(/\W+/g, '-'));
      // References: the previous and the new complete outputs, and the run's steps.
      const prevDir = join(base, 'ref-prev');
      const nextDir = join(base, 'ref-next');
      expect(runCli(s.previous(prevDir)).status).toBe(0);
      const stepCounts: number[] = [];
      let reference: string[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await runAndKill(s.next(join(base, `ref-next-${i}`)), undefined);
        expect(r.code).toBe(0);
        stepCounts.push(r.steps.length);
        reference = r.steps;
      }
      cpSync(join(base, 'ref-next-0'), nextDir, {recursive: true});
      const previous = snapshot(prevDir);
      const next = snapshot(nextDir);
      // The same inputs and outputs give the same number of steps, whatever the machine's speed.
      expect(new Set(stepCounts).size).toBe(1);
      const total = stepCounts[0]!;
      const writeSteps = reference.map((line) => Number(line.split(' ')[0])).filter((_, k) => !reference[k]!.split(' ')[1]!.startsWith('input'));
      expect(writeSteps.length).toBeGreaterThan(0);

      const random = rng(s.name.length * 1000 + 11);
      // Half spread evenly over every step of the run, half on the steps of the writes (temp file
      // opened, synced, renamed), where a torn file could appear.
      const half = KILLS_PER_COMMAND / 2;
      const points = Array.from({length: KILLS_PER_COMMAND}, (_, i) => i < half
        ? 1 + Math.min(total - 1, Math.floor((i + random()) / half * total))
        : writeSteps[Math.floor(random() * writeSteps.length)]!);
      let killed = 0;
      let leftovers = 0;
      await pool(points, PARALLEL, async (at, i) => {
        const out = join(base, `kill-${i}`);
        cpSync(prevDir, out, {recursive: true});
        const r = await runAndKill(s.next(out), at);
        expect(r.signal, `run stopped at step ${at} of ${total}`).toBe('SIGKILL');
        expect(r.steps.length).toBe(at);
        checkOutputs(out, previous, next, parseOutput);
        leftovers += tempFiles(out).length;
        killed++;
      });
      expect(killed).toBe(KILLS_PER_COMMAND);
      console.log(`${s.name}: ${total} steps (${writeSteps.length} in writes), ${killed}/${KILLS_PER_COMMAND} killed mid-run, ${leftovers} temp files left by kills`);

      // A later run into a directory with stale temps (aged past STALE_TEMP_MS) removes them and
      // completes; fresh temps (a concurrent writer's) are left alone.
      const dirty = join(base, 'dirty');
      cpSync(prevDir, dirty, {recursive: true});
      const old = (Date.now() - STALE_TEMP_MS - 60_000) / 1000;
      const staleName = '.c000.tag.424242.0123456789ab.tmp';
      const freshName = '.c001.tag.424243.0123456789ab.tmp';
      writeFileSync(join(dirty, staleName), 'half a fi');
      writeFileSync(join(dirty, freshName), 'half a fi');
      utimesSync(join(dirty, staleName), old, old);
      expect(ATOMIC_TEMP_PATTERN.test(staleName)).toBe(true);
      expect(runCli(s.next(dirty)).status).toBe(0);
      expect(tempFiles(dirty)).toEqual([freshName]);
      checkOutputs(dirty, next, next, parseOutput);
    }, KILL_TEST_TIMEOUT_MS);
  }
});

describe('concurrent runs into one output directory', () => {
  for (const s of scenarios) {
    it(`${s.name}: 4 concurrent runs (previous and new arguments) leave only complete files and no temps`, async () => {
      const base = join(work, `conc-${s.name.replace(/\W+/g, '-')}`);
      const prevDir = join(base, 'ref-prev');
      const nextDir = join(base, 'ref-next');
      expect(runCli(s.previous(prevDir)).status).toBe(0);
      expect(runCli(s.next(nextDir)).status).toBe(0);
      const out = join(base, 'shared');
      const results = await Promise.all([0, 1, 2, 3].map((i) => runAndKill(i % 2 ? s.next(out) : s.previous(out), undefined)));
      for (const r of results) expect(r.code).toBe(0);
      const previous = snapshot(prevDir);
      const next = snapshot(nextDir);
      const got = snapshot(out);
      for (const [name, bytes] of got) {
        expect(previous.get(name)?.equals(bytes) || next.get(name)?.equals(bytes), name).toBe(true);
        parseOutput(name, bytes);
      }
      expect(new Set(got.keys())).toEqual(new Set([...previous.keys(), ...next.keys()]));
      expect(tempFiles(out)).toEqual([]);
    });
  }
});
