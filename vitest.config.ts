import {defineConfig} from 'vitest/config';

export default defineConfig({
  test: {
    // Native addons and process-wide state (exit codes, cwd) want separate processes.
    pool: 'forks',
    // Otherwise @oclif/test's runCommand sees an empty stdout.
    disableConsoleIntercept: true,
    testTimeout: 120_000,
    hookTimeout: 300_000,
    include: ['test/**/*.test.ts'],
  },
});
