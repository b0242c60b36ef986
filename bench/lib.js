// Shared helpers of the benchmarks.
import {execFileSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

export const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const sharedDir = join(projectRoot, '..', 'shared');
export const hasShared = existsSync(join(sharedDir, 'data'));

/** Builds the native benchmark programs (PRAXI_BENCH) into build-bench/ and returns that folder. */
export function buildNativeBench(target) {
  const dir = join(projectRoot, 'build-bench');
  execFileSync('cmake', ['-S', projectRoot, '-B', dir, '-DCMAKE_BUILD_TYPE=Release', '-DPRAXI_BENCH=ON'], {stdio: 'ignore'});
  execFileSync('cmake', ['--build', dir, '--target', target, '-j', '2'], {stdio: 'ignore'});
  return dir;
}

/** Median of the timings of `runs` calls of `fn` (after one warm-up call). */
export async function medianSeconds(fn, runs = 5) {
  await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export function fmt(n, digits = 0) {
  return n.toLocaleString('en-US', {maximumFractionDigits: digits, minimumFractionDigits: digits});
}

/**
 * The environment minus NODE_EXTRA_CA_CERTS. Node reads and parses that CA bundle at every start,
 * whatever the program (about 50 ms on this machine kind); cold-start benchmarks report their
 * numbers with the environment as given and, when it is set, without it too.
 */
export function withoutExtraCaCerts(env = process.env) {
  const copy = {...env};
  delete copy.NODE_EXTRA_CA_CERTS;
  return copy;
}
