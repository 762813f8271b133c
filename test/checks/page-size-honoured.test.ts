import { describe, expect, test } from 'vitest';
import type { HistoryFailure } from '../../src/checks/history-check.ts';
import {
  describeStreamPageSizeHonoured,
  listShardsPageSizeHonoured,
  listStreamsPageSizeHonoured,
} from '../../src/checks/page-size-honoured.ts';
import { yds } from './fixtures.ts';
import { FakeLister, listingContext, shardsOf, type Fault } from './listing-fixtures.ts';

type Body = Record<string, unknown>;

/** Answers a Limit / MaxResults of 1 with one item too many (the next one of the full listing). */
const onePageTooLong: Fault = (op, req, answer) => {
  if (op === 'ListShards' && req['MaxResults'] === 1) {
    const shards = answer['Shards'] as Body[];
    return { ...answer, Shards: [...shards, { ...shards[0]!, ShardId: 'shardId-999999999999' }] };
  }
  if (op === 'DescribeStream' && req['Limit'] === 1) {
    const d = answer['StreamDescription'] as Body;
    const shards = d['Shards'] as Body[];
    return {
      StreamDescription: { ...d, Shards: [...shards, { ...shards[0]!, ShardId: 'shardId-999999999999' }] },
    };
  }
  if (op === 'ListStreams' && req['Limit'] === 1)
    return { ...answer, StreamNames: [...(answer['StreamNames'] as string[]), 'zzz-extra'] };
  return answer;
};

describe('list-shards.page-size-honoured, describe-stream.page-size-honoured, list-streams.page-size-honoured', () => {
  const checks = [listShardsPageSizeHonoured, describeStreamPageSizeHonoured, listStreamsPageSizeHonoured];

  test('pass pages within their limits', async () => {
    const ctx = await listingContext(new FakeLister());
    for (const check of checks) expect(check.judge(ctx)).toBeUndefined();
  });

  test.each(checks.map((c) => [c.id, c] as const))(
    '%s fails a page one item over a Limit of 1',
    async (_, check) => {
      const ctx = await listingContext(new FakeLister(yds, shardsOf(4), undefined, onePageTooLong));
      const failure = check.judge(ctx) as HistoryFailure;
      expect(failure.checkId).toBe(check.id);
      expect(failure.expected).toMatch(/at most 1 item\(s\) per page \((MaxResults|Limit) 1\)$/);
      expect(failure.received).toBe('2 on page 1');
    },
  );

  test('a Limit above the documented page is held to the page: DescribeStream gives at most 100', async () => {
    // The fake lister does not cap its pages: 119 shards (n - 1) come in one page.
    const ctx = await listingContext(new FakeLister(yds, shardsOf(120)));
    const failure = describeStreamPageSizeHonoured.judge(ctx) as HistoryFailure;
    expect(failure.expected).toMatch(/Limit 119: at most 100 item\(s\) per page \(Limit 119\)$/);
    expect(failure.received).toBe('119 on page 1');
  });

  test('no Limit: a page is held to the default page', async () => {
    const ctx = await listingContext(new FakeLister());
    // A target whose default page is every shard.
    const every = await new FakeLister(yds, shardsOf(120)).call('DescribeStream', {
      StreamName: ctx.stream,
      Limit: 120,
    });
    const page = { ...every, request: { ...every.request, body: { StreamName: ctx.stream } } };
    const walk = { name: 'no Limit', operation: 'DescribeStream' as const, pages: [page] };
    const failure = describeStreamPageSizeHonoured.judge({ ...ctx, walks: [walk] }) as HistoryFailure;
    expect(failure.expected).toMatch(/at most 100 item\(s\) per page \(the default page\)$/);
    expect(failure.received).toBe('120 on page 1');
  });
});
