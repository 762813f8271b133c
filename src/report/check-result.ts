import type { Failure, Severity } from '../checks/check.ts';

export type CheckStatus = 'passed' | 'failed' | 'skipped' | 'expected-failure';

/**
 * What a suite test records about its check in `task.meta.kcs`, for the reporters. Each conformance
 * check is one vitest test named by its check id.
 */
export interface CheckRecord {
  readonly checkId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly source: string;
  readonly skipReason?: string;
  /** On failure: the shrunk counterexample. */
  readonly failure?: Failure & {
    /** The minimal request as a value, its HTTP form as a curl line, and the response seen. */
    readonly request: unknown;
    readonly curl: string;
    readonly response: {
      readonly status: number;
      readonly headers: Record<string, string>;
      readonly body: unknown;
    };
    /** fast-check seed and path: `fc.assert(prop, { seed, path })` replays exactly this case. */
    readonly seed: number;
    readonly path?: string;
  };
}

declare module 'vitest' {
  interface TaskMeta {
    kcs?: CheckRecord;
  }
}

// `task.meta` in a test context and `TestCase.meta()` in a reporter are typed by @vitest/runner's TaskMeta,
// which the augmentation of 'vitest' above does not reach (vitest only re-exports it).
declare module '@vitest/runner' {
  interface TaskMeta {
    kcs?: CheckRecord;
  }
}
