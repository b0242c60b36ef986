// deploy/Dockerfile, linted statically (there is no Docker engine to build it here): two stages on
// the expected bases, the build steps, a runtime stage holding only what praxi run needs, a
// numeric non-root USER, the exec-form ENTRYPOINT, pod defaults, labels, no remote ADD; and the
// ignore file lets exactly the build inputs through.
import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';

import {projectRoot} from '../support/shared.js';
import {deployDir, dockerfileText, dockerInstructions, dockerStages, imageConfig, keyValues} from './support.js';

const {globalArgs, stages} = dockerStages(dockerfileText());
const [build, runtime] = stages;
const runs = (stage: typeof build) => stage.instructions.filter((i) => i.keyword === 'RUN').map((i) => i.args.replace(/\s+/g, ' ')).join('\n');

describe('deploy/Dockerfile', () => {
  it('parses into a build stage on node:20-bookworm and a runtime stage on node:20-bookworm-slim', () => {
    expect(stages.length).toBe(2);
    expect(globalArgs.NODE_MAJOR).toBe('20');
    expect(build.image).toBe('node:20-bookworm');
    expect(build.name).toBe('build');
    expect(runtime.image).toBe('node:20-bookworm-slim');
    for (const s of stages) expect(s.image).not.toMatch(/:latest$|^[^:]+$/);
  });

  it('uses only known instructions, no ADD (so no remote URLs or auto-extracted archives)', () => {
    const known = new Set(['FROM', 'ARG', 'ENV', 'RUN', 'COPY', 'WORKDIR', 'USER', 'LABEL', 'ENTRYPOINT', 'CMD']);
    for (const ins of dockerInstructions(dockerfileText())) {
      expect(known.has(ins.keyword), `line ${ins.line}: ${ins.keyword}`).toBe(true);
      expect(ins.args, `line ${ins.line}`).not.toMatch(/https?:\/\//);
    }
  });

  it('the build stage installs cmake/g++, then npm ci, builds the TypeScript and the prebuild, prunes dev dependencies', () => {
    const text = runs(build);
    expect(text).toMatch(/apt-get install -y --no-install-recommends [^\n]*cmake[^\n]*g\+\+/);
    expect(text).toMatch(/rm -rf \/var\/lib\/apt\/lists/);
    const order = ['npm ci', 'npm run build:ts', 'npm run prebuild', 'npm prune --omit=dev'].map((s) => text.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    // The CLI is proven to load the addon from prebuilds/ alone before the stage ends.
    expect(text).toMatch(/rm -rf build && node bin\/run\.js tag data\/sample/);
  });

  it('the runtime stage copies only package.json, oclif.manifest.json, node_modules, prebuilds, dist, bin and data from the build stage', () => {
    const copies = runtime.instructions.filter((i) => i.keyword === 'COPY');
    for (const c of copies) expect(c.args).toMatch(/^--from=build \/src\/\S+ \.\/\S+$/);
    expect(imageConfig().appEntries.sort()).toEqual(['bin', 'data', 'dist', 'node_modules', 'oclif.manifest.json', 'package.json', 'prebuilds']);
    // No compiler or package manager reaches the runtime stage.
    expect(runs(runtime)).not.toMatch(/apt-get install|npm (ci|install)/);
  });

  it('runs as a numeric non-root user that exists in the image, set before the ENTRYPOINT', () => {
    const users = runtime.instructions.filter((i) => i.keyword === 'USER');
    expect(users.length).toBe(1);
    expect(users[0].args).toMatch(/^\d+:\d+$/);
    const {user} = imageConfig();
    expect(user.uid).toBeGreaterThanOrEqual(1000);
    expect(user.gid).toBeGreaterThanOrEqual(1000);
    expect(runs(runtime)).toContain(`useradd --system --uid ${user.uid} --gid ${user.gid}`);
    expect(runs(runtime)).toMatch(new RegExp(`chown ${user.uid}:${user.gid} /results`));
    const last = runtime.instructions.map((i) => i.keyword);
    expect(last.lastIndexOf('USER')).toBeLessThan(last.lastIndexOf('ENTRYPOINT'));
  });

  it('ENTRYPOINT is exec-form node /app/bin/run.js run; WORKDIR /app; no CMD', () => {
    const {entrypoint, workdir} = imageConfig();
    expect(entrypoint).toEqual(['node', '/app/bin/run.js', 'run']);
    expect(workdir).toBe('/app');
    expect(runtime.instructions.some((i) => i.keyword === 'CMD')).toBe(false);
  });

  it('pod defaults: JSON logs, results in /results, input at /data, production mode', () => {
    expect(imageConfig().env).toMatchObject({PRAXI_LOG_FORMAT: 'json', PRAXI_OUT: '/results', PRAXI_INPUT: '/data', NODE_ENV: 'production'});
  });

  it('carries OCI labels with the package version', () => {
    const labels = Object.assign({}, ...runtime.instructions.filter((i) => i.keyword === 'LABEL').map((i) => keyValues(i.args))) as Record<string, string>;
    for (const k of ['title', 'description', 'version', 'revision', 'created', 'licenses', 'base.name']) expect(labels[`org.opencontainers.image.${k}`], k).toBeTruthy();
    const version = runtime.instructions.find((i) => i.keyword === 'ARG' && i.args.startsWith('VERSION='))?.args.split('=')[1];
    const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8')) as {version: string; license: string};
    expect(version).toBe(pkg.version);
    expect(labels['org.opencontainers.image.licenses']).toBe(pkg.license);
  });
});

describe('deploy/Dockerfile.dockerignore', () => {
  const patterns = readFileSync(join(deployDir, 'Dockerfile.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

  it('is an allowlist that lets every build-stage COPY source through', () => {
    expect(patterns[0]).toBe('*');
    const allowed = new Set(patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1).replace(/\/$/, '')));
    const sources = build.instructions
      .filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))
      .flatMap((i) => i.args.split(/\s+/).slice(0, -1));
    expect(sources.length).toBeGreaterThan(5);
    for (const s of sources) expect(allowed.has(s), s).toBe(true);
  });

  it('never lets host build outputs or dependencies in', () => {
    const allowed = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1).replace(/\/$/, ''));
    for (const p of ['node_modules', 'build', 'dist', 'prebuilds', '.git']) expect(allowed).not.toContain(p);
    expect(patterns).toEqual(expect.arrayContaining(['**/build', '**/build-*']));
  });
});
