/**
 * Runs one check as one vitest test named by its id: sets `task.meta.kcs` (the reporters' contract), skips
 * with the check's reason where it does not apply, or with the setup failure that kept it from running, and
 * on failure records every distinct failure (each shrunk: request value, curl line, the whole response, seed,
 * path) before throwing "Expected ... / Received ...".
 *
 * Distinct failures (distinct-failures.ts): enumerated cases are all judged and each distinct failure kept. A property, once fast-check
 * has found and shrunk a counterexample, is run again with the same seed, treating every failure already
 * known (by signature, distinct-failures.ts) as passing, until a round finds nothing new, the cap is reached or
 * the time budget is spent. So one run shows an emulator author every divergence a check can see, not the first.
 */
import fc from 'fast-check';
import type { TestContext } from 'vitest';
import { curlLine } from '../../src/client/curl.ts';
import { UnexpectedResponseError } from '../../src/client/kinesis-api.ts';
import type { Check, CheckContext } from '../../src/checks/check.ts';
import type {
  BriefFailure,
  CheckRecord,
  RecordedFailure,
  SetupFailureRecord,
} from '../../src/report/check-result.ts';
import { requestView, responseView } from '../../src/report/exchange-view.ts';
import {
  caseOf,
  CounterExample,
  DistinctFailures,
  limitOf,
  MAX_FAILURES_PER_CHECK,
  signatureOf,
  type FoundFailure,
} from './distinct-failures.ts';
import type { Session } from './session.ts';
import { blockedReason } from './setup-failure.ts';

export { CounterExample } from './distinct-failures.ts';

export interface Runner {
  /** Judges exchanges already made (enumerated cases): every one is looked at, each distinct failure kept. */
  judge(contexts: readonly { readonly name: string; readonly ctx: CheckContext }[]): void;
  /**
   * A fast-check property: `run` sends what the value describes and returns the contexts to judge (or throws
   * a CounterExample itself). Searched for every distinct failure, each shrunk.
   */
  property<T>(arb: fc.Arbitrary<T>, run: (value: T) => Promise<readonly CheckContext[]>): Promise<void>;
  /** A failure found some other way (a history check's verdict), kept like the others. */
  fail(example: CounterExample): void;
}

/**
 * How long one property may spend finding and shrinking failures, over all its rounds. fast-check stops at
 * the limit and reports the smallest counterexample found so far; the search for more then stops too.
 */
export const SEARCH_BUDGET_MS = 60_000;

export async function runCheck(
  t: TestContext,
  check: Check,
  session: Session,
  body: (runner: Runner) => Promise<void>,
): Promise<void> {
  const record: CheckRecord = {
    checkId: check.id,
    title: check.title,
    severity: check.severity,
    source: check.source,
  };
  t.task.meta.kcs = record;
  const skipReason = check.skipReason?.(session.profile);
  if (skipReason !== undefined) {
    t.task.meta.kcs = { ...record, skipReason };
    t.skip(skipReason);
    return;
  }
  if (session.setupFailures.length > 0) return blocked(t, record, session.setupFailures);
  const found = new DistinctFailures();
  const runner: Runner = {
    judge(contexts) {
      for (const { name, ctx } of contexts) {
        const failure = check.judge(ctx);
        if (failure)
          found.add(
            new CounterExample(failure, ctx.exchange, name, ctx.expectation),
            check.perCase ? name : undefined,
          );
      }
    },
    property: (arb, run) => searchProperty(check, session, found, arb, run),
    fail(example) {
      found.add(example, example.caseName);
    },
  };
  try {
    await body(runner);
  } catch (err) {
    if (err instanceof CounterExample) found.add(err, err.caseName);
    else if (found.size === 0 && err instanceof UnexpectedResponseError)
      return blocked(t, record, [await session.setupFailure(err)]);
    // Failures found before the check broke off are kept; why it stopped goes with them.
    else if (found.size > 0)
      found.note ??= `the check stopped early: ${err instanceof Error ? err.message : String(err)}`;
    else throw err;
  }
  if (found.size === 0) return;
  t.task.meta.kcs = {
    ...record,
    failures: found.kept.map((f) => recordOf(f, session)),
    ...(found.omitted > 0 ? { moreFailures: found.beyond.map(briefOf) } : {}),
    ...(found.note !== undefined ? { searchNote: found.note } : {}),
  };
  const [first] = found.kept;
  const where = first!.example.caseName ? ` (case: ${first!.example.caseName})` : '';
  const others = found.size + found.omitted - 1;
  const more =
    others > 0 ? `\nand ${others} more distinct failure${others === 1 ? '' : 's'} (see the report)` : '';
  // No `cause`: vitest would print the whole counterexample, base64 Data of up to 5 MiB included. The
  // report carries the request, the response and a curl line instead.
  throw new Error(
    `Expected ${first!.example.failure.expected}\nReceived ${first!.example.failure.received}${where}${more}`,
  );
}

