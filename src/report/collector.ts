/**
 * The vitest reporter of `kcs check`: turns each finished test (one per check, named by its id, with
 * `task.meta.kcs`) into a CheckOutcome, and notes what went wrong outside any check (a suite that did not
 * load, an unhandled error, an interrupted run).
 */
import type { Reporter, SerializedError, TestCase, TestModule, TestRunEndReason, Vitest } from 'vitest/node';
import type {} from './check-result.ts';
import type { CheckOutcome } from './report.ts';
import { oneLine } from './markdown.ts';

export interface CollectorHooks {
  /** Check ids to keep (--only); tests filtered out by vitest are reported as skipped and must not count. */
  readonly only?: ReadonlySet<string>;
  readonly onOutcome?: (outcome: CheckOutcome) => void;
}

export class CheckCollector implements Reporter {
  readonly outcomes: CheckOutcome[] = [];
  /** Errors outside any check, one line each. */
  readonly errors: string[] = [];
  endReason: TestRunEndReason | undefined;
  vitestVersion = 'unknown';
  private root = '';

  constructor(private readonly hooks: CollectorHooks = {}) {}

  onInit(vitest: Vitest): void {
    this.vitestVersion = vitest.version;
    this.root = vitest.config.root;
  }

  onTestCaseResult(testCase: TestCase): void {
    const outcome = outcomeOf(testCase);
    if (this.hooks.only && !this.hooks.only.has(outcome.id)) return;
    this.outcomes.push(outcome);
    this.hooks.onOutcome?.(outcome);
  }

  onTestModuleEnd(testModule: TestModule): void {
    const file = this.relative(testModule.moduleId);
    for (const error of testModule.errors()) this.errors.push(`${file}: ${errorLine(error)}`);
  }

  onTestRunEnd(
    _modules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<SerializedError>,
    reason: TestRunEndReason,
  ): void {
    this.endReason = reason;
    for (const error of unhandledErrors) this.errors.push(`unhandled error: ${errorLine(error)}`);
  }

  private relative(file: string): string {
    return this.root && file.startsWith(`${this.root}/`) ? file.slice(this.root.length + 1) : file;
  }
}

function errorLine(error: { readonly name?: string; readonly message?: string }): string {
  const text = oneLine(error.message, 300);
  return error.name && error.name !== 'Error' ? `${error.name}: ${text}` : text || 'unknown error';
}

/** One vitest test case as a check outcome; tests without `meta.kcs` count too, named by their test name. */
export function outcomeOf(testCase: TestCase): CheckOutcome {
  const meta = testCase.meta().kcs;
  const result = testCase.result();
  const durationMs = testCase.diagnostic()?.duration ?? 0;
  const base = {
    id: meta?.checkId ?? testCase.name,
    title: meta?.title ?? testCase.fullName,
    severity: meta?.severity ?? 'must',
    ...(meta?.source !== undefined ? { source: meta.source } : {}),
    durationMs: Math.max(0, durationMs),
  } as const;
  if (result.state === 'passed') return { ...base, status: 'passed' };
  if (result.state === 'skipped' || result.state === 'pending') {
    const note = result.state === 'skipped' ? result.note : 'did not run';
    const reason = meta?.skipReason ?? note ?? 'skipped';
    return { ...base, status: 'skipped', reason };
  }
  const failure = meta?.failure;
  const thrown = result.errors[0];
  if (failure) {
    return {
      ...base,
      status: 'failed',
      reason: oneLine(`expected ${failure.expected}; received ${failure.received}`, 300),
      failure: {
        expected: failure.expected,
        received: failure.received,
        request: failure.request,
        response: failure.response,
        curl: failure.curl,
        seed: failure.seed,
        ...(failure.path !== undefined ? { path: failure.path } : {}),
      },
    };
  }
  // A failure without a recorded counterexample: an assertion or a transport error inside the test.
  const message = thrown ? errorLine(thrown) : 'failed without an error';
  return { ...base, status: 'failed', reason: message, failure: { received: thrown?.message ?? message } };
}
