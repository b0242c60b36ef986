import {spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';

import {parseChangesetText} from '../../src/changesets/parse.js';
import type {RecordCommandResult} from '../../src/commands/record.js';
import {runCli} from '../support/cli.js';
import {projectRoot} from '../support/shared.js';

const roots: string[] = [];
function root(): string {
  const r = mkdtempSync(join(tmpdir(), 'praxi-record-'));
  roots.push(r);
  mkdirSync(join(r, 'usr/bin'), {recursive: true});
  writeFileSync(join(r, 'usr/bin/old'), 'old\n');
  writeFileSync(join(r, 'usr/bin/grows'), 'a\n');
  return r;
}
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, {recursive: true, force: true});
});

const stanza = (name: string, version: string) =>
  `Package: ${name}\nStatus: install ok installed\nArchitecture: amd64\nVersion: ${version}\nDescription: test\n long text\n\n`;

describe('praxi record', () => {
  it('writes the created and changed files as a Praxi changeset, passing the command output through', () => {
    const r = root();
    mkdirSync(join(r, 'var/log'), {recursive: true});
    const out = join(r, 'tool.yaml');
    const script = `mkdir -p ${r}/opt/tool && printf x > ${r}/opt/tool/run && chmod 755 ${r}/opt/tool/run && echo b >> ${r}/usr/bin/grows && echo log > ${r}/var/log/l && echo said-hello`;
    const res = runCli(['record', '--root', r, '--label', 'tool', '--out', out, '--', 'sh', '-c', script]);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toBe('said-hello\n');
    const text = readFileSync(out, 'utf8');
    const cs = parseChangesetText(text, out);
    expect(cs.changes).toEqual(['755 /opt/tool/run', '644 /usr/bin/grows']);
    expect(cs.label).toBe('tool');
    expect(Object.keys(readYamlKeys(text))).toEqual(['changes', 'close_time', 'label', 'open_time']);
    const open = cs.meta?.open_time as number;
    const close = cs.meta?.close_time as number;
    expect(close).toBeGreaterThanOrEqual(open);
  });

  it('gives the command exit code and records nothing for a failed command unless --keep-failed', () => {
    const r = root();
    const out = join(r, 'x.yaml');
    const failed = runCli(['record', '--root', r, '--out', out, '--', 'sh', '-c', `echo n > ${r}/new; exit 7`]);
    expect(failed.status).toBe(7);
    expect(existsSync(out)).toBe(false);
    expect(failed.stderr).toContain('nothing recorded');
    const kept = runCli(['record', '--root', r, '--keep-failed', '--json', '--', 'sh', '-c', `echo m > ${r}/new2; exit 5`]);
    expect(kept.status).toBe(5);
    const result = JSON.parse(kept.stdout) as RecordCommandResult;
    expect(result.recorded).toBe(true);
    expect(result.changeset.changes).toEqual(['644 /new2']);
  });

  it('passes the command its own options after -- and several labels become "labels"', () => {
    const r = root();
    const res = runCli(['record', '--root', r, '--label', 'b', '--label', 'a', '--json', '--', 'sh', '-c', `echo "$1" > ${r}/o`, 'sh', '-o']);
    expect(res.status, res.stderr).toBe(0);
    expect(readFileSync(join(r, 'o'), 'utf8')).toBe('-o\n');
    const result = JSON.parse(res.stdout) as RecordCommandResult;
    expect(result.changeset.labels).toEqual(['a', 'b']);
    expect(result.changeset.label).toBeUndefined();
  });

  it('labels with the packages dpkg installed during the command (--label-from dpkg)', () => {
    const r = root();
    mkdirSync(join(r, 'var/lib/dpkg'), {recursive: true});
    const status = join(r, 'var/lib/dpkg/status');
    writeFileSync(status, stanza('base', '1') + stanza('upgraded', '1'));
    const after = stanza('base', '1') + stanza('upgraded', '2') + stanza('newpkg', '0.3');
    writeFileSync(join(r, 'after'), after);
    const res = runCli(['record', '--root', r, '--label-from', 'dpkg', '--json', '--', 'sh', '-c', `cp ${r}/after ${status}; echo x > ${r}/usr/bin/newpkg`]);
    expect(res.status, res.stderr).toBe(0);
    const result = JSON.parse(res.stdout) as RecordCommandResult;
    expect(result.changeset.labels).toEqual(['newpkg', 'upgraded']);
    // dpkg's own bookkeeping is left out by default.
    expect(result.changeset.changes).toEqual(['644 /usr/bin/newpkg']);
  });

  it('leaves out default and --exclude places', () => {
    const r = root();
    const script = ['tmp', 'var/cache/apt', 'home/u/.cache', 'build'].map((d) => `mkdir -p ${r}/${d} && echo x > ${r}/${d}/f`).join(' && ');
    const res = runCli(['record', '--root', r, '--exclude', '/build', '--exclude', '*.pyc', '--json', '--', 'sh', '-c', `${script} && echo y > ${r}/keep && echo z > ${r}/m.pyc`]);
    expect(res.status, res.stderr).toBe(0);
    expect((JSON.parse(res.stdout) as RecordCommandResult).changeset.changes).toEqual(['644 /keep']);
  });

  it('forwards SIGTERM to the command and exits as it did', async () => {
    const r = root();
    const child = spawn(process.execPath, [join(projectRoot, 'bin/run.js'), 'record', '--root', r, '--', 'sh', '-c', `trap 'echo got-term; exit 42' TERM; echo ready; while :; do sleep 0.05; done`], {stdio: ['ignore', 'pipe', 'pipe']});
    let stdout = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (b: Buffer) => {
        stdout += b.toString();
        if (stdout.includes('ready')) resolve();
      });
    });
    child.kill('SIGTERM');
    // 'close', not 'exit': the command's last output may still be in the pipe when praxi exits.
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(stdout).toContain('got-term');
    expect(code).toBe(42);
  });

  it('refuses a missing command and a missing root with clear errors', () => {
    const none = runCli(['record', '--root', tmpdir()]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain('USAGE_NO_COMMAND');
    const missing = runCli(['record', '--root', '/nonexistent/praxi', '--', 'true']);
    expect(missing.status).toBe(3);
    expect(missing.stderr).toContain('INPUT_NOT_FOUND');
  });
});

/** The top-level keys in file order (the changeset must have them sorted as PyYAML writes them). */
function readYamlKeys(text: string): Record<string, true> {
  const keys: Record<string, true> = {};
  for (const line of text.split('\n')) {
    const m = /^([a-z_]+):/.exec(line);
    if (m) keys[m[1]] = true;
  }
  return keys;
}
