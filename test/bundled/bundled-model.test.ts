// The bundled Debian model (data/model, built by `npm run data:debian`): it loads and verifies,
// and it names packages from changesets it never saw — made from the packages installed on the
// machine running the tests (/var/lib/dpkg/info/*.list), with the pipeline's recorder noise.
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';

import {describe, expect, it} from 'vitest';

import {loadFilter, tagChanges} from '../../src/columbus/index.js';
import {bundledModelPath} from '../../src/model/bundled.js';
import {sha256} from '../../src/model/manifest.js';
import {PraxiModel} from '../../src/model/model.js';
import {runCli} from '../support/cli.js';
// The pipeline's own noise model (plain JS, no dependencies).
import {DEFAULT_NOISE, hashSeed, makeChangeset, prng} from '../../scripts/data-debian/noise.js';

const DPKG_INFO = '/var/lib/dpkg/info';
const hasDpkg = existsSync(DPKG_INFO);

describe('bundled model', () => {
  it('loads, and its manifest checksum verifies', async () => {
    const bytes = readFileSync(bundledModelPath);
    const manifest = JSON.parse(readFileSync(`${bundledModelPath}.json`, 'utf8'));
    expect(manifest.engine).toBe('profile');
    expect(sha256(bytes)).toBe(manifest.model_sha256);
    expect(bytes.length).toBeLessThanOrEqual(30 * 1024 * 1024);
    const model = await PraxiModel.load(bundledModelPath);
    expect(model.profile).toBeDefined();
    expect(model.manifest.labels.length).toBeGreaterThan(30_000);
    expect(model.profile!.labels).toEqual(model.manifest.labels);
  });

  it('refuses a damaged copy', async () => {
    const {mkdtempSync, writeFileSync, copyFileSync} = await import('node:fs');
    const {tmpdir} = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'praxi-bundled-'));
    const copy = join(dir, 'm.profile');
    const bytes = readFileSync(bundledModelPath);
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileSync(copy, bytes);
    copyFileSync(`${bundledModelPath}.json`, `${copy}.json`);
    await expect(PraxiModel.load(copy)).rejects.toMatchObject({code: 'MODEL_CHECKSUM'});
  });

  it('is what `praxi run` uses without --model', () => {
    const r = runCli(['run', join('data', 'sample', 'sl-00a3a96c45ac.yaml'), '--json']);
    expect(r.status, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.model).toBe(bundledModelPath);
    expect(doc.predictions).toHaveLength(1);
  });

  it.skipIf(!hasDpkg)('recognises the packages installed on this machine from noisy changesets it never saw', async () => {
    const model = await PraxiModel.load(bundledModelPath);
    const known = new Set(model.manifest.labels);
    const filter = await loadFilter(model.manifest.columbus.filter);
    // Versions, architectures and Multi-Arch from dpkg's status file (for the noise's info names).
    const info = new Map<string, {version: string; arch: string; multiArch: string; depends: string[]; priority: string}>();
    for (const stanza of readFileSync('/var/lib/dpkg/status', 'utf8').split('\n\n')) {
      const field = (k: string) => new RegExp(`^${k}: (.*)$`, 'm').exec(stanza)?.[1] ?? '';
      const name = field('Package');
      if (name) info.set(name, {version: field('Version'), arch: field('Architecture'), multiArch: field('Multi-Arch'), depends: [], priority: field('Priority')});
    }
    const lists = readdirSync(DPKG_INFO).filter((f) => f.endsWith('.list')).sort();
    const files = new Map<string, string[]>();
    for (const f of lists) {
      const name = f.slice(0, -'.list'.length).replace(/:.*$/, '');
      const paths = readFileSync(join(DPKG_INFO, f), 'utf8')
        .split('\n')
        .filter((p) => p.startsWith('/') && p !== '/.')
        .filter((p) => {
          try {
            return !statSync(p).isDirectory();
          } catch {
            return true;  // diverted or removed since: still what the package shipped
          }
        });
      files.set(name, paths);
    }
    const world = {info: (n: string) => info.get(n), files: (n: string) => files.get(n)};
    const candidates = [...files.keys()].filter((n) => known.has(n) && files.get(n)!.length > 0);
    let top1 = 0;
    let top5 = 0;
    const misses: string[] = [];
    for (const name of candidates) {
      const cs = makeChangeset(prng(hashSeed(`dpkg-test:${name}`)), name, world, DEFAULT_NOISE);
      const tags = await tagChanges(cs.changes, {threshold: model.manifest.columbus.threshold, filter});
      const [p] = await model.predict([{source: name, tags: tags.toStrings()}], {top: 5});
      const rank = p.labels.findIndex((l) => l.label === name);
      if (rank === 0) top1++;
      if (rank >= 0) top5++;
      else misses.push(name);
    }
    const n = candidates.length;
    console.log(
      `dpkg-installed packages: ${files.size} installed, ${n} in the model; top-1 ${(top1 / n).toFixed(4)}, top-5 ${(top5 / n).toFixed(4)}; not in top 5: ${misses.slice(0, 30).join(' ')}`,
    );
    expect(n).toBeGreaterThan(50);
    expect(top1 / n).toBeGreaterThanOrEqual(0.75);
    expect(top5 / n).toBeGreaterThanOrEqual(0.85);
  });
});
