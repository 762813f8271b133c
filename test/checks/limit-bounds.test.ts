import { describe, expect, test } from 'vitest';
import {
  describeStreamLimitBounds,
  listShardsMaxResultsBounds,
  listStreamsLimitBounds,
} from '../../src/checks/limit-bounds.ts';
import type { ListingOperation } from '../../src/checks/listing-view.ts';
import type { Profile } from '../../src/profiles/profile.ts';
import { aws, context, exchange, yds } from './fixtures.ts';

const OK = {
  ListShards: { Shards: [] },
  DescribeStream: { StreamDescription: {} },
  ListStreams: { StreamNames: [], HasMoreStreams: false },
};
const CASES = [
  ['ListShards', 'MaxResults', listShardsMaxResultsBounds],
  ['DescribeStream', 'Limit', describeStreamLimitBounds],
  ['ListStreams', 'Limit', listStreamsLimitBounds],
] as const;

function judge(
  profile: Profile,
  op: ListingOperation,
  member: string,
  value: number,
  answer: 'ok' | 'validation' | 'invalid-argument',
) {
  const check = CASES.find((c) => c[0] === op)![2];
  const body =
    answer === 'ok'
      ? OK[op]
      : {
          __type: answer === 'validation' ? 'ValidationException' : 'InvalidArgumentException',
          message: 'x',
        };
  const ex = exchange(
    { operation: op, wire: 'json', body: { StreamName: 's', [member]: value } },
    answer === 'ok' ? 200 : 400,
    body,
  );
  return check.judge(context(profile, ex));
}

describe('list-shards.max-results-bounds, describe-stream.limit-bounds, list-streams.limit-bounds', () => {
  test.each(CASES)('%s: %s 1 and 10000 served, 0 and 10001 refused with the profile error', (op, member) => {
    for (const value of [1, 10_000]) expect(judge(aws, op, member, value, 'ok')).toBeUndefined();
    for (const value of [0, 10_001]) {
      expect(judge(aws, op, member, value, 'validation')).toBeUndefined();
      expect(judge(yds, op, member, value, 'invalid-argument')).toBeUndefined();
    }
  });

  test.each(CASES)('%s: fails %s 0 served', (op, member) => {
    const failure = judge(aws, op, member, 0, 'ok')!;
    expect(failure.expected).toBe(`HTTP 400 ValidationException for ${member} 0 (outside 1..10000)`);
    expect(failure.received).toMatch(/^HTTP 200/);
  });

  test.each(CASES)('%s: fails %s 10000 refused', (op, member) => {
    const failure = judge(aws, op, member, 10_000, 'validation')!;
    expect(failure.expected).toBe(`${member} 10000 accepted (within 1..10000)`);
    expect(failure.received).toBe('HTTP 400 ValidationException: x');
  });

  test('fails a refusal with another error than the profile documents', () => {
    const failure = judge(aws, 'ListShards', 'MaxResults', 10_001, 'invalid-argument')!;
    expect(failure.checkId).toBe('list-shards.max-results-bounds');
    expect(failure.received).toBe('HTTP 400 InvalidArgumentException: x');
  });

  test('looks only at its own operation', () => {
    const ex = exchange({ operation: 'ListStreams', wire: 'json', body: { Limit: 0 } }, 200, OK.ListStreams);
    expect(listShardsMaxResultsBounds.judge(context(aws, ex))).toBeUndefined();
    expect(listStreamsLimitBounds.judge(context(aws, ex))).toBeDefined();
  });
});
