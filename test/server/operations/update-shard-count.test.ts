/**
 * UpdateShardCount (UNIFORM_SCALING) in both profiles: the answer, the shards it leaves (closed parents,
 * uniform open ranges, lineage), the documented limits of AWS-M at n-1, n and n+1 (double, half, the shard
 * limit, ten scalings in 24 hours, 10000 shards per stream), ON_DEMAND streams, and the lifecycle states.
 */
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../../src/profiles/index.ts';
import { splitHashRange } from '../../../src/protocol/hash-key.ts';
import { call, expectMessage, expectViolations, violation } from '../../helpers/api.ts';
import {
  ACCOUNT,
  refusesOnDemand,
  refusesUnlessActive,
  operationServer,
  PROFILE_NAMES,
  streamArn,
  useServers,
} from './fixtures.ts';
import { describeShards, openOf } from './shards.ts';

describe.each(PROFILE_NAMES)('UpdateShardCount (%s profile)', (name) => {
  const profile = PROFILES[name];
  const ERR = profile.errors;
  const R = profile.streams.resharding;
  const server = useServers(name);
  const update = (body: unknown, url = server.url): ReturnType<typeof call> =>
    call(url, 'UpdateShardCount', body);
  const scale = (stream: string, target: number, url = server.url): ReturnType<typeof call> =>
    update({ StreamName: stream, TargetShardCount: target, ScalingType: 'UNIFORM_SCALING' }, url);
  const counts = (open: number, target: number): string =>
    `Current open shard count: ${open}, Target shard count: ${target}`;

  it.each([
    { from: 2, to: 4, total: 6 },
    { from: 4, to: 2, total: 6 },
    { from: 4, to: 5, total: 15 },
  ])(
    '$from -> $to: answers the counts, leaves $to open shards with uniform ranges, every child naming its parents',
    async ({ from, to, total }) => {
      const stream = await server.fresh(from);
      const res = await scale(stream, to);
      expect(res.status, res.text).toBe(200);
      expect(res.body).toEqual({
        StreamName: stream,
        CurrentShardCount: from,
        TargetShardCount: to,
        StreamARN: streamArn(stream),
      });
      const shards = await describeShards(server.url, stream);
      expect(shards).toHaveLength(total);
      const uniform = splitHashRange(to, profile.hashRangeDivisor);
      expect(
        openOf(shards)
          .map((s) => [BigInt(s.HashKeyRange.StartingHashKey), BigInt(s.HashKeyRange.EndingHashKey)])
          // In hash-key order: ShardIds follow creation, not ranges.
          .sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
      ).toEqual(uniform.map((r) => [r.startingHashKey, r.endingHashKey]));
      const ids = new Set(shards.map((s) => s.ShardId));
      for (const s of shards.slice(from)) {
        expect(ids.has(s.ParentShardId!)).toBe(true);
        if (s.AdjacentParentShardId !== undefined) expect(ids.has(s.AdjacentParentShardId)).toBe(true);
      }
      const summary = await call<{ StreamDescriptionSummary: { OpenShardCount: number } }>(
        server.url,
        'DescribeStreamSummary',
        {
          StreamName: stream,
        },
      );
      expect(summary.body.StreamDescriptionSummary.OpenShardCount).toBe(to);
    },
  );

  describe('at most double and at least half the open shards', () => {
    it('scales 4 shards to 8 and refuses 9', async () => {
      const stream = await server.fresh(4);
      expectMessage(
        await scale(stream, 9),
        ERR.limitExceeded,
        `UpdateShardCount cannot scale up over double your current open shard count. ${counts(4, 9)}`,
      );
      expect((await scale(stream, 8)).status).toBe(200);
    });

    it('scales 4 shards to 2 and refuses 1', async () => {
      const stream = await server.fresh(4);
      expectMessage(
        await scale(stream, 1),
        ERR.limitExceeded,
        `UpdateShardCount cannot scale down below half your current open shard count. ${counts(4, 1)}`,
      );
      expect((await scale(stream, 2)).status).toBe(200);
    });

    it('scales 3 shards to 2 (not below 1.5) and refuses 1', async () => {
      const stream = await server.fresh(3);
      expect((await scale(stream, 1)).status).toBe(400);
      expect((await scale(stream, 2)).status).toBe(200);
    });
  });

  it(`refuses more than ${R.maxShardsPerStream} shards in a stream and takes ${R.maxShardsPerStream}`, async () => {
    // The stream stays UPDATING (an hour): the check is what is tested, not ten thousand shards.
    const big = await operationServer(name, {
      shardLimit: 3 * R.maxShardsPerStream,
      updateStreamDelayMs: 3_600_000,
    });
    try {
      const open = R.maxShardsPerStream / 2 + 1;
      const stream = await big.fresh(open);
      expectMessage(
        await scale(stream, R.maxShardsPerStream + 1, big.url),
        ERR.limitExceeded,
        `Target shard count or number of open shards cannot be greater than ${R.maxShardsPerStream}. ${counts(open, R.maxShardsPerStream + 1)}`,
      );
      expect((await scale(stream, R.maxShardsPerStream, big.url)).status).toBe(200);
    } finally {
      await big.close();
    }
  });

  it('counts the open shards of every stream against the shard limit', async () => {
    const limited = await operationServer(name, { shardLimit: 7 });
    try {
      await limited.fresh(1);
      const stream = await limited.fresh(4);
      expect((await scale(stream, 7, limited.url)).status).toBe(400);
      expect((await scale(stream, 6, limited.url)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it(`allows ${R.maxScalingsPerWindow} scalings of a stream in the window and refuses the next`, async () => {
    const stream = await server.fresh(2);
    for (let i = 0; i < R.maxScalingsPerWindow; i++)
      expect((await scale(stream, i % 2 === 0 ? 4 : 2)).status).toBe(200);
    const res = await scale(stream, 4);
    expectMessage(
      res,
      ERR.limitExceeded,
      `Stream ${stream} under account ${ACCOUNT} has already been scaled ${R.maxScalingsPerWindow} times in the last 24 hours, the most UpdateShardCount allows.`,
    );
  });

  refusesOnDemand(server, profile, 'UpdateShardCount', {
    TargetShardCount: 4,
    ScalingType: 'UNIFORM_SCALING',
  });

  it('reports every violation at once in the profile style', async () => {
    expectViolations(await update({}), profile, [
      violation(null, 'targetShardCount', 'Member must not be null'),
      violation(null, 'scalingType', 'Member must not be null'),
    ]);
    expectViolations(
      await update({ StreamName: 's', TargetShardCount: 0, ScalingType: 'UNIFORM' }),
      profile,
      [
        violation('0', 'targetShardCount', 'Member must have value greater than or equal to 1'),
        violation('UNIFORM', 'scalingType', 'Member must satisfy enum value set: [UNIFORM_SCALING]'),
      ],
    );
  });

  it('answers a stream that does not exist with ResourceNotFoundException', async () => {
    expectMessage(
      await scale('missing', 2),
      ERR.resourceNotFound,
      `Stream missing under account ${ACCOUNT} not found.`,
    );
  });

  refusesUnlessActive(server, profile, 'UpdateShardCount', {
    TargetShardCount: 2,
    ScalingType: 'UNIFORM_SCALING',
  });
});
