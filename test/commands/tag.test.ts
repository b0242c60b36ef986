import {runCommand} from '@oclif/test';
import {mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';

import {columbusReference} from '../../bench/baselines/columbus-reference.js';
import type {TagCommandResult} from '../../src/commands/tag.js';
import {runCli} from '../support/cli.js';
import {hasShared, projectRoot, sharedDir} from '../support/shared.js';

const sample = join(sharedDir, 'data', 'debian-sample');

function golden(): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const line of readFileSync(join(sharedDir, 'vectors/columbus/debian-sample.tags.jsonl'), 'utf8').split('\n')) {
    if (!line) continue;
    const {file, tags} = JSON.parse(line) as {file: string; tags: string[]};
    m.set(file, tags);
  }
  return m;
}

describe('praxi tag', () => {
  it.skipIf(!hasShared)('gives the golden tags for every changeset of the Debian sample (JSON lines, one process)', () => {
    const r = runCli(['tag', sample, '--jobs', '2']);
    expect(r.status, r.stderr).toBe(0);
    const expected = golden();
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBe(expected.size);
    const sources: string[] = [];
    for (const line of lines) {
      const t = JSON.parse(line) as {source: string; label?: string; labels?: string[]; tags: string[]};
      const rel = t.source.slice(sample.length + 1);
      sources.push(rel);
      expect(t.tags, rel).toEqual(expected.get(rel));
      expect(t.label ?? t.labels).toBeDefined();
    }
    expect(sources).toEqual([...sources].sort());
  });

  it.skipIf(!hasShared)('writes Praxi .tag files with --out, mirroring the input folders', async () => {
    const out = mkdtempSync(join(tmpdir(), 'praxi-tag-'));
    const {result} = await runCommand<TagCommandResult>(['tag', join(sample, 'ml', 'test'), '--out', out, '--json'], {root: projectRoot});
    expect(result?.errors).toEqual([]);
    const files = readdirSync(out).filter((f) => f.endsWith('.tag'));
    expect(files.length).toBe(readdirSync(join(sample, 'ml', 'test')).length);
    const first = readFileSync(join(out, files[0]), 'utf8');
    expect(first).toMatch(/^id: 0\nlabels:\n- /);
    const expected = golden().get(`ml/test/${files[0].replace(/\.tag$/, '.yaml')}`)!;
    expect(first).toContain(`tags:\n- ${expected[0]}`);
  });

  it('reads a plain path list from stdin', () => {
    const r = runCli(['tag', '-', '--threshold', '1', '--filter', 'none'], {input: '/opt/nginx/nginx.conf\n/opt/nginx/nginx.pid\n/var/log/nginx/access.log\n'});
    expect(r.status, r.stderr).toBe(0);
    const changes = ['/opt/nginx/nginx.conf', '/opt/nginx/nginx.pid', '/var/log/nginx/access.log'];
    expect(JSON.parse(r.stdout)).toEqual({source: '-', tags: columbusReference(changes, {threshold: 1})});
  });

  it('processes good files, reports bad ones with file and line, and exits 1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'praxi-bad-'));
    writeFileSync(join(dir, 'a-good.yaml'), "changes:\n- /opt/tool/tool.conf\n- /opt/tool/tool.cfg\nlabel: tool\n");
    writeFileSync(join(dir, 'b-bad.yaml'), 'changes:\n- /ok\n- {a: b}\n');
    writeFileSync(join(dir, 'c-junk.yaml'), Buffer.from([0x63, 0x68, 0x80, 0x00, 0xc3]));
    writeFileSync(join(dir, 'd-empty.yaml'), '');
    const r = runCli(['tag', dir, join(dir, 'missing.yaml'), '--json']);
    expect(r.status).toBe(1);
    const j = JSON.parse(r.stdout) as TagCommandResult;
    expect(j.tagsets.map((t) => t.tags)).toEqual([['tool.c:2']]);
    const codes = Object.fromEntries(j.errors.map((e) => [e.source?.split('/').pop(), e]));
    expect(codes['b-bad.yaml']).toMatchObject({code: 'CHANGESET_SHAPE', line: 3});
    expect(codes['c-junk.yaml']?.code).toBe('CHANGESET_ENCODING');
    expect(codes['d-empty.yaml']?.code).toBe('CHANGESET_EMPTY');
    expect(codes['missing.yaml']?.code).toBe('INPUT_NOT_FOUND');
    expect(r.stderr).toContain('b-bad.yaml:3');
  });

  it('takes a directory tree as one changeset with --tree', () => {
    const dir = mkdtempSync(join(tmpdir(), 'praxi-tree-'));
    mkdirSync(join(dir, 'opt', 'nginx'), {recursive: true});
    writeFileSync(join(dir, 'opt', 'nginx', 'nginx.conf'), '');
    writeFileSync(join(dir, 'opt', 'nginx', 'nginx.pid'), '');
    const r = runCli(['tag', '--tree', dir]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).tags).toEqual(['nginx.:2']);
  });

  it('exits 2 on usage errors and 3 when there is nothing to process', () => {
    expect(runCli(['tag', '--threshold', 'x']).status).toBe(2);
    expect(runCli(['tag']).status).toBe(2);
    const empty = mkdtempSync(join(tmpdir(), 'praxi-empty-'));
    const r = runCli(['tag', empty]);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/no .*files in this directory/);
  });
});
