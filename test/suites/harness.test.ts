/**
 * The harness on its own (no target, no vitest run inside): every distinct failure of a check is kept, each
 * shrunk, a property is searched again past the failures it already found, the list is capped and the rest
 * counted, and a setup failure skips the check with its reason.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { TestContext } from 'vitest';
import type { ApiRequest } from '../../src/client/exchange.ts';
import type { Check, CheckContext } from '../../src/checks/check.ts';
import { failure } from '../../src/checks/view.ts';
import type { CheckRecord, SetupFailureRecord } from '../../src/report/check-result.ts';
import { MAX_FAILURES_PER_CHECK } from '../../suites/lib/distinct-failures.ts';
import { runCheck, type Runner } from '../../suites/lib/harness.ts';
import type { Session } from '../../suites/lib/session.ts';
import { exchange, yds } from '../checks/fixtures.ts';

class Skipped extends Error {}

function fakeTest(): { t: TestContext; meta: () => CheckRecord | undefined } {
  const task = { meta: {} as { kcs?: CheckRecord } };
  const t = {
    task,
    skip: (reason: string) => {
      throw new Skipped(reason);
    },
  } as unknown as TestContext;
  return { t, meta: () => task.meta.kcs };
}

function fakeSession(setupFailures: SetupFailureRecord[] = [], runs = 100): Session {
  return {
    cfg: { seed: 42, runs, region: 'us-east-1' },
    profile: yds,
    setupFailures,
  } as unknown as Session;
}

/** A check that fails every answer other than 200, whatever it is. */
const notOk: Check = {
  id: 'test.answers-ok',
  title: 'answers are 200',
  severity: 'must',
  source: 'test',
  judge(ctx) {
    return ctx.exchange.status === 200
      ? undefined
      : failure(this, 'HTTP 200', `HTTP ${ctx.exchange.status} ${JSON.stringify(ctx.exchange.body)}`);
  },
};

const request = (n: number): ApiRequest => ({ operation: 'PutRecords', wire: 'json', body: { n } });

/** A target broken two independent ways: n >= 50 gets a 500, 20 <= n < 50 a 400 ValidationException. */
function brokenTwice(n: number): CheckContext {
  if (n >= 50) return { profile: yds, exchange: exchange(request(n), 500, { __type: 'InternalFailure' }) };
  if (n >= 20)
    return { profile: yds, exchange: exchange(request(n), 400, { __type: 'ValidationException' }) };
  return { profile: yds, exchange: exchange(request(n), 200, { FailedRecordCount: 0, Records: [] }) };
}

const valueOf = (f: { request: unknown }): number => (f.request as { body: { n: number } }).body.n;

