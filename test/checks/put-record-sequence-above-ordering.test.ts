import { describe, expect, test } from 'vitest';
import { putRecordSequenceAboveOrdering } from '../../src/checks/put-record-sequence-above-ordering.ts';
import { context, exchange, yds } from './fixtures.ts';
import { putRecordAnswer, putRecordRequest } from './put-record-fixtures.ts';

const previous = '49590338271490256608559692538361571095921575989136588898';
const judge = (ordering: string | undefined, sequenceNumber: string) =>
  putRecordSequenceAboveOrdering.judge(
    context(
      yds,
      exchange(
        putRecordRequest({
          PartitionKey: 'a',
          ...(ordering !== undefined ? { SequenceNumberForOrdering: ordering } : {}),
        }),
        200,
        putRecordAnswer('shardId-000000000001', sequenceNumber),
      ),
    ),
  );

describe('put-record.sequence-above-ordering', () => {
  test('passes a sequence number above the one given', () => {
    expect(judge(previous, String(BigInt(previous) + 1n))).toBeUndefined();
    // Compared as numbers: more digits is more.
    expect(judge('99', '100')).toBeUndefined();
  });

  test('fails a sequence number equal to or below the one given', () => {
    expect(judge(previous, previous)).toMatchObject({
      expected: `a SequenceNumber above the SequenceNumberForOrdering ${previous}`,
      received: `SequenceNumber ${previous} in shardId-000000000001`,
    });
    expect(judge(previous, '5')).toBeDefined();
    // Compared as numbers, not as text: '100' sorts before '99'.
    expect(judge('100', '99')).toBeDefined();
  });

  test('does not judge without a well-formed SequenceNumberForOrdering or a decimal answer', () => {
    expect(judge(undefined, '1')).toBeUndefined();
    expect(judge('01', '0')).toBeUndefined();
    expect(judge(previous, 'abc')).toBeUndefined();
  });
});
