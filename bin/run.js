#!/usr/bin/env node
// Columbus and the learner run on libuv's pool; size it to the machine unless the user chose.
import {availableParallelism} from 'node:os';

process.env.UV_THREADPOOL_SIZE ??= String(Math.max(4, availableParallelism()));
// oclif asks the passwd database for a shell when SHELL is unset, which throws for a container's
// arbitrary UID without a passwd entry (OpenShift, runAsUser).
process.env.SHELL ??= '/bin/sh';

// For the cold-start benchmark (PRAXI_TIMINGS=1): when our code starts, after Node's own start-up.
globalThis.praxiEntryMs = performance.now();

// A failed write to stdout (redirected to a full disk, /dev/full, a closed pipe) is one clear fatal
// error, not an uncaught stack trace. Registered before oclif's own listener, which rethrows; EPIPE
// (e.g. `| head`) stays silent as oclif makes it.
process.stdout.on('error', (err) => {
  if (err && err.code === 'EPIPE') return;
  process.stderr.write(`praxi: cannot write to standard output: ${err?.message ?? err} [OUTPUT_UNWRITABLE]\n`);
  process.exit(3);
});

// `praxi predict INPUT... [--model FILE]` runs without oclif (a third of a cold start); every other
// command line, and PRAXI_FAST_CLI=0, goes through oclif (src/cli/fast-predict.ts).
const args = process.argv.slice(2);
const fast = args[0] === 'predict' && process.env.PRAXI_FAST_CLI !== '0' ? await import('../dist/cli/fast-predict.js') : undefined;
const fastArgs = fast?.fastPredictArgs(args.slice(1));
if (fastArgs) {
  await fast.runFastPredict(fastArgs);
} else {
  // On import, oclif checks the Node version against its own `engines` with semver: some fifty
  // modules, a sixth of a cold start, for a range package.json's `engines` already states.
  const engineCheck = process.env.OCLIF_DISABLE_ENGINE_WARNING;
  process.env.OCLIF_DISABLE_ENGINE_WARNING = '1';
  const {execute} = await import('@oclif/core');
  if (engineCheck === undefined) delete process.env.OCLIF_DISABLE_ENGINE_WARNING;
  else process.env.OCLIF_DISABLE_ENGINE_WARNING = engineCheck;
  await execute({dir: import.meta.url});
}
