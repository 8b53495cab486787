import { defineConfig } from 'vitest/config';

// Integration tests use real PostgreSQL, real SQLite files, real TCP fakes and a real browser;
// they get generous timeouts. Files run in parallel processes, so every test makes its own
// throwaway database / temp folder.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
