// The bundled model on real installs (data/validation/real: `apt-get install` runs recorded by
// scripts/real-installs, never used to build or tune the model): it names the package a person
// asked for first, reports the whole installed set, and every output format says which packages
// were requested and which were pulled in.
import {mkdtempSync, readdirSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

import {describe, expect, it} from 'vitest';

import {runCli} from '../support/cli.js';
import {projectRoot} from '../support/shared.js';
// The evaluation script itself (plain JS over dist/), so the README's numbers and this test agree.
import {evaluateRealSet, REAL_SET} from '../../scripts/real-installs/evaluate.js';

const full = join(REAL_SET, 'full');
/** A recording with a dependency closure: the requested package and what it pulled in. */
const closure = readdirSync(full)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({f, meta: JSON.parse(readFileSync(join(full, f), 'utf8')) as {requested: string; installed: {name: string}[]}}))
  .find((r) => r.meta.requested === 'jq')!;
const closureList = join(full, closure.f.replace(/\.json$/, '.txt'));

describe('bundled model on real installs', () => {
  it('meets the goals on the real validation set', {timeout: 300_000}, async () => {
    const r = await evaluateRealSet();
    expect(r.all.recordings).toBeGreaterThanOrEqual(150);
    expect(r.all.first_is_requested).toBeGreaterThanOrEqual(0.9);
    expect(r.all.requested_reported).toBeGreaterThanOrEqual(0.95);
    expect(r.all.presence.f1).toBeGreaterThanOrEqual(0.9);
    expect(r.images?.layers).toBeGreaterThanOrEqual(8);
    expect(r.images?.requested_first).toBe(r.images?.layers);
  });

  it('shows roles in json, yaml and table output', () => {
    const json = runCli(['predict', closureList, '--json']);
    expect(json.status, json.stderr).toBe(0);
    const labels = JSON.parse(json.stdout).predictions[0].labels as {label: string; role: string; pulled_by?: string[]; purl: string}[];
    expect(labels[0]).toMatchObject({label: 'jq', role: 'requested'});
    const lib = labels.find((l) => l.label === 'libjq1')!;
    expect(lib).toMatchObject({role: 'dependency', pulled_by: ['jq']});
    expect(labels.findIndex((l) => l.role === 'dependency')).toBeGreaterThan(labels.findLastIndex((l) => l.role === 'requested'));
    const yaml = runCli(['predict', closureList, '--format', 'yaml']);
    expect(yaml.stdout).toMatch(/role: requested/);
    expect(yaml.stdout).toMatch(/pulled_by:\n\s+- jq/);
    const table = runCli(['predict', closureList, '--format', 'table']);
    expect(table.stdout).toMatch(/^SOURCE\s+LABEL\s+SCORE\s+ROLE\n/);
    expect(table.stdout).toMatch(/libjq1\s+\d\.\d{4}\s+dependency of jq/);
  });

  it('writes CycloneDX with package URLs, versions from apt archives and the dependency graph', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'praxi-real-')), 'sbom.json');
    const r = runCli(['predict', closureList, '--format', 'cyclonedx', '--out', out], {cwd: projectRoot});
    expect(r.status, r.stderr).toBe(0);
    const sbom = JSON.parse(readFileSync(out, 'utf8'));
    const jq = sbom.components[0];
    expect(jq.name).toBe('jq');
    // The full-style recording kept apt's downloaded .deb: its name carries the version.
    expect(jq.version).toMatch(/^1\.6-/);
    expect(jq.purl).toBe(`pkg:deb/debian/jq@${encodeURIComponent(jq.version).replace(/\+/g, '%2B')}?arch=amd64&distro=debian-12`);
    expect(jq.properties).toContainEqual({name: 'praxi:role', value: 'requested'});
    const roles = sbom.components.map((c: {properties: {name: string; value: string}[]}) => c.properties.find((p) => p.name === 'praxi:role')?.value);
    expect(roles.indexOf('dependency')).toBeGreaterThan(roles.lastIndexOf('requested'));
    const jqDeps = sbom.dependencies.find((d: {ref: string}) => d.ref === jq['bom-ref']);
    expect(jqDeps.dependsOn).toContain('praxi:libjq1');
  });
});
