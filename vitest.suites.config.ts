import { defineConfig } from 'vitest/config';

/** The conformance suites (`kcs check` runs these through vitest's Node API). */
export default defineConfig({
  test: {
    include: ['suites/**/*.suite.ts'],
    globalSetup: ['suites/global-setup.ts'],
    // One target, shared streams and sequence-number history: run the files one after another.
    fileParallelism: false,
    // The files share nothing but the target; without a fresh module graph per file the run is twice as fast.
    isolate: false,
    testTimeout: 120_000,
    // Above the 120 s a stream may take to become ACTIVE (KinesisApi.createStream), so a target that never
    // activates one is reported as a setup failure, with its answer, rather than as a hook timeout.
    hookTimeout: 150_000,
  },
});
