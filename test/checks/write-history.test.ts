import { describe, expect, test } from 'vitest';
import { copiesAllowed, contentKey, outcomesOf, type WriteCall } from '../../src/checks/write-history.ts';
import { FakeTarget, record, writeRequest } from './history-fixtures.ts';
import { exchange } from './fixtures.ts';

const records = [record(), record(), record()];
const answered = (
  status: number,
  body: unknown,
  operation: 'PutRecords' | 'PutRecord' = 'PutRecords',
): WriteCall => ({
  writer: 'w0',
  operation,
  records: operation === 'PutRecord' ? records.slice(0, 1) : records,
  exchange: exchange(
    writeRequest(operation, operation === 'PutRecord' ? records.slice(0, 1) : records, 'json'),
    status,
    body,
  ),
});

describe('outcomesOf', () => {
  test('reads each entry: written, failed, or unknown when it says neither', () => {
    const call = answered(200, {
      FailedRecordCount: 1,
      Records: [
        { SequenceNumber: '12', ShardId: 'shardId-000000000000' },
        { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded' },
        { SequenceNumber: 'x', ShardId: 'shardId-000000000000' },
      ],
    });
    expect(outcomesOf(call)).toEqual([
      { kind: 'written', shardId: 'shardId-000000000000', sequenceNumber: '12' },
      {
        kind: 'failed',
        errorCode: 'ProvisionedThroughputExceededException',
        errorMessage: 'Rate exceeded',
        perRecord: true,
      },
      {
        kind: 'unknown',
        reason: 'result entry 2 has neither a ShardId with a SequenceNumber nor an ErrorCode',
      },
    ]);
  });

  test('a missing entry, a 5xx and no answer at all may have been written', () => {
    expect(outcomesOf(answered(200, { FailedRecordCount: 0, Records: [] })).map((o) => o.kind)).toEqual([
      'unknown',
      'unknown',
      'unknown',
    ]);
    expect(outcomesOf(answered(500, { __type: 'InternalFailure' }))[0]).toEqual({
      kind: 'unknown',
      reason: 'HTTP 500',
    });
    expect(
      outcomesOf({ writer: 'w0', operation: 'PutRecords', records, transportError: 'ECONNRESET' })[2],
    ).toEqual({
      kind: 'unknown',
      reason: 'no answer (ECONNRESET)',
    });
  });

  test('a 4xx is a whole-request failure; a PutRecord 200 is a write', () => {
    expect(
      outcomesOf(answered(400, { __type: 'ns#ProvisionedThroughputExceededException', message: 'm' }))[1],
    ).toEqual({
      kind: 'failed',
      errorCode: 'ProvisionedThroughputExceededException',
      errorMessage: 'm',
      perRecord: false,
    });
    expect(outcomesOf(answered(200, { SequenceNumber: '5', ShardId: 's' }, 'PutRecord'))).toEqual([
      { kind: 'written', shardId: 's', sequenceNumber: '5' },
    ]);
  });

  test('copiesAllowed counts acknowledged and possible copies per content; failed ones may not be there', () => {
    const target = new FakeTarget({ capacity: 1 });
    const [a, b] = [record('same'), record('same')];
    const calls = [
      target.putRecords([a, b]),
      { writer: 'w1', operation: 'PutRecords' as const, records: [b], transportError: 't' },
    ];
    const allowed = copiesAllowed(calls);
    expect(allowed.get(contentKey(a.partitionKey, a.data))).toEqual({ acknowledged: 1, atMost: 1 });
    expect(allowed.get(contentKey(b.partitionKey, b.data))).toEqual({ acknowledged: 0, atMost: 1 });
  });
});
