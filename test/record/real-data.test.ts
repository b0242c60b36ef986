// Real data, opt-in (they change the machine or need a debootstrap root; CI runs neither):
//   PRAXI_TEST_APT=PKG        record `apt-get install -y PKG` on this machine, then purge PKG
//                             (PKG must not be installed; services are kept from starting).
//   PRAXI_TEST_SCAN_ROOT=DIR  a debootstrap --variant=minbase root (left untouched: copied), and
//   PRAXI_TEST_DEBS=A.deb,B.deb two .debs to unpack into the copy by hand (dpkg -x, unregistered).
import {execFileSync, spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {basename, join} from 'node:path';
import {describe, expect, it} from 'vitest';

import {parseChangesetText} from '../../src/changesets/parse.js';
import type {ScanResult} from '../../src/scan/scan.js';
import {runCli} from '../support/cli.js';

const apt = process.env.PRAXI_TEST_APT;
const scanRoot = process.env.PRAXI_TEST_SCAN_ROOT;
const debs = process.env.PRAXI_TEST_DEBS?.split(',').filter(Boolean) ?? [];

describe('real installs', () => {
  it.runIf(apt)('records apt-get install and the bundled model names the package', () => {
    const pkg = apt!;
    const policy = '/usr/sbin/policy-rc.d';
    const hadPolicy = existsSync(policy);
    if (!hadPolicy) writeFileSync(policy, '#!/bin/sh\nexit 101\n', {mode: 0o755});
    const dir = mkdtempSync(join(tmpdir(), 'praxi-apt-'));
    try {
      const out = join(dir, `${pkg}.yaml`);
      const r = runCli(['record', '--label-from', 'dpkg', '--exclude', '/work', '--out', out, '--', 'apt-get', 'install', '-y', '-o', 'DPkg::Lock::Timeout=300', pkg]);
      expect(r.status, r.stderr).toBe(0);
      const cs = parseChangesetText(readFileSync(out, 'utf8'), out);
      expect(cs.label ?? cs.labels).toContain(pkg);
      expect(cs.changes.some((c) => c.includes(`/${pkg}`))).toBe(true);
      const p = runCli(['predict', out, '--json']);
      expect((JSON.parse(p.stdout) as {predictions: {labels: {label: string}[]}[]}).predictions[0].labels.map((l) => l.label)).toContain(pkg);
    } finally {
      spawnSync('apt-get', ['purge', '-y', '-o', 'DPkg::Lock::Timeout=300', pkg], {stdio: 'ignore'});
      if (!hadPolicy) rmSync(policy, {force: true});
      rmSync(dir, {recursive: true, force: true});
    }
  });

  it.runIf(scanRoot && debs.length === 2)('names two .debs unpacked by hand into a debootstrap root, reading its own dpkg database', () => {
    const copy = mkdtempSync(join(tmpdir(), 'praxi-scanroot-'));
    try {
      execFileSync('cp', ['-a', `${scanRoot}/.`, copy]);
      for (const d of debs) execFileSync('dpkg', ['-x', d, copy]);
      const r = runCli(['scan', copy, '--json']);
      expect(r.status, r.stderr).toBe(0);
      const result = JSON.parse(r.stdout) as ScanResult;
      expect(result.databases).toEqual(['dpkg']);
      expect(result.groups.length).toBeLessThanOrEqual(20);
      const named = new Set(result.groups.flatMap((g) => g.labels.map((l) => l.label)));
      for (const d of debs) expect(named, d).toContain(basename(d).split('_')[0]);
    } finally {
      rmSync(copy, {recursive: true, force: true});
    }
  });
});
