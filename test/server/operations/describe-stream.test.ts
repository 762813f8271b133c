/**
 * DescribeStream in both profiles: closed shards with their lineage and EndingSequenceNumber, paging with
 * Limit (n-1, n, n+1, and AWS-M's cap of 100 per call) and ExclusiveStartShardId, and each lifecycle state.
 */
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../../src/profiles/index.ts';
import { call, expectError, expectViolations, violation, type ApiResponse } from '../../helpers/api.ts';
import { PROFILE_NAMES, useServers } from './fixtures.ts';
import { shardId, type DescribedShard } from './shards.ts';

interface DescribeStreamOutput {
  readonly StreamDescription: {
    StreamStatus: string;
    StreamModeDetails: { StreamMode: string };
    Shards: DescribedShard[];
    HasMoreShards: boolean;
  };
}

describe.each(PROFILE_NAMES)('DescribeStream (%s profile)', (name) => {
  const profile = PROFILES[name];
  const L = profile.streams.listing;
  const server = useServers(name);
  const describeStream = (
    body: Record<string, unknown>,
    url = server.url,
  ): Promise<ApiResponse<DescribeStreamOutput>> => call<DescribeStreamOutput>(url, 'DescribeStream', body);
  const ids = (res: ApiResponse<DescribeStreamOutput>): string[] =>
    res.body.StreamDescription.Shards.map((s) => s.ShardId);

  it('lists closed shards with EndingSequenceNumber and the children with their parents', async () => {
    const stream = await server.fresh(2);
    expect(
      (
        await call(server.url, 'MergeShards', {
          StreamName: stream,
          ShardToMerge: '0',
          AdjacentShardToMerge: '1',
        })
      ).status,
    ).toBe(200);
    const res = await describeStream({ StreamName: stream });
    const shards = res.body.StreamDescription.Shards;
    expect(shards.map((s) => [s.ShardId, s.ParentShardId, s.AdjacentParentShardId])).toEqual([
      [shardId(0), undefined, undefined],
      [shardId(1), undefined, undefined],
      [shardId(2), shardId(0), shardId(1)],
    ]);
    for (const closed of shards.slice(0, 2)) {
      const range = closed.SequenceNumberRange;
      expect(BigInt(range.EndingSequenceNumber!) > BigInt(range.StartingSequenceNumber)).toBe(true);
    }
    expect(shards[2]!.SequenceNumberRange.EndingSequenceNumber).toBeUndefined();
    expect(res.body.StreamDescription.StreamModeDetails).toEqual({ StreamMode: 'PROVISIONED' });
  });

  describe('paging', () => {
    it(`lists at most ${L.describeStreamPage} shards per call, by default and when asked for more`, async () => {
      const stream = await server.fresh(L.describeStreamPage + 1);
      for (const body of [{ StreamName: stream }, { StreamName: stream, Limit: L.maxLimit }]) {
        const res = await describeStream(body);
        expect(res.body.StreamDescription.Shards).toHaveLength(L.describeStreamPage);
        expect(res.body.StreamDescription.HasMoreShards).toBe(true);
      }
      const rest = await describeStream({
        StreamName: stream,
        ExclusiveStartShardId: shardId(L.describeStreamPage - 1),
      });
      expect(ids(rest)).toEqual([shardId(L.describeStreamPage)]);
      expect(rest.body.StreamDescription.HasMoreShards).toBe(false);
    });

    it(`takes Limit 1 and ${L.maxLimit}, and refuses 0 and ${L.maxLimit + 1}`, async () => {
      const stream = await server.fresh(2);
      const one = await describeStream({ StreamName: stream, Limit: 1 });
      expect([ids(one), one.body.StreamDescription.HasMoreShards]).toEqual([[shardId(0)], true]);
      expect(ids(await describeStream({ StreamName: stream, Limit: L.maxLimit }))).toEqual([
        shardId(0),
        shardId(1),
      ]);
      expectViolations(await describeStream({ StreamName: stream, Limit: 0 }), profile, [
        violation('0', 'limit', 'Member must have value greater than or equal to 1'),
      ]);
      expectViolations(await describeStream({ StreamName: stream, Limit: L.maxLimit + 1 }), profile, [
        violation(
          String(L.maxLimit + 1),
          'limit',
          `Member must have value less than or equal to ${L.maxLimit}`,
        ),
      ]);
    });

    it('refuses an ExclusiveStartShardId that names no shard of the stream', async () => {
      const stream = await server.fresh(1);
      expectError(
        await describeStream({ StreamName: stream, ExclusiveStartShardId: shardId(5) }),
        profile.errors.resourceNotFound,
      );
    });
  });

  describe('in each lifecycle state', () => {
    it('describes a CREATING stream without shards (KL-T createStream, V-AWS historical)', async () => {
      const { url, name: stream } = server.states.CREATING;
      const res = await describeStream({ StreamName: stream }, url);
      expect(res.body.StreamDescription.StreamStatus).toBe('CREATING');
      expect(res.body.StreamDescription.Shards).toEqual([]);
    });

    it.each(['UPDATING', 'DELETING'] as const)(
      'describes a %s stream with the shards it has',
      async (state) => {
        const { url, name: stream } = server.states[state];
        const res = await describeStream({ StreamName: stream }, url);
        expect(res.body.StreamDescription.StreamStatus).toBe(state);
        expect(ids(res)).toEqual([shardId(0), shardId(1)]);
      },
    );
  });
});
