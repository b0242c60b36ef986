// Praxi's iterative training as a user types it: train from a directory of symlinks, then
// `--resume` with new packages; the model grows to the new label count and real vw still loads it.
import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';

import type {PredictResult} from '../../src/flow/predict.js';
import {runCli} from '../support/cli.js';
import {hasShared, sharedDir} from '../support/shared.js';
import {g6} from '../vw/support.js';

const sample = join(sharedDir, 'data/debian-sample/sl');
const vwBinary = join(sharedDir, 'vw', 'vw');
const labelOf = (f: string) => /^label: '?([^'\n]+)'?$/m.exec(readFileSync(f, 'utf8'))![1];

/** The sample's changesets of `dir` grouped by package, packages sorted. */
function byPackage(dir: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const f of readdirSync(dir).sort()) {
    const label = labelOf(join(dir, f));
    out.set(label, [...(out.get(label) ?? []), join(dir, f)]);
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** A directory of `ln -s` links to `files` (kept where they are). */
function linkFarm(dir: string, files: string[]): string {
  mkdirSync(dir);
  for (const f of files) symlinkSync(f, join(dir, f.slice(f.lastIndexOf('/') + 1)));
  return dir;
}

describe.skipIf(!hasShared)('praxi train --resume (Praxi iterative training)', () => {
  it('47 packages from a directory of symlinks, then --resume with 3 new ones: all 50 named, vw agrees', () => {
    const dir = mkdtempSync(join(tmpdir(), 'praxi-resume-'));
    const train = byPackage(join(sample, 'train'));
    const packages = [...train.keys()];
    const first = packages.slice(0, 47);
    const added = packages.slice(47, 50);
    const model = join(dir, 'model.vw');

    const links1 = linkFarm(join(dir, 'links'), first.flatMap((p) => train.get(p)!));
    // Praxi's features: vw itself is given the same tag lines below (the resumed model keeps them).
    let r = runCli(['train', links1, '--model', model, '--features', 'columbus']);
    expect(r.status, r.stderr).toBe(0);
    const before = JSON.parse(readFileSync(`${model}.json`, 'utf8'));
    expect(before.labels).toEqual(first);
    expect(before.vw.classes).toBe(47);

    // No --max-labels was given: the resumed model grows from 47 to 50 classes.
    const links2 = linkFarm(join(dir, 'new'), added.flatMap((p) => train.get(p)!));
    r = runCli(['train', links2, '--model', model, '--resume']);
    expect(r.status, r.stderr).toBe(0);
    const after = JSON.parse(readFileSync(`${model}.json`, 'utf8'));
    expect(after.labels).toEqual([...first, ...added]);
    expect(after.vw.classes).toBe(50);
    expect(after.vw.args.slice(0, 2)).toEqual(['--oaa', '50']);
    expect(after.training.grown).toEqual({from: 47, to: 50, merged_slots: 0});

    // Every one of the 50 packages is named for its own held-out changesets.
    const wanted = new Set([...first, ...added]);
    const testFiles = readdirSync(join(sample, 'test')).sort().map((f) => join(sample, 'test', f)).filter((f) => wanted.has(labelOf(f)));
    const tests = linkFarm(join(dir, 'test'), testFiles);
    r = runCli(['predict', tests, '--model', model, '--top', '50', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const predictions = (JSON.parse(r.stdout) as PredictResult).predictions;
    expect(predictions.length).toBe(testFiles.length);
    const named = new Set(predictions.filter((p) => p.labels[0].label === labelOf(p.source)).map((p) => p.labels[0].label));
    expect([...wanted].filter((l) => !named.has(l))).toEqual([]);

    // Real vw loads the grown model and gives the same probabilities, class by class.
    if (!existsSync(vwBinary)) return;
    const tagged = runCli(['tag', tests]).stdout.trim().split('\n').map((l) => JSON.parse(l) as {source: string; tags: string[]});
    writeFileSync(join(dir, 'test.txt'), tagged.map((t) => `| ${t.tags.join(' ')}\n`).join(''));
    execFileSync(vwBinary, ['-t', '-i', model, '-d', join(dir, 'test.txt'), '-p', join(dir, 'vw.pred'), '--probabilities', '--loss_function', 'logistic', '--quiet']);
    const theirs = readFileSync(join(dir, 'vw.pred'), 'utf8').trim().split('\n');
    expect(theirs.length).toBe(predictions.length);
    predictions.forEach((p, i) => {
      const byLabel = new Map(p.labels.map((l) => [l.label, l.score]));
      const ours = after.labels.map((l: string, c: number) => `${c + 1}:${g6(byLabel.get(l) ?? 0)}`).join(' ');
      expect(theirs[i], p.source).toBe(ours);
    });
  });

  it('--max-labels still reserves room: no re-lay then', () => {
    const dir = mkdtempSync(join(tmpdir(), 'praxi-resume-room-'));
    const train = byPackage(join(sample, 'train'));
    const packages = [...train.keys()];
    const model = join(dir, 'model.vw');
    const a = linkFarm(join(dir, 'a'), packages.slice(0, 5).flatMap((p) => train.get(p)!));
    const b = linkFarm(join(dir, 'b'), packages.slice(5, 8).flatMap((p) => train.get(p)!));
    expect(runCli(['train', a, '--model', model, '--max-labels', '10']).status).toBe(0);
    const r = runCli(['train', b, '--model', model, '--resume']);
    expect(r.status, r.stderr).toBe(0);
    const after = JSON.parse(readFileSync(`${model}.json`, 'utf8'));
    expect(after.labels.length).toBe(8);
    expect(after.vw.classes).toBe(10);
    expect(after.training.grown).toBeUndefined();
  });
});