function blocked(t: TestContext, record: CheckRecord, failures: readonly SetupFailureRecord[]): void {
  const reason = blockedReason(failures);
  t.task.meta.kcs = { ...record, skipReason: reason, blockedBy: failures };
  t.skip(reason);
}

/**
 * Rounds of the same property (same seed, same cases) until no new distinct failure shows: each round treats
 * the failures known before it as passing, so fast-check goes on to the next divergence and shrinks that.
 */
async function searchProperty<T>(
  check: Check,
  session: Session,
  found: DistinctFailures,
  arb: fc.Arbitrary<T>,
  run: (value: T) => Promise<readonly CheckContext[]>,
): Promise<void> {
  const { seed, runs } = session.cfg;
  const started = performance.now();
  const left = (): number => SEARCH_BUDGET_MS - (performance.now() - started);
  const stoppedEarly = (): void => {
    if (found.size > 0)
      found.note ??= `the search for more distinct failures stopped after its ${SEARCH_BUDGET_MS / 1000} s budget`;
  };
  for (;;) {
    if (left() <= 0) return stoppedEarly();
    if (found.full()) return countTheRest(check, session, found, arb, run, left());
    const known = found.known();
    const details = await fc.check(
      fc.asyncProperty(arb, async (value) => {
        for (const example of await examplesOf(check, run, value))
          if (!known.has(signatureOf(example, generatedKey(check, example)))) throw example;
      }),
      { seed, numRuns: runs, interruptAfterTimeLimit: left(), markInterruptAsFailure: false },
    );
    if (!details.failed) return details.interrupted ? stoppedEarly() : undefined;
    const path = details.counterexamplePath ?? undefined;
    const err = details.errorInstance;
    if (!(err instanceof CounterExample))
      throw new Error(`the property broke off (seed ${seed}, path ${String(path)}): ${String(err)}`, {
        cause: err,
      });
    // A shrunk counterexample always has a new signature; `false` would mean the loop can learn nothing more.
    if (!found.add(err, generatedKey(check, err), path)) return;
  }
}

/** Past the cap: one more pass over the same cases, noting (in brief) the signatures not seen yet, shrinking none. */
async function countTheRest<T>(
  check: Check,
  session: Session,
  found: DistinctFailures,
  arb: fc.Arbitrary<T>,
  run: (value: T) => Promise<readonly CheckContext[]>,
  budgetMs: number,
): Promise<void> {
  await fc.check(
    fc.asyncProperty(arb, async (value) => {
      for (const example of await examplesOf(check, run, value))
        found.add(example, generatedKey(check, example));
    }),
    { seed: session.cfg.seed, numRuns: session.cfg.runs, interruptAfterTimeLimit: budgetMs },
  );
}

/** The failures one generated value shows: the one `run` throws, or the check's verdict on each context. */
async function examplesOf<T>(
  check: Check,
  run: (value: T) => Promise<readonly CheckContext[]>,
  value: T,
): Promise<CounterExample[]> {
  let contexts: readonly CheckContext[];
  try {
    contexts = await run(value);
  } catch (err) {
    if (err instanceof CounterExample) return [err];
    throw err;
  }
  const out: CounterExample[] = [];
  for (const ctx of contexts) {
    const failure = check.judge(ctx);
    if (failure)
      out.push(new CounterExample(failure, ctx.exchange, caseOf(ctx.expectation), ctx.expectation));
  }
  return out;
}

/** What tells a generated request's failure apart beyond its outcomes: its limit, where the rule is per case. */
function generatedKey(check: Check, example: CounterExample): string | undefined {
  return check.perCase ? limitOf(example.expectation) : undefined;
}

function briefOf({ example, signature }: FoundFailure): BriefFailure {
  const { failure, caseName } = example;
  return {
    ...(caseName !== undefined ? { case: caseName } : {}),
    expected: failure.expected,
    received: failure.received,
    signature,
  };
}

function recordOf(found: FoundFailure, session: Session): RecordedFailure {
  const { example, signature, path } = found;
  const { exchange, failure, caseName } = example;
  return {
    ...(caseName !== undefined ? { case: caseName } : {}),
    expected: failure.expected,
    received: failure.received,
    signature,
    request: requestView(exchange.request),
    curl: curlLine(exchange.http, { region: session.cfg.region }),
    response: responseView(exchange),
    seed: session.cfg.seed,
    ...(path !== undefined ? { path } : {}),
  };
}

export { MAX_FAILURES_PER_CHECK };
