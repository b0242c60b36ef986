// End-to-end: the CLI as users run it, on the team's Debian sample (skipped where shared/ is absent).
import {execFileSync} from 'node:child_process';
import {copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';

import type {PredictResult} from '../../src/flow/predict.js';
import {runCli} from '../support/cli.js';
import {hasShared, sharedDir} from '../support/shared.js';

const sample = join(sharedDir, 'data', 'debian-sample');
const vwBinary = join(sharedDir, 'vw', 'vw');

function truthOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const single = /^label: '?([^'\n]+)'?$/m.exec(text);
  if (single) return [single[1]];
  const block = /^labels:\n((?:- .*\n)+)/m.exec(text)![1];
  return block.trim().split('\n').map((l) => l.slice(2).replace(/^'|'$/g, ''));
}

describe.skipIf(!hasShared)('train and predict on the Debian sample', () => {
  const dir = mkdtempSync(join(tmpdir(), 'praxi-flow-'));
  const single = join(dir, 'single.vw');
  const multi = join(dir, 'multi.vw');

  beforeAll(() => {
    const a = runCli(['train', join(sample, 'sl/train'), '--model', single, '--json']);
    expect(a.status, a.stderr).toBe(0);
    const b = runCli(['train', join(sample, 'sl/train'), join(sample, 'ml/train'), '--multi', '--model', multi, '--json']);
    expect(b.status, b.stderr).toBe(0);
  });

  it('single-label: accuracy on sl/test matches the reference pipeline (0.9833)', () => {
    const r = runCli(['predict', join(sample, 'sl/test'), '--model', single, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const {predictions} = JSON.parse(r.stdout) as PredictResult;
    expect(predictions.length).toBe(240);
    const correct = predictions.filter((p) => p.labels[0].label === truthOf(p.source)[0]).length;
    const accuracy = correct / predictions.length;
    console.log(`sl/test accuracy ${accuracy.toFixed(4)}`);
    expect(accuracy).toBeGreaterThanOrEqual(0.98);
    for (const p of predictions) expect(p.labels[0].score).toBeGreaterThan(0);
  });

  it('multi-label without k: micro-F1 on ml/test >= 0.75 (reference 0.4938 deployable, 0.6475 with k)', () => {
    const r = runCli(['predict', join(sample, 'ml/test'), '--model', multi, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const {predictions} = JSON.parse(r.stdout) as PredictResult;
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const p of predictions) {
      const truth = new Set(truthOf(p.source));
      const got = new Set(p.labels.map((l) => l.label));
      for (const l of got) (truth.has(l) ? tp++ : fp++);
      for (const l of truth) if (!got.has(l)) fn++;
    }
    const f1 = (2 * tp) / (2 * tp + fp + fn);
    console.log(`ml/test micro-F1 ${f1.toFixed(4)}`);
    expect(f1).toBeGreaterThanOrEqual(0.75);
  });

  it('the manifest records labels, Columbus settings, checksums and calibration', () => {
    const m = JSON.parse(readFileSync(`${multi}.json`, 'utf8'));
    expect(m).toMatchObject({format: 'praxi-model/1', mode: 'multi', columbus: {threshold: 2, filter: 'praxi'}, multi: {algorithm: 'profile'}});
    expect(m.labels.length).toBe(80);
    expect(m.model_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(m.vw.args).toContain('--csoaa');
  });

  it.skipIf(!existsSync(vwBinary))('a model trained by real vw predicts the same through praxi predict --labels (oracle: shared/vw/vw)', () => {
    // VW lines from praxi's tags, model trained by vw itself.
    const labels = JSON.parse(readFileSync(`${single}.json`, 'utf8')).labels as string[];
    const index = new Map(labels.map((l, i) => [l, i + 1]));
    const lines = runCli(['tag', join(sample, 'sl/train')]).stdout.trim().split('\n').map((l) => JSON.parse(l) as {label: string; tags: string[]});
    writeFileSync(join(dir, 'train.txt'), lines.map((l) => `${index.get(l.label)} | ${l.tags.join(' ')}\n`).join(''));
    writeFileSync(join(dir, 'labels.txt'), `${labels.join('\n')}\n`);
    execFileSync(vwBinary, ['-d', join(dir, 'train.txt'), '--oaa', String(labels.length), '-b', '26', '-l', '1.5', '--passes', '10', '--loss_function', 'logistic', '--probabilities', '-c', '-k', '--cache_file', join(dir, 'a.cache'), '-f', join(dir, 'vw.model'), '--quiet']);
    const test = runCli(['tag', join(sample, 'sl/test')]).stdout.trim().split('\n').map((l) => JSON.parse(l) as {source: string; tags: string[]});
    writeFileSync(join(dir, 'test.txt'), test.map((t) => `| ${t.tags.join(' ')}\n`).join(''));
    execFileSync(vwBinary, ['-t', '-i', join(dir, 'vw.model'), '-d', join(dir, 'test.txt'), '-p', join(dir, 'vw.pred'), '--probabilities', '--loss_function', 'logistic', '--quiet']);
    const vwTop = readFileSync(join(dir, 'vw.pred'), 'utf8').trim().split('\n').map((line) => {
      const pairs = line.split(' ').map((p) => p.split(':').map(Number));
      return labels[pairs.reduce((best, cur) => (cur[1] > best[1] ? cur : best))[0] - 1];
    });
    const r = runCli(['predict', join(sample, 'sl/test'), '--model', join(dir, 'vw.model'), '--labels', join(dir, 'labels.txt'), '--json']);
    expect(r.status, r.stderr).toBe(0);
    const ours = (JSON.parse(r.stdout) as PredictResult).predictions.map((p) => p.labels[0].label);
    expect(ours).toEqual(vwTop);
  });

  it('refuses a model whose file no longer matches its manifest (exit 3)', () => {
    const copy = join(dir, 'tampered.vw');
    copyFileSync(single, copy);
    copyFileSync(`${single}.json`, `${copy}.json`);
    copyFileSync(`${single}.profile`, `${copy}.profile`);
    const bytes = readFileSync(copy);
    bytes[bytes.length - 3] ^= 0x40;
    writeFileSync(copy, bytes);
    const r = runCli(['predict', join(sample, 'sl/test/00a3a96c45ac.yaml'), '--model', copy]);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/MODEL_CHECKSUM/);
  });

  it('reports class numbers for a bare model without manifest or --labels', () => {
    const bare = join(dir, 'bare.vw');
    copyFileSync(single, bare);
    const r = runCli(['predict', join(sample, 'sl/test/00a3a96c45ac.yaml'), '--model', bare, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as PredictResult).predictions[0].labels[0].label).toMatch(/^\d+$/);
  });

  it('exit codes: missing model 3, empty input 3, good and bad files 1', () => {
    expect(runCli(['predict', join(sample, 'sl/test'), '--model', join(dir, 'nope.vw')]).status).toBe(3);
    const empty = mkdtempSync(join(tmpdir(), 'praxi-empty-'));
    expect(runCli(['predict', empty, '--model', single]).status).toBe(3);
    const mixed = mkdtempSync(join(tmpdir(), 'praxi-mixed-'));
    copyFileSync(join(sample, 'sl/test/00a3a96c45ac.yaml'), join(mixed, 'good.yaml'));
    writeFileSync(join(mixed, 'bad.yaml'), 'changes: [unclosed\n');
    const r = runCli(['predict', mixed, '--model', single, '--json']);
    expect(r.status).toBe(1);
    const out = JSON.parse(r.stdout) as PredictResult;
    expect(out.predictions.length).toBe(1);
    expect(out.errors[0].code).toBe('CHANGESET_YAML');
  });

  it('writes table, yaml and CycloneDX outputs', () => {
    const input = join(sample, 'sl/test/00a3a96c45ac.yaml');
    const table = runCli(['predict', input, '--model', single, '--format', 'table']);
    expect(table.stdout).toMatch(/^SOURCE\s+LABEL\s+SCORE\n/);
    const yaml = runCli(['predict', input, '--model', single, '--format', 'yaml']);
    expect(yaml.stdout).toMatch(/^predictions:\n/);
    const sbomFile = join(dir, 'sbom.json');
    const c = runCli(['predict', join(sample, 'ml/test'), '--model', multi, '--format', 'cyclonedx', '--out', sbomFile]);
    expect(c.status, c.stderr).toBe(0);
    const sbom = JSON.parse(readFileSync(sbomFile, 'utf8'));
    expect(sbom.bomFormat).toBe('CycloneDX');
    expect(sbom.specVersion).toBe('1.6');
    expect(sbom.components.length).toBeGreaterThan(5);
    const comp = sbom.components[0];
    expect(comp.evidence.identity[0].confidence).toBeGreaterThan(0);
    expect(comp.evidence.identity[0].methods[0].value.length).toBeGreaterThan(0);
  });
});
