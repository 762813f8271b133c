import { describe, expect, test } from 'vitest';
import { UsageError } from '../../src/errors.ts';
import {
  applyLedger,
  isoDay,
  matcherOf,
  parseLedger,
  type Ledger,
  type LedgerEntry,
} from '../../src/report/expected-failures.ts';
import type { CheckOutcome } from '../../src/report/report.ts';

const TODAY = '2026-06-15';

function outcome(id: string, status: CheckOutcome['status'], received?: string): CheckOutcome {
  return {
    id,
    title: id,
    severity: 'must',
    status,
    durationMs: 1,
    ...(status === 'failed'
      ? { reason: `expected x; received ${received}`, failures: [{ expected: 'x', received }] }
      : {}),
    ...(status === 'skipped' ? { reason: 'not for this profile' } : {}),
  };
}

function entry(check: string, match: string, expires = '2099-01-01'): LedgerEntry {
  return { check, category: 'known-bug', match, source: 'behaviour.md 3.2', expires };
}

describe('applyLedger', () => {
  test.each([
    {
      name: 'a failure matched by substring becomes an expected failure',
      outcomes: [outcome('a.b', 'failed', 'ErrorCode InternalFailure on record 3')],
      entries: [entry('a.b', 'InternalFailure')],
      status: 'expected-failure',
      problems: 0,
    },
    {
      name: 'a failure matched by /regex/ becomes an expected failure',
      outcomes: [outcome('a.b', 'failed', 'status 500 from shard 7')],
      entries: [entry('a.b', '/status 5\\d\\d/')],
      status: 'expected-failure',
      problems: 0,
    },
    {
      name: 'regex flags apply',
      outcomes: [outcome('a.b', 'failed', 'SERIALIZATION error')],
      entries: [entry('a.b', '/serialization/i')],
      status: 'expected-failure',
      problems: 0,
    },
    {
      name: 'a failure the matcher does not match stays a failure, and the entry that matched nothing is stale',
      outcomes: [outcome('a.b', 'failed', 'status 400 SerializationException')],
      entries: [entry('a.b', 'InternalFailure')],
      status: 'failed',
      problems: 1,
    },
    {
      name: 'an entry for another check does not cover a failure',
      outcomes: [outcome('a.b', 'failed', 'InternalFailure')],
      entries: [entry('a.c', 'InternalFailure')],
      status: 'failed',
      problems: 0,
    },
    {
      name: 'an entry whose check passes is stale',
      outcomes: [outcome('a.b', 'passed')],
      entries: [entry('a.b', 'anything')],
      status: 'passed',
      problems: 1,
    },
    {
      name: 'an expired entry is a problem and covers nothing',
      outcomes: [outcome('a.b', 'failed', 'InternalFailure')],
      entries: [entry('a.b', 'InternalFailure', '2026-06-14')],
      status: 'failed',
      problems: 1,
    },
    {
      name: 'an entry still holds on its expiry day',
      outcomes: [outcome('a.b', 'failed', 'InternalFailure')],
      entries: [entry('a.b', 'InternalFailure', TODAY)],
      status: 'expected-failure',
      problems: 0,
    },
    {
      name: 'a skipped check leaves its entry alone',
      outcomes: [outcome('a.b', 'skipped')],
      entries: [entry('a.b', 'x')],
      status: 'skipped',
      problems: 0,
    },
    {
      name: 'an entry for a check that did not run (--only) is not stale',
      outcomes: [outcome('a.c', 'passed')],
      entries: [entry('a.b', 'x')],
      status: 'passed',
      problems: 0,
    },
  ])('$name', ({ outcomes, entries, status, problems }) => {
    const result = applyLedger(outcomes, { entries }, TODAY);
    expect(result.checks.map((c) => c.status)).toEqual([status]);
    expect(result.problems).toHaveLength(problems);
  });

  test('an expected failure keeps its failure fields and names the ledger entry', () => {
    const { checks } = applyLedger(
      [outcome('a.b', 'failed', 'InternalFailure')],
      { entries: [entry('a.b', 'Internal')] },
      TODAY,
    );
    expect(checks[0]).toMatchObject({
      status: 'expected-failure',
      expected: 'x',
      received: 'InternalFailure',
      expectedFailure: { category: 'known-bug', source: 'behaviour.md 3.2' },
    });
    expect(checks[0]!.reason).toContain('known-bug');
  });

  test('an unmatched failure says which entry it missed', () => {
    const { checks } = applyLedger(
      [outcome('a.b', 'failed', 'status 400')],
      { entries: [entry('a.b', 'InternalFailure')] },
      TODAY,
    );
    expect(checks[0]!.reason).toContain('does not match the expected-failures entry "InternalFailure"');
  });

  test('problems name the check and what to do', () => {
    const { problems } = applyLedger(
      [outcome('a.b', 'passed'), outcome('a.c', 'failed', 'x')],
      { entries: [entry('a.b', 'x'), entry('a.c', 'x', '2020-01-01')] },
      TODAY,
    );
    expect(problems).toEqual([
      expect.stringMatching(/a\.c expired on 2020-01-01/),
      expect.stringMatching(/a\.b is stale/),
    ]);
  });
});

