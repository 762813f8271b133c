import { describe, expect, test } from 'vitest';
import { hashRangesSplit } from '../../src/checks/hash-ranges-split.ts';
import type { HistoryFailure } from '../../src/checks/history-check.ts';
import { splitHashRange } from '../../src/protocol/hash-key.ts';
import { aws } from './fixtures.ts';
import { FakeLister, listingContext, shardsOf } from './listing-fixtures.ts';

describe('shards.hash-ranges-split', () => {
  test('passes the profile boundaries', async () => {
    expect(
      hashRangesSplit.judge(await listingContext(new FakeLister(aws, shardsOf(4, aws)))),
    ).toBeUndefined();
  });

  test("fails kinesis-mock's floor((2^128 - 1) / n) boundaries under the aws profile (n = 4)", async () => {
    const km = splitHashRange(4, 'pow128minus1').map((r, i) => ({ ...shardsOf(4)[i]!, ...r }));
    const failure = hashRangesSplit.judge(await listingContext(new FakeLister(aws, km))) as HistoryFailure;
    expect(failure.checkId).toBe('shards.hash-ranges-split');
    expect(failure.expected).toMatch(/floor\(2\^128 \/ n\) apart\)$/);
    expect(failure.received).toMatch(/^0\.\.85070591730234615865843651857942052862, /);
  });
});
