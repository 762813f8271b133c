/**
 * The vitest reporter of `kcs check`: turns each finished test (one per check, named by its id, with
 * `task.meta.kcs`) into a CheckOutcome, and notes what went wrong outside any check (a suite that did not
 * load, an unhandled error, an interrupted run).
 */
import type { Reporter, SerializedError, TestCase, TestModule, TestRunEndReason, Vitest } from 'vitest/node';
import { SETUP_FAILURES_FIELD, type SetupFailureRecord } from './check-result.ts';
import { failureReason, type CheckOutcome, type FailureDetail, type ReportSetupFailure } from './report.ts';
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
  /** Setup calls answered outside their contract, each once, with the checks they kept from running. */
  readonly setupFailures: ReportSetupFailure[] = [];
  private readonly setupIndex = new Map<string, number>();
  endReason: TestRunEndReason | undefined;
  vitestVersion = 'unknown';
  private root = '';

  constructor(private readonly hooks: CollectorHooks = {}) {}

  onInit(vitest: Vitest): void {
    this.vitestVersion = vitest.version;
    this.root = vitest.config.root;
  }

  onTestCaseResult(testCase: TestCase): void {
    let outcome = outcomeOf(testCase);
    if (this.hooks.only && !this.hooks.only.has(outcome.id)) return;
    const blockers = testCase.meta().kcs?.blockedBy;
    if (blockers && blockers.length > 0)
      outcome = { ...outcome, blockedBy: blockers.map((f) => this.setupFailure(f, outcome.id)) };
    this.outcomes.push(outcome);
    this.hooks.onOutcome?.(outcome);
  }

  /** The index of a setup failure in `setupFailures` (each failure once), noting the check it kept from running. */
  private setupFailure(record: SetupFailureRecord, checkId?: string): number {
    const key = JSON.stringify([record.call, record.problem, record.curl ?? '']);
    let index = this.setupIndex.get(key);
    if (index === undefined) {
      index = this.setupFailures.push({ ...record, checks: [] }) - 1;
      this.setupIndex.set(key, index);
    }
    const checks = this.setupFailures[index]!.checks as string[];
    if (checkId !== undefined && !checks.includes(checkId)) checks.push(checkId);
    return index;
  }

  onTestModuleEnd(testModule: TestModule): void {
    const file = this.relative(testModule.moduleId);
    for (const error of testModule.errors()) {
      // A setup call after the checks (DeleteStream) that broke its contract: a verdict, not an error line.
      const records = (error as Record<string, unknown>)[SETUP_FAILURES_FIELD];
      if (Array.isArray(records) && records.length > 0)
        for (const record of records as SetupFailureRecord[]) this.setupFailure(record);
      else this.errors.push(`${file}: ${errorLine(error)}`);
    }
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
  const failures: readonly FailureDetail[] | undefined = meta?.failures;
  if (failures && failures.length > 0) {
    return {
      ...base,
      status: 'failed',
      reason: failureReason(failures[0]!, failures.length + (meta?.moreFailures?.length ?? 0)),
      failures,
      ...(meta?.moreFailures?.length ? { moreFailures: meta.moreFailures } : {}),
      ...(meta?.searchNote !== undefined ? { searchNote: meta.searchNote } : {}),
    };
  }
  // A failure without a recorded counterexample: an assertion or a transport error inside the test.
  const thrown = result.errors[0];
  const message = thrown ? errorLine(thrown) : 'failed without an error';
  return { ...base, status: 'failed', reason: message, failures: [{ received: thrown?.message ?? message }] };
}
