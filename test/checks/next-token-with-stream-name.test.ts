import { describe, expect, test } from 'vitest';
import { nextTokenWithStreamName } from '../../src/checks/next-token-with-stream-name.ts';
import { aws, context, exchange, yds } from './fixtures.ts';

const request = (body: Record<string, unknown>) => ({
  operation: 'ListShards' as const,
  wire: 'json' as const,
  body,
});
const both = request({ StreamName: 's', NextToken: 'AAAA' });
const refused = {
  __type: 'InvalidArgumentException',
  message: 'NextToken and StreamName cannot be provided together.',
};

describe('list-shards.next-token-with-stream-name', () => {
  test.each([yds, aws])('passes the refusal with InvalidArgumentException', (profile) => {
    expect(nextTokenWithStreamName.judge(context(profile, exchange(both, 400, refused)))).toBeUndefined();
  });

  test('fails a target that serves the request', () => {
    const failure = nextTokenWithStreamName.judge(context(aws, exchange(both, 200, { Shards: [] })))!;
    expect(failure.expected).toBe(
      'HTTP 400 InvalidArgumentException for a ListShards request with both NextToken and StreamName',
    );
    expect(failure.received).toMatch(/^HTTP 200/);
  });

  test('fails a refusal with another error (YDB code answers InvalidParameterCombination)', () => {
    const other = {
      __type: 'InvalidParameterCombination',
      message: 'StreamName and NextToken can not be provided together',
    };
    expect(nextTokenWithStreamName.judge(context(yds, exchange(both, 400, other)))!.received).toMatch(
      /^HTTP 400 InvalidParameterCombination/,
    );
  });

  test('ignores requests with only one of the two', () => {
    for (const body of [{ StreamName: 's' }, { NextToken: 'AAAA' }])
      expect(
        nextTokenWithStreamName.judge(context(aws, exchange(request(body), 200, { Shards: [] }))),
      ).toBeUndefined();
  });
});
