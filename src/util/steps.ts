/**
 * Progress steps for fault-injection tests and diagnosis. With `PRAXI_STEP_FD=N` praxi writes one
 * line per step to the already open file descriptor N: `<n> <kind> <detail>` (n counts from 1;
 * kinds: `input` when a changeset's tags are ready, `temp-open`, `temp-synced`, `renamed` around
 * every atomic output write). With `PRAXI_STOP_AT_STEP=k` as well, the process stops for good right
 * after reporting step k, so a test can kill it at exactly that point of its own progress instead
 * of guessing a moment from the clock (test/hardening/crash-safety.test.ts).
 */
import {writeSync} from 'node:fs';

function envInt(name: string): number | undefined {
  const v = process.env[name];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

const fd = envInt('PRAXI_STEP_FD');
const stopAt = envInt('PRAXI_STOP_AT_STEP');
let count = 0;

export function step(kind: string, detail = ''): void {
  if (fd === undefined) return;
  count++;
  writeSync(fd, `${count} ${kind}${detail ? ` ${detail}` : ''}\n`);
  // Blocks the main thread (no timeout): nothing of praxi's own runs after this point.
  if (count === stopAt) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
}
