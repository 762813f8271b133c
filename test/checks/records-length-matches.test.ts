import { describe, expect, test } from 'vitest';
import { recordsLengthMatches } from '../../src/checks/records-length-matches.ts';
import { context, correctResult, exchange, putRecordsRequest, yds } from './fixtures.ts';

const sent = [{ PartitionKey: 'a' }, { PartitionKey: 'b' }, { PartitionKey: 'c' }];
const request = putRecordsRequest(sent);
const body = correctResult(yds, sent, () => 'shardId-000000000000');
const entries = body['Records'] as unknown[];

describe('put-records.records-length-matches', () => {
  test('passes one entry per record', () => {
    expect(recordsLengthMatches.judge(context(yds, exchange(request, 200, body)))).toBeUndefined();
  });

  test('fails one entry short, and one too many', () => {
    const short = recordsLengthMatches.judge(
      context(yds, exchange(request, 200, { ...body, Records: entries.slice(1) })),
    );
    expect(short).toMatchObject({
      expected: expect.stringContaining('3 result entries'),
      received: '2 result entries',
    });
    expect(
      recordsLengthMatches.judge(
        context(yds, exchange(request, 200, { ...body, Records: [...entries, entries[0]] })),
      ),
    ).toBeDefined();
  });

  test('does not judge error answers (nothing was written)', () => {
    expect(
      recordsLengthMatches.judge(context(yds, exchange(request, 400, { __type: 'X', Records: [] }))),
    ).toBeUndefined();
  });
});
