/**
 * Runs a history check as one vitest test named by its id, through the same harness as the exchange checks
 * (so `task.meta.kcs` is filled the same way): each failure reports its evidence exchange as the request to
 * replay and the response seen; a history that cannot judge the rule (the target never throttled) skips the
 * test with the reason instead of passing it.
 */
import type fc from 'fast-check';
import type { TestContext } from 'vitest';
import type { Check } from '../../src/checks/check.ts';
import {
  isCannotJudge,
  type HistoryCheck,
  type HistoryFailure,
  type Verdict,
} from '../../src/checks/history-check.ts';
import { CounterExample, runCheck, type Runner } from './harness.ts';
import type { Session } from './session.ts';

/** The harness takes a Check for its metadata; a history check is judged here, not through `judge`. */
function metadataOf<C>(check: HistoryCheck<C>): Check {
  return {
    id: check.id,
    title: check.title,
    severity: check.severity,
    source: check.source,
    ...(check.skipReason ? { skipReason: (p) => check.skipReason!(p) } : {}),
    judge: () => undefined,
  };
}

/** The CounterExample the harness records: the failure without its evidence, and the evidence exchange. */
export function counterExample(failure: HistoryFailure, caseName?: string): CounterExample {
  const { evidence, case: part, ...plain } = failure;
  return new CounterExample(plain, evidence, caseName ?? part);
}

/** Judges the recorded history `context` resolves to. */
export function runHistoryCheck<C>(
  t: TestContext,
  check: HistoryCheck<C>,
  session: Session,
  context: () => Promise<C>,
): Promise<void> {
  return runCheck(t, metadataOf(check), session, async (runner: Runner) => {
    const verdict: Verdict = check.judge(await context());
    if (verdict === undefined) return;
    if (isCannotJudge(verdict)) {
      t.task.meta.kcs = { ...t.task.meta.kcs!, skipReason: verdict.cannotJudge };
      t.skip(verdict.cannotJudge);
      return;
    }
    for (const failure of Array.isArray(verdict) ? verdict : [verdict as HistoryFailure])
      runner.fail(counterExample(failure));
  });
}

/**
 * A fast-check property under the check's id: `run` throws a CounterExample (see counterExample) when an
 * answer breaks the rule; fast-check shrinks it and the harness records seed and path.
 */
export function runPropertyCheck<C, T>(
  t: TestContext,
  check: HistoryCheck<C>,
  session: Session,
  arb: fc.Arbitrary<T>,
  run: (value: T) => Promise<void>,
): Promise<void> {
  return runCheck(t, metadataOf(check), session, (runner: Runner) =>
    runner.property(arb, async (value) => {
      await run(value);
      return [];
    }),
  );
}
