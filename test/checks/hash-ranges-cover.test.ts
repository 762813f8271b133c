import { describe, expect, test } from 'vitest';
import { hashRangesCover } from '../../src/checks/hash-ranges-cover.ts';
import type { HistoryFailure } from '../../src/checks/history-check.ts';
import { yds } from './fixtures.ts';
import { FakeLister, listingContext, shardsOf } from './listing-fixtures.ts';

type Body = Record<string, unknown>;

describe('shards.hash-ranges-cover', () => {
  test('passes a stream whose open shards cover every key', async () => {
    expect(hashRangesCover.judge(await listingContext(new FakeLister()))).toBeUndefined();
  });

  test('fails a DescribeStream whose shard ranges leave a gap', async () => {
    const lister = new FakeLister(yds, shardsOf(4), undefined, (op, _req, answer) => {
      if (op !== 'DescribeStream') return answer;
      const d = answer['StreamDescription'] as Body;
      const shards = (d['Shards'] as Body[]).map((s) =>
        s['ShardId'] === 'shardId-000000000001'
          ? {
              ...s,
              HashKeyRange: {
                ...(s['HashKeyRange'] as Body),
                EndingHashKey: '170141183460469231731687303715884105726',
              },
            }
          : s,
      );
      return { StreamDescription: { ...d, Shards: shards } };
    });
    const failure = hashRangesCover.judge(await listingContext(lister)) as HistoryFailure;
    expect(failure.expected).toMatch(/^the open shards DescribeStream lists/);
    expect(failure.received).toMatch(
      /^a gap: shardId-000000000001 ends at 170141183460469231731687303715884105726, shardId-000000000002 starts at 170141183460469231731687303715884105728$/,
    );
  });

  test('judges open shards only: a closed parent overlapping its children is fine', async () => {
    const [whole] = shardsOf(1);
    const halves = shardsOf(2).map((s, i) => ({
      ...s,
      shardId: `shardId-00000000000${i + 1}`,
      parentShardId: whole!.shardId,
    }));
    const lister = new FakeLister(yds, [{ ...whole!, endingSequenceNumber: '49999' }, ...halves]);
    expect(hashRangesCover.judge(await listingContext(lister, 3))).toBeUndefined();
  });
});
