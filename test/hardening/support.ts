// Helpers of the hardening tests: temp dirs, a tiny tmpfs when this machine lets us mount one, and
// simulated EACCES for root (chmod stops nobody who is root).
import {execFileSync, spawnSync} from 'node:child_process';
import {chmodSync, mkdirSync, mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

import {type CliRun, runCli} from '../support/cli.js';
import {projectRoot} from '../support/shared.js';

export const isRoot = process.getuid?.() === 0;

const made: string[] = [];
export function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), `praxi-hard-${prefix}-`));
  made.push(d);
  return d;
}

const mounts: string[] = [];
/** Mounts a tmpfs of `size` (e.g. '16k') with `options` at a new dir; undefined when not allowed here. */
export function tryMountTmpfs(size: string, options = ''): string | undefined {
  if (!isRoot) return undefined;
  const dir = tempDir('mnt');
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}${options ? `,${options}` : ''}`, 'tmpfs', dir], {encoding: 'utf8'});
  if (r.status !== 0) return undefined;
  mounts.push(dir);
  return dir;
}

export function cleanup(): void {
  for (const m of mounts.splice(0)) spawnSync('umount', ['-l', m]);
  for (const d of made.splice(0)) {
    try {
      chmodSync(d, 0o755);
      rmSync(d, {recursive: true, force: true});
    } catch {
      /* best effort */
    }
  }
}

/**
 * Runs the CLI with `paths` unreadable/unwritable: real permissions (chmod 000) when not root, else
 * EACCES injected into every fs call on those paths (test/hardening/eacces-preload.mjs).
 */
export function runCliDenied(args: string[], paths: string[], options: {env?: NodeJS.ProcessEnv} = {}): CliRun {
  if (!isRoot) {
    for (const p of paths) chmodSync(p, 0o000);
    try {
      return runCli(args, options);
    } finally {
      for (const p of paths) chmodSync(p, 0o755);
    }
  }
  const preload = join(projectRoot, 'test', 'hardening', 'eacces-preload.mjs');
  const r = spawnSync(process.execPath, ['--import', preload, join(projectRoot, 'bin', 'run.js'), ...args], {
    encoding: 'utf8',
    env: {...process.env, ...options.env, PRAXI_TEST_EACCES: paths.join(':')},
    cwd: projectRoot,
    maxBuffer: 64 * 1024 * 1024,
  });
  return {status: r.status, stdout: r.stdout, stderr: r.stderr};
}

/** Runs the CLI with a file-size limit (RLIMIT_FSIZE, SIGXFSZ ignored): writes past it fail with EFBIG. */
export function runCliFsizeLimited(args: string[], kib: number): CliRun {
  const quoted = [process.execPath, join(projectRoot, 'bin', 'run.js'), ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('bash', ['-c', `trap '' XFSZ; ulimit -f ${kib}; exec ${quoted}`], {encoding: 'utf8', cwd: projectRoot});
  return {status: r.status, stdout: r.stdout, stderr: r.stderr};
}

/** A small trained model (profile engine: fast) for `praxi run` / `predict`. */
export function trainSmallModel(dir: string, engine: 'profile' | 'vw' = 'profile'): string {
  const data = join(dir, 'train');
  mkdirSync(data, {recursive: true});
  const pkgs = ['alpha', 'beta', 'gamma'];
  for (const p of pkgs) {
    for (let i = 0; i < 3; i++) {
      execFileSync('bash', ['-c', `printf 'changes:\\n- /usr/share/${p}/a${i}\\n- /usr/bin/${p}\\n- /usr/lib/${p}/lib${p}.so\\n- /etc/${p}/${p}.conf\\nlabel: ${p}\\n' > '${join(data, `${p}-${i}.yaml`)}'`]);
    }
  }
  const model = join(dir, engine === 'profile' ? 'm.profile' : 'm.vw');
  const r = runCli(['train', data, '--model', model, '--engine', engine]);
  if (r.status !== 0) throw new Error(`train failed: ${r.stderr}`);
  return model;
}

/** The project's seeded PRNG: the same moments and inputs on every run. */
export {rng} from '../../src/util/random.js';
