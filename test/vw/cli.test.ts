import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';

import type {VwCommandResult} from '../../src/commands/vw.js';
import {runVw} from '../../src/vw/index.js';
import {runCli} from '../support/cli.js';
import {hasShared, sharedSkipReason} from '../support/shared.js';
import {data, fileLines, outStd, tempDir, vectors} from './support.js';

if (!hasShared) console.warn(`SKIP test/vw/cli.test.ts oracle runs: ${sharedSkipReason}`);

interface OracleRun {
  name: string;
  args: string[];
  /** Files the run wrote under out_std/ (basenames). */
  outputs: string[];
}

/** The recorded vw-exact command lines (out_std/*.cmd), with paths moved to `dir`; audit/invert-hash runs left out. */
function oracleRuns(dir: string): OracleRun[] {
  const runs: OracleRun[] = [];
  for (const file of readdirSync(join(vectors, 'out_std')).filter((f) => f.endsWith('.cmd')).sort()) {
    const tokens = readFileSync(join(vectors, 'out_std', file), 'utf8').trim().split(/\s+/).slice(1);
    if (tokens.includes('--audit') || tokens.includes('--invert_hash')) continue;
    const run: OracleRun = {name: file.replace(/\.cmd$/, ''), args: [], outputs: []};
    for (const t of tokens) {
      if (t.startsWith('out_std/')) {
        run.outputs.push(t.slice(8));
        run.args.push(join(dir, t.slice(8)));
      } else if (t.startsWith('data/')) {
        run.args.push(join(vectors, t));
      } else {
        run.args.push(t);
      }
    }
    runs.push(run);
  }
  // Runs that read a model (-i) after the runs that write it.
  return runs.sort((a, b) => Number(a.args.includes('-i')) - Number(b.args.includes('-i')));
}

/** Compares what a run wrote in `dir` with vw-exact's files: -p/-r/readable text identical, models byte for byte. */
function expectSameOutputs(run: OracleRun, dir: string): number {
  let compared = 0;
  for (const out of run.outputs) {
    if (out.endsWith('.cache')) continue; // the cache format is praxi's own
    const want = readFileSync(outStd(out));
    const got = readFileSync(join(dir, out));
    if (out.endsWith('.vw')) expect(got.equals(want), `${run.name}: ${out} bytes`).toBe(true);
    else expect(got.toString('utf8'), `${run.name}: ${out}`).toBe(want.toString('utf8'));
    compared++;
  }
  return compared;
}

describe.skipIf(!hasShared)('runVw reproduces the recorded vw-exact runs', () => {
  it('every non-audit run: same predictions, raw predictions, readable models and model bytes', async () => {
    const dir = tempDir();
    const runs = oracleRuns(dir);
    expect(runs.length).toBeGreaterThanOrEqual(25);
    let compared = 0;
    for (const run of runs) {
      const r = await runVw(run.args);
      expect(r.exitCode, `${run.name}\n${r.stderr}`).toBe(0);
      compared += expectSameOutputs(run, dir);
    }
    expect(compared).toBeGreaterThanOrEqual(50);
  });

  it('streams stderr line by line and resolves after the last line', async () => {
    const chunks: string[] = [];
    const r = await runVw(['--oaa', '5', '-d', data('mc_train.txt')], {onStderr: (t) => chunks.push(t)});
    expect(r.exitCode).toBe(0);
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.every((c) => c.endsWith('\n'))).toBe(true);
    expect(chunks.join('')).toBe(r.stderr);
    expect(r.stderr).toContain('average loss = 0.115000');
  });
});

describe('praxi vw', () => {
  it.skipIf(!hasShared)('reproduces vw -d ... -f ... -p ... runs of the vectors (train, --passes with cache, -t -i with flags)', () => {
    const dir = tempDir();
    const byName = new Map(oracleRuns(dir).map((r) => [r.name, r]));
    for (const name of ['a_oaa5_train', 'b_oaa5prob_train', 'f_oaa5_passes3', 'd_csoaa5_train', 'b_oaa5prob_test_flags']) {
      const run = byName.get(name)!;
      const r = runCli(['vw', ...run.args]);
      expect(r.status, `${name}\n${r.stderr}`).toBe(0);
      expect(r.stderr).toContain('finished run');
      expectSameOutputs(run, dir);
    }
  });

  it.skipIf(!hasShared)('--json gives {exitCode, stderr} and keeps stdout clean', () => {
    const dir = tempDir();
    const r = runCli(['vw', '--json', '--oaa', '5', '-d', data('mc_train.txt'), '-p', join(dir, 'p.txt')]);
    expect(r.status).toBe(0);
    const j = JSON.parse(r.stdout) as VwCommandResult;
    expect(j.exitCode).toBe(0);
    expect(j.stderr).toContain('average loss = 0.115000');
    expect(fileLines(join(dir, 'p.txt'))).toEqual(fileLines(outStd('a_oaa5.train.pred')));
  });

  it('passes vw flags through untouched and exits with the engine code; --help still shows help', () => {
    const bad = runCli(['vw', '--oaa', '5', '--bogus']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("error VW_ARGS: unsupported option '--bogus'");
    const missing = runCli(['vw', '-t', '-i', '/nonexistent/model.vw']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('VW_IO');
    const help = runCli(['vw', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('USAGE');
    expect(help.stdout).toContain('vw command line');
    const none = runCli(['vw']);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('USAGE_NO_ARGS');
  });
});
