/**
 * Phase timings of one CLI run, for the cold-start benchmark: with PRAXI_TIMINGS=1 the process
 * prints `praxi-timings {json}` on stderr at exit, milliseconds since the process started.
 */
import {performance} from 'node:perf_hooks';

const enabled = process.env.PRAXI_TIMINGS === '1';
const marks: Record<string, number> = {};

export function mark(name: string, at?: number): void {
  if (enabled && marks[name] === undefined) marks[name] = at ?? performance.now();
}

/** Adds the duration of `fn` to the phase `name`. */
export async function timed<T>(name: string, fn: () => Promise<T>): Promise<T> {
  if (!enabled) return fn();
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    marks[`${name}_ms`] = (marks[`${name}_ms`] ?? 0) + (performance.now() - t0);
  }
}

if (enabled) {
  process.once('exit', () => {
    marks.exit = performance.now();
    process.stderr.write(`praxi-timings ${JSON.stringify(marks)}\n`);
  });
}
