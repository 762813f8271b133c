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

describe('parseLedger', () => {
  const good: Ledger = { entries: [entry('put-records.x', '/Internal(Failure)?/')] };

  test('accepts a valid ledger', () => {
    expect(parseLedger(JSON.stringify(good), 'ef.json')).toEqual(good);
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
