import { defineConfig } from 'vitest/config';

/**
 * The smoke run of `kcs compat` in `npm test`: the real PutRecords suite and global setup, without the deep
 * suites, whose collection alone would take most of the time budget (`--only` filters tests, not files).
 */
export default defineConfig({
  test: {
    include: ['suites/put-records/*.suite.ts'],
    globalSetup: ['suites/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
