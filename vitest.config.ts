import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    exclude: ['test/e2e/**', 'node_modules/**', 'dist/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores: two workers, each with its own database.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'server',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          // Migrates once per run (the PGlite image, the PostgreSQL template): test/harness/global-setup.ts.
          globalSetup: ['test/harness/global-setup.ts'],
          setupFiles: ['test/harness/setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          // The web apps' pure code: no database and no server modules, so none of the server's setup
          // (importing every module costs a test file about 2 s of CPU).
          name: 'web',
          include: ['web/**/*.test.ts'],
        },
      },
    ],
  },
});
