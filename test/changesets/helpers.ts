// Shared test helpers: a seeded random generator (no fast-check here) and temp directories.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** xorshift32: small, deterministic, good enough to explore inputs. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 0x9e3779b9;
  }

  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return this.next() % n;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  chance(p: number): boolean {
    return this.next() / 0x100000000 < p;
  }

  /** A string of `length` items drawn from `alphabet` (strings, so multi-unit characters stay whole). */
  string(alphabet: readonly string[], length: number): string {
    let s = '';
    for (let i = 0; i < length; i++) s += this.pick(alphabet);
    return s;
  }
}

export function tempDir(prefix: string): { path: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), `praxi-${prefix}-`));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/** /work/shared next to the repository (golden data); tests skip what needs it when it is absent. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SHARED_DIR = fileURLToPath(new URL('../../../shared', import.meta.url));
