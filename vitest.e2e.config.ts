import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // A page waits on a real server beside a busy build or benchmark: a second is too short to wait for
    // an answer to show (the roll's first page took longer on a loaded CI run), while locators already
    // wait up to 30 s.
    expect: { poll: { timeout: 15_000 } },
    pool: 'forks',
    // One browser and one server at a time: two cores.
    fileParallelism: false,
  },
});
