/**
 * MergeShards in both profiles: the child and its two parents, the adjacency rule (ShardToMerge right below
 * AdjacentShardToMerge, KL-T mergeShards, V-AWS historical), shard ids, closed shards, ON_DEMAND streams,
 * the shard limit (a merge needs none), and the answer in each lifecycle state.
 */
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../../src/profiles/index.ts';
import { call, expectMessage, expectViolations, violation } from '../../helpers/api.ts';
import {
  ACCOUNT,
  byArn,
  expectByArn,
  refusesOnDemand,
  refusesUnlessActive,
  operationServer,
  PROFILE_NAMES,
  streamArn,
  useServers,
} from './fixtures.ts';
import { describeShards, openOf, shardId } from './shards.ts';

describe.each(PROFILE_NAMES)('MergeShards (%s profile)', (name) => {
  const profile = PROFILES[name];
  const ERR = profile.errors;
  const server = useServers(name);
  const merge = (body: unknown, url = server.url): ReturnType<typeof call> => call(url, 'MergeShards', body);

  it('closes both shards and opens one child over both ranges, naming both parents', async () => {
    const stream = await server.fresh(3);
    const before = await describeShards(server.url, stream);
    const res = await merge({
      StreamName: stream,
      ShardToMerge: shardId(0),
      AdjacentShardToMerge: shardId(1),
    });
    expect(res.status, res.text).toBe(200);
    expect(res.raw.length).toBe(0);
    const after = await describeShards(server.url, stream);
    expect(after).toHaveLength(4);
    expect(after[3]).toMatchObject({
      ShardId: shardId(3),
      ParentShardId: shardId(0),
      AdjacentParentShardId: shardId(1),
      HashKeyRange: {
        StartingHashKey: before[0]!.HashKeyRange.StartingHashKey,
        EndingHashKey: before[1]!.HashKeyRange.EndingHashKey,
      },
    });
    expect(openOf(after).map((s) => s.ShardId)).toEqual([shardId(2), shardId(3)]);
    const put = await call<{ ShardId: string }>(server.url, 'PutRecord', {
      StreamName: stream,
      PartitionKey: 'k',
      ExplicitHashKey: before[1]!.HashKeyRange.EndingHashKey,
      Data: 'AA==',
    });
    expect(put.body.ShardId).toBe(shardId(3));
  });

  it('takes short shard ids', async () => {
    const stream = await server.fresh(2);
    const res = await merge({ StreamName: stream, ShardToMerge: 'x-0', AdjacentShardToMerge: '1' });
    expect(res.status, res.text).toBe(200);
    expect(openOf(await describeShards(server.url, stream)).map((s) => s.ShardId)).toEqual([shardId(2)]);
  });

  it(byArn(profile, 'the stream'), async () => {
    const stream = await server.fresh(2);
    const res = await merge({
      StreamARN: streamArn(stream),
      ShardToMerge: shardId(0),
      AdjacentShardToMerge: shardId(1),
    });
    await expectByArn(profile, res, async () => {
      expect(res.status, res.text).toBe(200);
      expect(openOf(await describeShards(server.url, stream)).map((s) => s.ShardId)).toEqual([shardId(2)]);
    });
  });

  describe('adjacency', () => {
    const notAdjacent = (stream: string, a: number, b: number): string =>
      `Shards ${shardId(a)} and ${shardId(b)} in stream ${stream} under account ${ACCOUNT} are not an adjacent pair of shards eligible for merging`;

    it('refuses shards that are not neighbours', async () => {
      const stream = await server.fresh(3);
      expectMessage(
        await merge({ StreamName: stream, ShardToMerge: '0', AdjacentShardToMerge: '2' }),
        ERR.invalidArgument,
        notAdjacent(stream, 0, 2),
      );
    });

    it('refuses the pair the other way round', async () => {
      const stream = await server.fresh(2);
      expectMessage(
        await merge({ StreamName: stream, ShardToMerge: '1', AdjacentShardToMerge: '0' }),
        ERR.invalidArgument,
        notAdjacent(stream, 1, 0),
      );
    });

    it('refuses a shard with itself', async () => {
      const stream = await server.fresh(2);
      expectMessage(
        await merge({ StreamName: stream, ShardToMerge: '0', AdjacentShardToMerge: '0' }),
        ERR.invalidArgument,
        notAdjacent(stream, 0, 0),
      );
    });
  });

  describe('the shards named', () => {
    it('refuses a shard that does not exist, named in full', async () => {
      const stream = await server.fresh(2);
      expectMessage(
        await merge({ StreamName: stream, ShardToMerge: '0', AdjacentShardToMerge: 'shardId-5' }),
        ERR.resourceNotFound,
        `Could not find shard ${shardId(5)} in stream ${stream} under account ${ACCOUNT}.`,
      );
    });

    it('refuses an id naming no shard before looking the stream up', async () => {
      expectMessage(
        await merge({ StreamName: 'missing', ShardToMerge: '0', AdjacentShardToMerge: 'ABKLFD8' }),
        ERR.resourceNotFound,
        `Could not find shard ABKLFD8 in stream missing under account ${ACCOUNT}.`,
      );
    });

    it('refuses a closed shard', async () => {
      const stream = await server.fresh(3);
      expect((await merge({ StreamName: stream, ShardToMerge: '0', AdjacentShardToMerge: '1' })).status).toBe(
        200,
      );
      expectMessage(
        await merge({ StreamName: stream, ShardToMerge: '1', AdjacentShardToMerge: '2' }),
        ERR.invalidArgument,
        `Shard ${shardId(1)} in stream ${stream} under account ${ACCOUNT} has already been merged or split, and thus is not eligible for merging or splitting.`,
      );
    });
  });

  it('merges at the shard limit: the stream ends with one open shard fewer', async () => {
    const limited = await operationServer(name, { shardLimit: 2 });
    try {
      const stream = await limited.fresh(2);
      expect(
        (await merge({ StreamName: stream, ShardToMerge: '0', AdjacentShardToMerge: '1' }, limited.url))
          .status,
      ).toBe(200);
      expect(
        (await call(limited.url, 'CreateStream', { StreamName: 'one-more', ShardCount: 1 })).status,
      ).toBe(200);
    } finally {
      await limited.close();
    }
  });

  refusesOnDemand(server, profile, 'MergeShards', { ShardToMerge: '0', AdjacentShardToMerge: '1' });

  it('reports every violation at once in the profile style', async () => {
    expectViolations(await merge({}), profile, [
      violation(null, 'shardToMerge', 'Member must not be null'),
      violation(null, 'adjacentShardToMerge', 'Member must not be null'),
    ]);
    const pattern = profile.streams.shardId.pattern;
    expectViolations(
      await merge({ StreamName: 'x', ShardToMerge: '', AdjacentShardToMerge: 'a b' }),
      profile,
      [
        violation('', 'shardToMerge', `Member must satisfy regular expression pattern: ${pattern}`),
        violation('', 'shardToMerge', 'Member must have length greater than or equal to 1'),
        violation(
          'a b',
          'adjacentShardToMerge',
          `Member must satisfy regular expression pattern: ${pattern}`,
        ),
      ],
    );
  });

  refusesUnlessActive(server, profile, 'MergeShards', { ShardToMerge: '0', AdjacentShardToMerge: '1' });
});
