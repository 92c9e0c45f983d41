import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**', 'dist/**'],
    // Migrates once per run: the PGlite image every test database is loaded from, or the PostgreSQL
    // template each test database is copied from.
    globalSetup: ['test/harness/global-setup.ts'],
    setupFiles: ['test/harness/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two cores: two workers. Each runs file after file in one process (isolate: false): a new process
    // per file loaded every module again and started PGlite's WebAssembly cold, 1.5 s and 1 s of CPU a
    // file. Files still share no data: each file, or describe block, has a database of its own
    // (test/harness), and the state a process keeps is per database (caches in WeakMaps keyed by the
    // Db) or put back by the harness at the start of each block and by test/harness/setup.ts, which
    // runs again before each file.
    maxWorkers: 2,
    isolate: false,
  },
});
