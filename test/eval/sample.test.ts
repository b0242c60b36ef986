// `praxi eval` on the team's Debian sample: the targets, checked every run (skipped where
// shared/ is absent). The reference figures are shared/data/debian-sample/REFERENCE.md.
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';

import type {EvalResult} from '../../src/eval/evaluate.js';
import {runCli} from '../support/cli.js';
import {hasShared, sharedDir} from '../support/shared.js';

const s = join(sharedDir, 'data', 'debian-sample');

function evalJson(args: string[]): EvalResult {
  const r = runCli(['eval', ...args, '--json']);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as EvalResult;
}

describe.skipIf(!hasShared)('praxi eval on the Debian sample', () => {
  it('single-label: praxi reproduces the reference accuracy 0.9833', () => {
    const r = evalJson([join(s, 'sl/train'), '--test', join(s, 'sl/test')]);
    const praxi = r.results.find((m) => m.mode === 'praxi')!;
    expect(praxi.metrics.exact_match).toBeCloseTo(0.9833, 4);
  });

  it('multi-label: the compatible pipeline told k reproduces the reference 0.6475; praxi without k beats it and reaches 0.75', () => {
    const r = evalJson([join(s, 'ml/train'), '--test', join(s, 'ml/test'), '--multi']);
    const by = Object.fromEntries(r.results.map((m) => [m.mode, m.metrics.micro.f1]));
    expect(by['compat-true-k']).toBeCloseTo(0.6475, 4);
    expect(by.praxi).toBeGreaterThanOrEqual(0.75);
    expect(by.praxi).toBeGreaterThan(by['compat-true-k']);
    expect(by.praxi).toBeGreaterThan(by.compat);
  });

  it('multi-label from single- and multi-label data together: praxi >= 0.85 micro-F1 without k', () => {
    const r = evalJson([join(s, 'sl/train'), join(s, 'ml/train'), '--test', join(s, 'ml/test'), '--multi', '--modes', 'praxi']);
    expect(r.results[0].metrics.micro.f1).toBeGreaterThanOrEqual(0.85);
  });
});
