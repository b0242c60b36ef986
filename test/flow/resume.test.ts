import {copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';

import type {PredictResult} from '../../src/flow/predict.js';
import {runCli} from '../support/cli.js';
import {hasShared, sharedDir} from '../support/shared.js';

const train = join(sharedDir, 'data/debian-sample/sl/train');

describe.skipIf(!hasShared)('praxi train --resume (Praxi iterative training)', () => {
  it('adds new labels to a model that reserved room, keeping what it knew', () => {
    const dir = mkdtempSync(join(tmpdir(), 'praxi-resume-'));
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    mkdirSync(a);
    mkdirSync(b);
    for (const f of readdirSync(train)) copyFileSync(join(train, f), join(f < 'm' ? a : b, f));
    const model = join(dir, 'model.vw');
    expect(runCli(['train', a, '--model', model, '--max-labels', '100']).status).toBe(0);
    const before = JSON.parse(readFileSync(`${model}.json`, 'utf8'));
    const r = runCli(['train', b, '--model', model, '--resume']);
    expect(r.status, r.stderr).toBe(0);
    const after = JSON.parse(readFileSync(`${model}.json`, 'utf8'));
    expect(after.labels.slice(0, before.labels.length)).toEqual(before.labels);
    expect(after.labels.length).toBe(80);
    expect(after.vw.classes).toBe(100);
    // Both halves are recognised: one changeset of each.
    const probeA = join(a, readdirSync(a)[0]);
    const probeB = join(b, readdirSync(b)[0]);
    const p = JSON.parse(runCli(['predict', probeA, probeB, '--model', model, '--json']).stdout) as PredictResult;
    const labelOf = (f: string) => /^label: '?([^'\n]+)'?$/m.exec(readFileSync(f, 'utf8'))![1];
    expect(p.predictions.map((x) => x.labels[0].label)).toEqual([labelOf(probeA), labelOf(probeB)]);
    // The profile index kept the first half's labels.
    const inspect = JSON.parse(runCli(['model', 'inspect', model, '--json']).stdout) as {profile: {labels: number}};
    expect(inspect.profile.labels).toBe(80);
  });

  it('refuses to add labels beyond the room the model has', () => {
    const dir = mkdtempSync(join(tmpdir(), 'praxi-resume-full-'));
    const a = join(dir, 'a');
    mkdirSync(a);
    for (const f of readdirSync(train).filter((f) => f < 'c')) copyFileSync(join(train, f), join(a, f));
    const model = join(dir, 'model.vw');
    expect(runCli(['train', a, '--model', model]).status).toBe(0);
    const r = runCli(['train', train, '--model', model, '--resume']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--max-labels/);
  });
});
