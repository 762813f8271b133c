import { describe, expect, test } from 'vitest';
import { isCannotJudge, type HistoryFailure } from '../../src/checks/history-check.ts';
import {
  describeStreamPagesComplete,
  listShardsPagesComplete,
  listStreamsPagesComplete,
} from '../../src/checks/pages-complete.ts';
import { aws, yds } from './fixtures.ts';
import { FakeLister, listingContext, RUN_STREAMS, shardsOf, type Fault } from './listing-fixtures.ts';

const CHECKS = [listShardsPagesComplete, describeStreamPagesComplete, listStreamsPagesComplete];

async function judge(check: (typeof CHECKS)[number], fault?: Fault) {
  return check.judge(await listingContext(new FakeLister(yds, shardsOf(4), undefined, fault)));
}

type Body = Record<string, unknown>;
const shardsIn = (b: Body): Body[] => b['Shards'] as Body[];
const description = (b: Body): Body => b['StreamDescription'] as Body;
/** The shard listed last before a NextToken of the fake lister (the token is the next shard's index). */
const previous = (token: unknown): string => `shardId-${String(Number(token) - 1).padStart(12, '0')}`;

describe('list-shards.pages-complete, describe-stream.pages-complete, list-streams.pages-complete', () => {
  test.each([
    ['yds', yds],
    ['aws', aws],
  ] as const)('pass a target that pages correctly (profile %s)', async (_, profile) => {
    const ctx = await listingContext(new FakeLister(profile, shardsOf(4, profile)));
    for (const check of CHECKS) expect(check.judge(ctx)).toBeUndefined();
  });

  test('ListShards: fails a NextToken page that repeats the last shard of the page before', async () => {
    const failure = (await judge(listShardsPagesComplete, (op, req, answer) =>
      op === 'ListShards' && typeof req['NextToken'] === 'string'
        ? {
            ...answer,
            Shards: [{ ...shardsIn(answer)[0]!, ShardId: previous(req['NextToken']) }, ...shardsIn(answer)],
          }
        : answer,
    )) as HistoryFailure;
    expect(failure.checkId).toBe('list-shards.pages-complete');
    expect(failure.received).toMatch(/^shardId-\d+ listed twice \(pages \d and \d\)$/);
  });

  test('ListShards: fails a walk by ExclusiveStartShardId that skips a shard', async () => {
    const failure = (await judge(listShardsPagesComplete, (op, req, answer) =>
      op === 'ListShards' &&
      req['ExclusiveStartShardId'] === 'shardId-000000000000' &&
      req['MaxResults'] === 1
        ? { Shards: [] }
        : answer,
    )) as HistoryFailure;
    expect(failure.received).toMatch(/not listed in \d page\(s\)/);
  });

  test('ListShards: fails a reference listing that lacks a shard', async () => {
    const failure = (await judge(listShardsPagesComplete, (op, req, answer) =>
      op === 'ListShards' &&
      req['MaxResults'] === 10_000 &&
      !req['ShardFilter'] &&
      !req['ExclusiveStartShardId']
        ? { Shards: shardsIn(answer).slice(1) }
        : answer,
    )) as HistoryFailure;
    expect(failure.expected).toMatch(/listing 4 distinct shards$/);
    expect(failure.received).toMatch(/^3 listed: /);
  });

  test('ListShards: fails a page that lists a shard before ExclusiveStartShardId', async () => {
    const failure = (await judge(listShardsPagesComplete, (op, req, answer) =>
      op === 'ListShards' &&
      req['ExclusiveStartShardId'] === 'shardId-000000000000' &&
      req['MaxResults'] === 2
        ? {
            ...answer,
            Shards: [{ ...shardsIn(answer)[0]!, ShardId: 'shardId-000000000000' }, ...shardsIn(answer)],
          }
        : answer,
    )) as HistoryFailure;
    expect(failure.received).toBe('shardId-000000000000 on page 1, which is not after shardId-000000000000');
  });

  test('ListShards: fails a page answered with an error', async () => {
    const failure = (await judge(listShardsPagesComplete, (op, req, answer) =>
      op === 'ListShards' && typeof req['NextToken'] === 'string'
        ? { status: 400, body: { __type: 'InvalidArgumentException', message: 'Invalid NextToken.' } }
        : answer,
    )) as HistoryFailure;
    expect(failure.received).toBe('page 2: HTTP 400');
    expect(failure.evidence.status).toBe(400);
  });

  test('DescribeStream: fails a target whose ExclusiveStartShardId is inclusive', async () => {
    const failure = (await judge(describeStreamPagesComplete, (op, req, answer) =>
      op === 'DescribeStream' && typeof req['ExclusiveStartShardId'] === 'string'
        ? {
            StreamDescription: {
              ...description(answer),
              Shards: [
                {
                  ShardId: req['ExclusiveStartShardId'],
                  HashKeyRange: { StartingHashKey: '0', EndingHashKey: '1' },
                },
                ...(description(answer)['Shards'] as Body[]),
              ],
            },
          }
        : answer,
    )) as HistoryFailure;
    expect(failure.checkId).toBe('describe-stream.pages-complete');
    expect(failure.received).toMatch(/^shardId-\d+ listed twice/);
  });

  test('DescribeStream cannot be judged when ListShards does not list the stream', async () => {
    const verdict = await judge(describeStreamPagesComplete, (op, req, answer) =>
      op === 'ListShards' && req['MaxResults'] === 10_000 && !req['ShardFilter'] ? { Shards: [] } : answer,
    );
    expect(isCannotJudge(verdict)).toBe(true);
  });

  test("ListStreams: fails a target that skips one of the run's streams between pages", async () => {
    const failure = (await judge(listStreamsPagesComplete, (op, req, answer) =>
      op === 'ListStreams' && req['Limit'] === 3
        ? { ...answer, StreamNames: (answer['StreamNames'] as string[]).filter((n) => n !== RUN_STREAMS[1]) }
        : answer,
    )) as HistoryFailure;
    expect(failure.checkId).toBe('list-streams.pages-complete');
    expect(failure.received).toMatch(new RegExp(`^${RUN_STREAMS[1]} not listed`));
  });

  test('ListStreams: other streams of the account are neither required nor refused, but never twice', async () => {
    const ctx = await listingContext(
      new FakeLister(yds, shardsOf(4), [...RUN_STREAMS, 'kcs-test-shards-other'].sort()),
    );
    expect(listStreamsPagesComplete.judge(ctx)).toBeUndefined();
    const failure = (await judge(listStreamsPagesComplete, (op, _req, answer) =>
      op === 'ListStreams'
        ? { ...answer, StreamNames: [...(answer['StreamNames'] as string[]), 'zzz-other'] }
        : answer,
    )) as HistoryFailure;
    expect(failure.received).toMatch(/^zzz-other listed twice/);
  });
});