describe('applyLedger: entries match one failure each, by case and by what was received', () => {
  /** A failed check with several distinct failures. */
  function failedWith(id: string, failures: { case?: string; received: string }[]): CheckOutcome {
    return {
      id,
      title: id,
      severity: 'must',
      status: 'failed',
      durationMs: 1,
      reason: 'several',
      failures: failures.map((f) => ({ expected: 'x', ...f })),
    };
  }
  const twoWays = failedWith('a.b', [
    { case: 'Records of 0 entries', received: 'HTTP 200 with FailedRecordCount 0 and 0 Records' },
    { case: 'a PartitionKey of 257 units', received: 'HTTP 400 InvalidArgumentException: too long' },
  ]);
  const zero: LedgerEntry = { ...entry('a.b', 'HTTP 200'), case: '/^Records of 0 entries/' };
  const key: LedgerEntry = { ...entry('a.b', '/InvalidArgumentException/'), case: 'PartitionKey' };

  test('an entry for one failure leaves the check failing on the other, with the covered one marked', () => {
    const { checks, problems } = applyLedger([twoWays], { entries: [zero] }, TODAY);
    expect(checks[0]!.status).toBe('failed');
    expect(checks[0]!.failures!.map((f) => f.expectedFailure?.category)).toEqual(['known-bug', undefined]);
    // The headline is the failure the ledger does not cover.
    expect(checks[0]!.received).toBe('HTTP 400 InvalidArgumentException: too long');
    expect(checks[0]!.reason).toBe(
      '2 distinct failures, the first: expected x; received HTTP 400 InvalidArgumentException: too long (1 of 2 expected by the ledger)',
    );
    expect(problems).toEqual([]);
  });

  test('entries covering every failure make the check an expected failure', () => {
    const { checks, problems } = applyLedger([twoWays], { entries: [zero, key] }, TODAY);
    expect(checks[0]).toMatchObject({
      status: 'expected-failure',
      expectedFailure: { category: 'known-bug', source: 'behaviour.md 3.2' },
    });
    expect(problems).toEqual([]);
  });

  test('the case matcher must match: the same received text under another case is not covered', () => {
    const entryForOtherCase: LedgerEntry = { ...entry('a.b', 'HTTP'), case: 'StreamName' };
    const { checks, problems } = applyLedger([twoWays], { entries: [entryForOtherCase] }, TODAY);
    expect(checks[0]!.status).toBe('failed');
    expect(checks[0]!.reason).toContain(
      'does not match the expected-failures entry case "StreamName", match "HTTP"',
    );
    expect(problems).toEqual([
      expect.stringMatching(/a\.b is stale: it matches none of the check's 2 failures/),
    ]);
  });

  test('an entry without a case matcher matches the received text of any failure, as before', () => {
    const { checks } = applyLedger([twoWays], { entries: [entry('a.b', '/^HTTP (200|400)/')] }, TODAY);
    expect(checks[0]!.status).toBe('expected-failure');
  });

  test('an entry that matched nothing while its check failed otherwise is stale', () => {
    const { problems } = applyLedger(
      [twoWays],
      { entries: [zero, key, entry('a.b', 'InternalFailure')] },
      TODAY,
    );
    expect(problems).toEqual([expect.stringMatching(/entry for a\.b is stale: it matches none/)]);
  });

  test('a check kept from running by a setup failure (skipped) leaves its entries alone', () => {
    const blocked: CheckOutcome = { ...outcome('a.b', 'skipped'), blockedBy: [0] };
    expect(applyLedger([blocked], { entries: [zero] }, TODAY).problems).toEqual([]);
  });

  test('failures past the cap of the report are judged from their brief: one no entry covers fails the check', () => {
    const capped: CheckOutcome = {
      ...twoWays,
      moreFailures: [{ case: 'StreamName "bad name"', received: 'HTTP 400 InvalidArgumentException: bad' }],
    };
    const open = applyLedger([capped], { entries: [zero, key] }, TODAY);
    expect(open.checks[0]!.status).toBe('failed');
    expect(open.checks[0]!.received).toBe('HTTP 400 InvalidArgumentException: bad');
    expect(open.checks[0]!.moreFailures![0]!.expectedFailure).toBeUndefined();
    const stream: LedgerEntry = { ...entry('a.b', 'InvalidArgumentException'), case: 'StreamName' };
    const covered = applyLedger([capped], { entries: [zero, key, stream] }, TODAY);
    expect(covered.checks[0]!.status).toBe('expected-failure');
    expect(covered.problems).toEqual([]);
  });
});

describe('parseLedger', () => {
  const good: Ledger = { entries: [entry('put-records.x', '/Internal(Failure)?/')] };

  test('accepts a valid ledger, with or without case matchers', () => {
    expect(parseLedger(JSON.stringify(good), 'ef.json')).toEqual(good);
    const withCase: Ledger = {
      entries: [{ ...entry('put-records.x', 'HTTP 200'), case: '/^Records of 0/' }],
    };
    expect(parseLedger(JSON.stringify(withCase), 'ef.json')).toEqual(withCase);
  });

  test.each([
    ['not JSON', '{', /ef\.json: not JSON/],
    ['no entries', '{}', /must have required property 'entries'/],
    [
      'unknown category',
      JSON.stringify({ entries: [{ ...entry('a', 'b'), category: 'wontfix' }] }),
      /category must be equal to one of the allowed values/,
    ],
    [
      'a bad date',
      JSON.stringify({ entries: [{ ...entry('a', 'b'), expires: '15/06/2026' }] }),
      /expires must match pattern/,
    ],
    ['a bad regex', JSON.stringify({ entries: [entry('a', '/(/')] }), /\/entries\/0\/match/],
    [
      'a bad case regex',
      JSON.stringify({ entries: [{ ...entry('a', 'b'), case: '/[/' }] }),
      /\/entries\/0\/case/,
    ],
    [
      'an empty case',
      JSON.stringify({ entries: [{ ...entry('a', 'b'), case: '' }] }),
      /case must NOT have fewer/,
    ],
    [
      'an extra field',
      JSON.stringify({ entries: [{ ...entry('a', 'b'), note: 'x' }] }),
      /must NOT have additional properties/,
    ],
  ])('rejects %s with one line', (_name, text, message) => {
    const attempt = (): Ledger => parseLedger(text, 'ef.json');
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(message);
  });
});

describe('matcherOf', () => {
  test('plain text is a substring, not a pattern', () => {
    expect(matcherOf('a.b')('xa.by')).toBe(true);
    expect(matcherOf('a.b')('axb')).toBe(false);
  });
  test('/regex/ is a pattern', () => {
    expect(matcherOf('/a.b/')('axb')).toBe(true);
    expect(matcherOf('/^a$/')('ba')).toBe(false);
  });
});

test('isoDay is the UTC day', () => {
  expect(isoDay(new Date('2026-06-15T23:59:59-05:00'))).toBe('2026-06-16');
});
