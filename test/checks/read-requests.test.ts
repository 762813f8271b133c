import { describe, expect, test } from 'vitest';
import type { Expectation } from '../../src/checks/check.ts';
import {
  EXPIRY_WAIT_BUDGET_MS,
  expiredIteratorRejected,
  getRecordsRejected,
  getShardIteratorAccepted,
  getShardIteratorRejected,
} from '../../src/checks/read-requests.ts';
import { aws, exchange, putRecordsRequest, yds } from './fixtures.ts';

const refused: Expectation = {
  kind: 'rejected',
  status: 400,
  type: 'InvalidArgumentException',
  reason: 'AT_SEQUENCE_NUMBER without StartingSequenceNumber',
};
const iteratorRequest = {
  operation: 'GetShardIterator' as const,
  wire: 'json' as const,
  body: { ShardId: 'x' },
};
const recordsRequest = {
  operation: 'GetRecords' as const,
  wire: 'json' as const,
  body: { ShardIterator: 'x' },
};

describe('get-shard-iterator.invalid-request-rejected and get-records.invalid-request-rejected', () => {
  test('pass the documented status and type', () => {
    const ex = exchange(iteratorRequest, 400, {
      __type: 'InvalidArgumentException',
      message: 'Must either ...',
    });
    expect(
      getShardIteratorRejected.judge({ profile: aws, exchange: ex, expectation: refused }),
    ).toBeUndefined();
  });

  test('fail an accepted request, naming the case', () => {
    const ex = exchange(iteratorRequest, 200, { ShardIterator: 'AAAA' });
    const f = getShardIteratorRejected.judge({ profile: aws, exchange: ex, expectation: refused });
    expect(f?.expected).toBe(
      'HTTP 400 InvalidArgumentException for AT_SEQUENCE_NUMBER without StartingSequenceNumber',
    );
    expect(f?.received).toBe('HTTP 200 with a ShardIterator');
  });

  test('fail another error type, and a 500 with an empty body (kinesis-mock on a garbage iterator)', () => {
    const expectation: Expectation = { ...refused, reason: 'a garbage iterator' };
    const other = exchange(recordsRequest, 400, { __type: 'ValidationException', message: 'no' });
    expect(getRecordsRejected.judge({ profile: aws, exchange: other, expectation })?.received).toBe(
      'HTTP 400 ValidationException: no',
    );
    const empty = exchange(recordsRequest, 500, undefined);
    expect(getRecordsRejected.judge({ profile: aws, exchange: empty, expectation })?.received).toBe(
      'HTTP 500 with an empty body',
    );
  });

  test('judge only their own operation and only expected rejections', () => {
    const ex = exchange(recordsRequest, 200, { Records: [] });
    expect(
      getShardIteratorRejected.judge({ profile: aws, exchange: ex, expectation: refused }),
    ).toBeUndefined();
    expect(
      getRecordsRejected.judge({ profile: aws, exchange: ex, expectation: { kind: 'accepted' } }),
    ).toBeUndefined();
    const put = exchange(putRecordsRequest([{ PartitionKey: 'a' }]), 200, {});
    expect(getRecordsRejected.judge({ profile: aws, exchange: put, expectation: refused })).toBeUndefined();
  });
});

describe('get-shard-iterator.valid-request-accepted', () => {
  const accepted: Expectation = { kind: 'accepted' };
  const judge = (status: number, body: unknown) =>
    getShardIteratorAccepted.judge({
      profile: aws,
      exchange: exchange(iteratorRequest, status, body),
      expectation: accepted,
    });

  test('passes an iterator of 1 and of 512 characters', () => {
    expect(judge(200, { ShardIterator: 'A' })).toBeUndefined();
    expect(judge(200, { ShardIterator: 'A'.repeat(512) })).toBeUndefined();
  });

  test('fails a refusal (a short shard id where AWS accepts it)', () => {
    expect(
      judge(400, { __type: 'ResourceNotFoundException', message: 'Could not find shardId shardId-0' })
        ?.received,
    ).toBe('HTTP 400 ResourceNotFoundException: Could not find shardId shardId-0');
  });

  test('fails a missing, empty, over-long or non-string ShardIterator', () => {
    expect(judge(200, {})?.received).toBe('HTTP 200 with ShardIterator absent');
    expect(judge(200, { ShardIterator: '' })?.received).toBe('HTTP 200 with a ShardIterator of 0 characters');
    expect(judge(200, { ShardIterator: 'A'.repeat(513) })?.received).toBe(
      'HTTP 200 with a ShardIterator of 513 characters',
    );
    expect(judge(200, { ShardIterator: 7 })?.received).toBe('HTTP 200 with ShardIterator 7');
  });
});

describe('get-records.expired-iterator-rejected', () => {
  test('is skipped where iterators live longer than the suite waits, with the reason', () => {
    expect(expiredIteratorRejected.skipReason?.(aws)).toBe(
      'iterators live for 300 s (profile aws), longer than the 5 s the suite waits for one to expire',
    );
    expect(expiredIteratorRejected.skipReason?.(yds)).toMatch(/^iterators live for 300 s \(profile yds\)/);
  });

  test('runs where they expire within the budget, and fails an expired iterator that still reads', () => {
    const shortLived = { ...aws, iteratorTtlMs: EXPIRY_WAIT_BUDGET_MS };
    expect(expiredIteratorRejected.skipReason?.(shortLived)).toBeUndefined();
    const expectation: Expectation = {
      kind: 'rejected',
      status: 400,
      type: 'ExpiredIteratorException',
      reason: 'an iterator past its lifetime',
    };
    const read = exchange(recordsRequest, 200, {
      Records: [],
      NextShardIterator: 'x',
      MillisBehindLatest: 0,
    });
    expect(
      expiredIteratorRejected.judge({ profile: shortLived, exchange: read, expectation })?.received,
    ).toBe('HTTP 200 with 0 records');
    const expired = exchange(recordsRequest, 400, {
      __type: 'ExpiredIteratorException',
      message: 'Iterator expired.',
    });
    expect(
      expiredIteratorRejected.judge({ profile: shortLived, exchange: expired, expectation }),
    ).toBeUndefined();
  });
});