describe('runCheck', () => {
  test('a property finds both independent failures, each shrunk to its smallest case, with its path', async () => {
    const { t, meta } = fakeTest();
    const body = (run: Runner) =>
      run.property(fc.integer({ min: 0, max: 100 }), (n) => Promise.resolve([brokenTwice(n)]));
    await expect(runCheck(t, notOk, fakeSession(), body)).rejects.toThrow(/and 1 more distinct failure/);
    const failures = meta()!.failures!;
    expect(failures.map((f) => [f.response.status, valueOf(f)]).sort()).toEqual([
      [400, 20],
      [500, 50],
    ]);
    for (const f of failures) {
      expect(f.seed).toBe(42);
      expect(f.path).toMatch(/^\d+(:\d+)*$/);
      expect(f.curl).toMatch(/^curl /);
    }
    expect(failures.map((f) => f.signature).sort()).toEqual([
      'expected as documented; received PutRecords HTTP 400 ValidationException',
      'expected as documented; received PutRecords HTTP 500 InternalFailure',
    ]);
    // The path replays the case in fast-check, whatever else the search did.
    for (const f of failures) {
      const replayed = fc.sample(fc.integer({ min: 0, max: 100 }), { seed: 42, path: f.path!, numRuns: 1 });
      expect(brokenTwice(replayed[0]!).exchange.status).toBe(f.response.status);
    }
  });

  test('enumerated cases: told apart by outcome, and by case too where the rule is per case', async () => {
    const contexts = [
      { name: 'case a', ctx: brokenTwice(60) },
      { name: 'case a', ctx: brokenTwice(70) },
      { name: 'case b', ctx: brokenTwice(61) },
      { name: 'case c', ctx: brokenTwice(1) },
      { name: 'case d', ctx: brokenTwice(30) },
    ];
    const byOutcome = fakeTest();
    await expect(
      runCheck(byOutcome.t, notOk, fakeSession(), async (run) => run.judge(contexts)),
    ).rejects.toThrow(
      /^Expected HTTP 200\nReceived HTTP 500 .*\(case: case a\)\nand 1 more distinct failure/,
    );
    expect(byOutcome.meta()!.failures!.map((f) => [f.case, valueOf(f)])).toEqual([
      ['case a', 60],
      ['case d', 30],
    ]);
    const byCase = fakeTest();
    await expect(
      runCheck(byCase.t, { ...notOk, perCase: true }, fakeSession(), async (run) => run.judge(contexts)),
    ).rejects.toThrow(/and 2 more distinct failures/);
    expect(byCase.meta()!.failures!.map((f) => [f.case, valueOf(f)])).toEqual([
      ['case a', 60],
      ['case b', 61],
      ['case d', 30],
    ]);
    expect(byCase.meta()!.failures![0]!.signature).toBe(
      'case case a; expected as documented; received PutRecords HTTP 500 InternalFailure',
    );
  });

  test(`the list stops at ${MAX_FAILURES_PER_CHECK} failures and counts the rest`, async () => {
    const { t, meta } = fakeTest();
    // Every value gets its own error type: as many distinct failures as values.
    const each = (n: number): CheckContext => ({
      profile: yds,
      exchange: exchange(request(n), 400, { __type: `Error${n}` }),
    });
    const body = (run: Runner) =>
      run.property(fc.integer({ min: 0, max: 29 }), (n) => Promise.resolve([each(n)]));
    await expect(runCheck(t, notOk, fakeSession([], 200), body)).rejects.toThrow(/more distinct failures/);
    const record = meta()!;
    expect(record.failures).toHaveLength(MAX_FAILURES_PER_CHECK);
    expect(new Set(record.failures!.map((f) => valueOf(f))).size).toBe(MAX_FAILURES_PER_CHECK);
    // 200 runs over 30 values see all of them: 10 past the cap, in brief.
    expect(record.moreFailures).toHaveLength(10);
    expect(record.moreFailures![0]).toEqual({
      expected: 'HTTP 200',
      received: expect.stringMatching(/^HTTP 400 \{"__type":"Error\d+"\}$/),
      signature: expect.stringMatching(/^expected as documented; received PutRecords HTTP 400 Error\d+$/),
    });
  });

  test('a failure a body throws itself is kept too, and a passing check records no failure', async () => {
    const { t, meta } = fakeTest();
    await expect(
      runCheck(t, notOk, fakeSession(), async (run) => {
        run.judge([{ name: 'ok', ctx: brokenTwice(1) }]);
      }),
    ).resolves.toBeUndefined();
    expect(meta()!.failures).toBeUndefined();
  });

  test('failures found before the check broke off are kept, with why it stopped', async () => {
    const { t, meta } = fakeTest();
    const body = async (run: Runner) => {
      run.judge([{ name: 'case a', ctx: brokenTwice(60) }]);
      await run.property(fc.integer({ min: 0, max: 10 }), () => Promise.reject(new Error('ECONNRESET')));
    };
    await expect(runCheck(t, notOk, fakeSession(), body)).rejects.toThrow(
      /^Expected HTTP 200\nReceived HTTP 500/,
    );
    expect(meta()!.failures).toHaveLength(1);
    expect(meta()!.searchNote).toMatch(
      /^the check stopped early: the property broke off \(seed 42, path .*\): Error: ECONNRESET$/,
    );
  });

  test('a setup failure skips the check with the call and what came back as the reason', async () => {
    const { t, meta } = fakeTest();
    const setup: SetupFailureRecord = {
      call: 'CreateStream kcs-1-put-records',
      problem: "answered HTTP 200 with a body that is not JSON (cannot decode a 'text/plain' body)",
      request: { operation: 'CreateStream' },
    };
    let ran = false;
    await expect(
      runCheck(t, notOk, fakeSession([setup]), async () => {
        ran = true;
      }),
    ).rejects.toThrow(Skipped);
    expect(ran).toBe(false);
    expect(meta()).toMatchObject({
      skipReason:
        "could not run: CreateStream kcs-1-put-records answered HTTP 200 with a body that is not JSON (cannot decode a 'text/plain' body)",
      blockedBy: [setup],
    });
  });
});
