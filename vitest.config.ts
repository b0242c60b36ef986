import {defineConfig} from 'vitest/config';

export default defineConfig({
  test: {
    // Native addons and process-wide state (exit codes, cwd) want separate processes.
    pool: 'forks',
    // Otherwise @oclif/test's runCommand sees an empty stdout.
    disableConsoleIntercept: true,
    // Guards against hangs only: no test asserts on speed, and a loaded shared machine is slow.
    testTimeout: 600_000,
    hookTimeout: 900_000,
    include: ['test/**/*.test.ts'],
  },
});
