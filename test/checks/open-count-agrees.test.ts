import { describe, expect, test } from 'vitest';
import type { HistoryFailure } from '../../src/checks/history-check.ts';
import { openCountAgrees } from '../../src/checks/open-count-agrees.ts';
import { yds } from './fixtures.ts';
import { FakeLister, listingContext, shardsOf } from './listing-fixtures.ts';

type Body = Record<string, unknown>;

describe('shards.open-count-agrees', () => {
  test('passes when the three agree with ShardCount', async () => {
    expect(openCountAgrees.judge(await listingContext(new FakeLister()))).toBeUndefined();
  });

  test('fails an OpenShardCount that disagrees with the listings', async () => {
    const lister = new FakeLister(yds, shardsOf(4), undefined, (op, _req, answer) =>
      op === 'DescribeStreamSummary'
        ? { StreamDescriptionSummary: { ...(answer['StreamDescriptionSummary'] as Body), OpenShardCount: 3 } }
        : answer,
    );
    const failure = openCountAgrees.judge(await listingContext(lister)) as HistoryFailure;
    expect(failure.received).toBe('OpenShardCount 3');
    expect(failure.evidence.request.operation).toBe('DescribeStreamSummary');
  });

  test('fails a DescribeStream that marks an open shard closed', async () => {
    const lister = new FakeLister(yds, shardsOf(4), undefined, (op, _req, answer) => {
      if (op !== 'DescribeStream') return answer;
      const d = answer['StreamDescription'] as Body;
      const shards = (d['Shards'] as Body[]).map((s, i) =>
        i === 0
          ? { ...s, SequenceNumberRange: { StartingSequenceNumber: '1', EndingSequenceNumber: '2' } }
          : s,
      );
      return { StreamDescription: { ...d, Shards: shards } };
    });
    const failure = openCountAgrees.judge(await listingContext(lister)) as HistoryFailure;
    expect(failure.expected).toMatch(/^4 open shards in DescribeStream/);
    expect(failure.received).toBe('3');
  });
});
