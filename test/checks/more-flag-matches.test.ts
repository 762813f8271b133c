import { describe, expect, test } from 'vitest';
import type { HistoryFailure } from '../../src/checks/history-check.ts';
import {
  describeStreamHasMoreShardsMatches,
  listShardsNextTokenMatches,
  listStreamsHasMoreStreamsMatches,
} from '../../src/checks/more-flag-matches.ts';
import { yds } from './fixtures.ts';
import { FakeLister, listingContext, shardsOf, type Fault } from './listing-fixtures.ts';

type Body = Record<string, unknown>;

async function judge(check: typeof listShardsNextTokenMatches, fault: Fault) {
  return check.judge(
    await listingContext(new FakeLister(yds, shardsOf(4), undefined, fault)),
  ) as HistoryFailure;
}

describe('list-shards.next-token-matches, describe-stream.has-more-shards-matches, list-streams.has-more-streams-matches', () => {
  const checks = [
    listShardsNextTokenMatches,
    describeStreamHasMoreShardsMatches,
    listStreamsHasMoreStreamsMatches,
  ];

  test('pass flags that say exactly when more remain', async () => {
    const ctx = await listingContext(new FakeLister());
    for (const check of checks) expect(check.judge(ctx)).toBeUndefined();
  });

  test('ListShards: fails a NextToken on a page that listed every shard (MaxResults n)', async () => {
    const failure = await judge(listShardsNextTokenMatches, (op, req, answer) =>
      op === 'ListShards' && req['MaxResults'] === 4 && !req['NextToken']
        ? { ...answer, NextToken: '4' }
        : answer,
    );
    expect(failure.checkId).toBe('list-shards.next-token-matches');
    expect(failure.expected).toMatch(/page 1: no NextToken, as no item remained$/);
    expect(failure.received).toBe('a NextToken, and the following page(s) listed nothing');
  });

  test('ListShards: fails a page without NextToken while shards remain', async () => {
    const failure = await judge(listShardsNextTokenMatches, (op, req, answer) =>
      op === 'ListShards' && req['MaxResults'] === 3 ? { Shards: answer['Shards'] } : answer,
    );
    expect(failure.expected).toMatch(/NextToken saying more remain \(shardId-000000000003 not listed yet\)$/);
    expect(failure.received).toBe('no NextToken');
  });

  test('DescribeStream: fails an answer without HasMoreShards (a required member)', async () => {
    const failure = await judge(describeStreamHasMoreShardsMatches, (op, _req, answer) => {
      if (op !== 'DescribeStream') return answer;
      const { HasMoreShards: _, ...rest } = answer['StreamDescription'] as Body;
      return { StreamDescription: rest };
    });
    expect(failure.expected).toMatch(/HasMoreShards true or false$/);
    expect(failure.received).toBe('no HasMoreShards');
  });

  test('DescribeStream: fails HasMoreShards true after the last shard', async () => {
    const failure = await judge(describeStreamHasMoreShardsMatches, (op, req, answer) => {
      const d = answer['StreamDescription'] as Body;
      return op === 'DescribeStream' && req['Limit'] === 4 && !req['ExclusiveStartShardId']
        ? { StreamDescription: { ...d, HasMoreShards: true } }
        : answer;
    });
    expect(failure.received).toBe('HasMoreShards true, and the following page(s) listed nothing');
  });

  test('ListStreams: fails HasMoreStreams false before every stream was listed', async () => {
    const failure = await judge(listStreamsHasMoreStreamsMatches, (op, req, answer) =>
      op === 'ListStreams' && req['Limit'] === 2 ? { ...answer, HasMoreStreams: false } : answer,
    );
    expect(failure.checkId).toBe('list-streams.has-more-streams-matches');
    expect(failure.received).toBe('HasMoreStreams false');
  });
});
