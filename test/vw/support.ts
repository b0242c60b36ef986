/** Helpers of the VW tests: the oracle vectors (shared/vectors/vw), vw-exact, and vw's number printing. */
import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

import {hasShared, sharedDir} from '../support/shared.js';

export const vectors = join(sharedDir, 'vectors', 'vw');
export const data = (name: string): string => join(vectors, 'data', name);
export const outStd = (name: string): string => join(vectors, 'out_std', name);
export const vwExact = join(sharedDir, 'vw', 'vw-exact');
export const hasVwExact = hasShared && existsSync(vwExact);
export const vwExactSkipReason = `vw-exact not found at ${vwExact}: tests that run the oracle binary need it`;
if (hasShared && !hasVwExact) console.warn(`SKIP: ${vwExactSkipReason}`);

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'praxi-vw-'));
}

/** A text file's lines without the final empty one. */
export function fileLines(path: string): string[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** The feature part of a data line: what follows its first "| " (the line must use the default namespace first). */
export function featurePart(line: string): string {
  const bar = line.indexOf('|');
  if (bar < 0 || line[bar + 1] !== ' ') throw new Error(`not a default-namespace line: ${line}`);
  return line.slice(bar + 2);
}

/** The tag of a data line (`4 'ex0| ...` -> ex0), or ''. */
export function tagOf(line: string): string {
  const head = line.slice(0, line.indexOf('|'));
  const m = /'(\S+)$/.exec(head);
  return m ? m[1] : '';
}

/** C++ ostream's default float output (printf %g with 6 significant digits), which vw uses for scores. */
export function g6(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : x < 0 ? '-inf' : 'nan';
  const [mant, e] = x.toExponential(5).split('e');
  const exp = Number(e);
  const strip = (s: string): string => (s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s);
  if (exp < -4 || exp >= 6) return `${strip(mant)}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  return strip(x.toFixed(5 - exp));
}

/** vw's -p value for a scalar: 6 decimals, none when integral. */
export function scalarText(x: number): string {
  return Number.isInteger(x) ? x.toFixed(0) : x.toFixed(6);
}

/**
 * Runs vw-exact and returns what it wrote to "/dev/stdout" (e.g. `-p /dev/stdout`). Node gives a child
 * a socket for stdout, which vw cannot open by that name, so the path is swapped for a temporary file.
 */
export function runVwExact(args: string[]): string {
  const out = join(tempDir(), 'stdout.txt');
  writeFileSync(out, '');
  const r = spawnSync(vwExact, args.map((a) => (a === '/dev/stdout' ? out : a)), {encoding: 'utf8', maxBuffer: 64 << 20});
  if (r.status !== 0) throw new Error(`vw-exact ${args.join(' ')} failed (${r.status}):\n${r.stderr}`);
  return readFileSync(out, 'utf8');
}
