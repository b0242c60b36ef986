// `praxi tag IMAGE` end to end, through the built CLI (npx tsc -p tsconfig.build.json first).
import {mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';

import {columbusReference} from '../../bench/baselines/columbus-reference.js';
import {discoverInputs} from '../../src/changesets/index.js';
import type {TagCommandResult} from '../../src/commands/tag.js';
import {runCli} from '../support/cli.js';
import {dockerSaveLegacy, EXPECTED_FILES, NGINX_CMD, ociDir, ociTar, registryDir, standardLayers} from './fixtures.js';

const layers = standardLayers();

interface Line {
  source: string;
  labels?: string[];
  layer?: {index: number | 'squash'; digest?: string; created_by?: string};
  tags: string[];
}

function lines(stdout: string): Line[] {
  return stdout.trim().split('\n').map((l) => JSON.parse(l) as Line);
}

describe('praxi tag IMAGE', () => {
  const images: Array<[string, () => string]> = [
    ['docker save tarball', () => dockerSaveLegacy(layers)],
    ['OCI layout directory (gzip + zstd layers)', () => ociDir(layers, ['gzip', 'zstd'])],
    ['OCI layout tar (zstd layers)', () => ociTar(layers, ['zstd'])],
    ['registry-v2 directory', () => registryDir(layers)],
  ];
  for (const [what, make] of images) {
    it(`tags every layer of a ${what}, one JSON line per layer with its layer info`, () => {
      const path = make();
      const r = runCli(['tag', path, '--threshold', '1', '--filter', 'none', '--jobs', '2']);
      expect(r.status, r.stderr).toBe(0);
      const out = lines(r.stdout);
      expect(out.map((l) => l.source)).toEqual([1, 2, 3, 4].map((i) => `${path}#${i}`));
      out.forEach((l, i) => {
        expect(l.tags, `layer ${i + 1}`).toEqual(columbusReference(EXPECTED_FILES[i]!, {threshold: 1}));
        expect(l.layer?.index).toBe(i + 1);
        expect(l.layer?.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
      });
      expect(out[1]!.layer?.created_by).toBe(NGINX_CMD);
    });
  }

  it('--squash, --base-layer, --labels-from-history and --json', () => {
    const path = ociDir(layers, ['gzip']);
    const sq = runCli(['tag', path, '--squash', '--base-layer', '1', '--filter', 'none', '--labels-from-history', '--json']);
    expect(sq.status, sq.stderr).toBe(0);
    const j = JSON.parse(sq.stdout) as TagCommandResult;
    expect(j.errors).toEqual([]);
    expect(j.tagsets).toHaveLength(1);
    expect(j.tagsets[0]!.source).toBe(`${path}#squash`);
    expect(j.tagsets[0]!.labels).toEqual(['nginx==1.22.1-9', 'curl', 'requests==2.31.0', 'flask']);
    expect(j.tagsets[0]!.layer).toEqual({index: 'squash', base_layer: 1});

    const base = runCli(['tag', path, '--base-layer', '2', '--filter', 'none']);
    expect(lines(base.stdout).map((l) => l.layer?.index)).toEqual([3, 4]);
  });

  it('writes one .tag file per layer with --out', () => {
    const path = ociDir(layers, ['gzip']);
    const out = mkdtempSync(join(tmpdir(), 'praxi-imgtags-'));
    const r = runCli(['tag', path, '--out', out, '--labels-from-history']);
    expect(r.status, r.stderr).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toHaveLength(4);
    expect(files[1]).toMatch(/#2\.tag$/);
    expect(readFileSync(join(out, files[1]!), 'utf8')).toMatch(/^id: 0\nlabels:\n- nginx==1.22.1-9\n- curl\ntags:\n/);
  });

  it('a corrupt image fails alone (exit 1) while the other inputs are tagged', () => {
    const good = ociTar(layers, ['gzip']);
    const bad = join(mkdtempSync(join(tmpdir(), 'praxi-bad-')), 'bad.tar');
    writeFileSync(bad, readFileSync(good).subarray(0, 3000));
    const r = runCli(['tag', bad, good, '--json']);
    expect(r.status).toBe(1);
    const j = JSON.parse(r.stdout) as TagCommandResult;
    expect(j.tagsets).toHaveLength(4);
    expect(j.errors).toHaveLength(1);
    expect(j.errors[0]).toMatchObject({code: 'IMAGE_CORRUPT', source: bad});
  });
});

describe('discovery of image inputs', () => {
  it('recognises image files by their bytes and image directories by their layout files', async () => {
    const tar = ociTar(layers, ['gzip']);
    const gz = ociTar(layers, ['gzip'], {gzipOuter: true});
    const dir = ociDir(layers, ['zstd']);
    const reg = registryDir(layers);
    const kinds: string[] = [];
    for await (const item of discoverInputs([tar, gz, dir, reg])) kinds.push(item.type === 'source' ? item.kind : item.error.code);
    expect(kinds).toEqual(['image', 'image', 'image', 'image']);
  });
});
