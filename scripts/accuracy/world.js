#!/usr/bin/env node
// Extracts the "world" of the held-out accuracy set (docs/accuracy.md): N Debian bookworm packages
// that install programs or libraries, chosen by a seeded hash of their names (no hand picking), plus
// every package their changesets can pull in (Depends, two levels), with the file lists and
// metadata noise.js needs. Written once to data/validation/heldout/world.json.gz so the set can be
// regenerated anywhere without apt's indexes (generate.js).
//
// Usage: node scripts/accuracy/world.js [--packages 600] [--out data/validation/heldout/world.json.gz]
import {mkdirSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {gzipSync} from 'node:zlib';

import {APT_LISTS, baseSystem, findList, readContents, readPackages, sharedDirectories} from '../data-debian/apt-index.js';
import {DEFAULT_NOISE, hashSeed, prng, sampleAtMost} from '../data-debian/noise.js';
import {choosePackages} from '../data-debian/select.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : process.argv[i + 1];
};
const COUNT = Number(option('packages', '600'));
const OUT = option('out', join(root, 'data', 'validation', 'heldout', 'world.json.gz'));
const SEED = 'praxi-heldout-1';

const packages = await readPackages(findList(APT_LISTS, '_dists_bookworm_main_binary-amd64_Packages'));
const files = new Map();
for (const suffix of ['_dists_bookworm_main_Contents-amd64', '_dists_bookworm_main_Contents-all']) await readContents(findList(APT_LISTS, suffix), files);

// The base system is on every machine: never pulled in, so never part of a changeset.
const base = baseSystem(packages);

const {chosen} = choosePackages(packages, files);
const labels = chosen
  .filter((n) => !base.has(n))
  .sort((a, b) => hashSeed(`${SEED}:${a}`) - hashSeed(`${SEED}:${b}`) || (a < b ? -1 : 1))
  .slice(0, COUNT)
  .sort();

// Everything makeChangeset may touch: the labels, their dependencies two levels deep.
const members = new Set(labels);
let frontier = labels;
for (let level = 0; level < 2; level++) {
  const next = [];
  for (const p of frontier) {
    for (const d of packages.get(p)?.depends ?? []) {
      if (members.has(d) || base.has(d) || !files.get(d)?.length) continue;
      members.add(d);
      next.push(d);
    }
  }
  frontier = next;
}

const archiveSharedDirs = sharedDirectories(files);
const wanted = new Set();
const world = {};
for (const name of [...members].sort()) {
  const p = packages.get(name);
  const list = sampleAtMost(prng(hashSeed(`${SEED}:files:${name}`)), [...(files.get(name) ?? [])].sort(), DEFAULT_NOISE.maxFiles);
  for (const f of list) for (let i = f.lastIndexOf('/'); i > 0; i = f.lastIndexOf('/', i - 1)) wanted.add(f.slice(0, i));
  world[name] = {
    version: p.version,
    arch: p.arch,
    multiArch: p.multiArch,
    priority: p.priority,
    depends: p.depends.filter((d) => members.has(d) || base.has(d)),
    files: list,
  };
}
// Directories present before any install, among those the world's files live in.
const sharedDirs = [...wanted].filter((d) => archiveSharedDirs.has(d)).sort();
mkdirSync(dirname(OUT), {recursive: true});
const body = JSON.stringify({format: 'praxi-heldout-world/1', seed: SEED, source: 'Debian bookworm main amd64 (Packages, Contents)', labels, base: [...base].filter((b) => [...members].some((m) => packages.get(m).depends.includes(b))).sort(), sharedDirs, packages: world});
writeFileSync(OUT, gzipSync(body, {level: 9}));
console.error(`${labels.length} labels, ${members.size} packages, ${sharedDirs.length} shared dirs -> ${OUT} (${(body.length / 1e6).toFixed(1)} MB raw)`);
