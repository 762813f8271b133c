import type { Severity } from '../checks/check.ts';
import type { ResponseView } from './exchange-view.ts';

export type CheckStatus = 'passed' | 'failed' | 'skipped' | 'expected-failure';

/** One distinct failure of a check: its shrunk request, how to replay it, and the target's whole answer. */
export interface RecordedFailure {
  /** The enumerated case or the limit the request was about, when it has one. */
  readonly case?: string;
  readonly expected: string;
  readonly received: string;
  /** What sets this failure apart from the check's others: case or limit, expected and received outcome. */
  readonly signature: string;
  /** The request as a value, and its HTTP form as a curl line. */
  readonly request: unknown;
  readonly curl: string;
  readonly response: ResponseView;
  /** fast-check seed and path: `fc.assert(prop, { seed, path })` replays exactly this case. */
  readonly seed: number;
  readonly path?: string;
}

/** A distinct failure past the cap: what it was, without the request and answer (and not shrunk). */
export type BriefFailure = Pick<RecordedFailure, 'case' | 'expected' | 'received' | 'signature'>;

/** A setup call whose answer broke its contract (or that got none): the checks depending on it could not run. */
export interface SetupFailureRecord {
  /** The call in words: `CreateStream kcs-1a2b3c4d-put-records`. */
  readonly call: string;
  /** What was wrong, one line: `answered HTTP 200 with a body that is not JSON (...)`. */
  readonly problem: string;
  readonly request: unknown;
  readonly curl?: string;
  /** The answer, when one came. */
  readonly response?: ResponseView;
}

/**
 * The field of an error thrown by a suite's teardown that carries SetupFailureRecords (vitest serializes an
 * error's own fields): the collector reports them as setup failures instead of an error line.
 */
export const SETUP_FAILURES_FIELD = 'kcsSetupFailures';

/**
 * What a suite test records about its check in `task.meta.kcs`, for the reporters. Each conformance
 * check is one vitest test named by its id.
 */
export interface CheckRecord {
  readonly checkId: string;
  readonly title: string;
  readonly severity: Severity;
  readonly source: string;
  readonly skipReason?: string;
  /** On failure: every distinct failure found, each shrunk, up to the harness's cap. */
  readonly failures?: readonly RecordedFailure[];
  /** Distinct failures found beyond the cap, in brief. */
  readonly moreFailures?: readonly BriefFailure[];
  /** Why the search for further distinct failures stopped early (its time budget), when it did. */
  readonly searchNote?: string;
  /** The setup calls that kept this check from running (it is skipped with their reason). */
  readonly blockedBy?: readonly SetupFailureRecord[];
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
