/**
 * SplitShard in both profiles: the children DescribeStream and ListShards report, NewStartingHashKey at
 * n-1, n and n+1 of the shard's bounds (KL-T splitShard, V-AWS historical), the shard id forms AWS reads,
 * the shard limit, ON_DEMAND streams, writes while UPDATING, and the answer in each lifecycle state.
 */
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../../src/profiles/index.ts';
import { call, expectError, expectMessage, expectViolations, violation } from '../../helpers/api.ts';
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
import { describeShards, shardId, type DescribedShard } from './shards.ts';

const MAX = (1n << 128n) - 1n;

describe.each(PROFILE_NAMES)('SplitShard (%s profile)', (name) => {
  const profile = PROFILES[name];
  const ERR = profile.errors;
  const server = useServers(name);
  const split = (body: unknown, url = server.url): ReturnType<typeof call> => call(url, 'SplitShard', body);

  it('closes the shard and opens two children with the documented ranges, naming it as parent', async () => {
    const stream = await server.fresh(1);
    const at = (1n << 127n).toString();
    const res = await split({ StreamName: stream, ShardToSplit: shardId(0), NewStartingHashKey: at });
    expect(res.status, res.text).toBe(200);
    expect(res.raw.length).toBe(0);
    const shards = await describeShards(server.url, stream);
    expect(shards.map((s) => [s.ShardId, s.ParentShardId, s.HashKeyRange])).toEqual([
      [shardId(0), undefined, { StartingHashKey: '0', EndingHashKey: MAX.toString() }],
      [shardId(1), shardId(0), { StartingHashKey: '0', EndingHashKey: ((1n << 127n) - 1n).toString() }],
      [shardId(2), shardId(0), { StartingHashKey: at, EndingHashKey: MAX.toString() }],
    ]);
    expect(shards[0]!.SequenceNumberRange.EndingSequenceNumber).toMatch(/^\d+$/);
    expect(shards[1]!.SequenceNumberRange.EndingSequenceNumber).toBeUndefined();
    expect(shards.every((s) => s.AdjacentParentShardId === undefined)).toBe(true);
  });

  it(byArn(profile, 'the stream'), async () => {
    const stream = await server.fresh(1);
    const res = await split({ StreamARN: streamArn(stream), ShardToSplit: '0', NewStartingHashKey: '1000' });
    await expectByArn(profile, res, () => expect(res.status, res.text).toBe(200));
  });

  it('routes writes to the children after the split', async () => {
    const stream = await server.fresh(1);
    const res = await split({ StreamName: stream, ShardToSplit: '0', NewStartingHashKey: '1000' });
    expect(res.status, res.text).toBe(200);
    for (const [key, shard] of [
      ['999', shardId(1)],
      ['1000', shardId(2)],
    ] as const) {
      const put = await call<{ ShardId: string }>(server.url, 'PutRecord', {
        StreamName: stream,
        PartitionKey: 'k',
        ExplicitHashKey: key,
        Data: 'AA==',
      });
      expect(put.body.ShardId).toBe(shard);
    }
  });

  describe('NewStartingHashKey against the shard (both children keep at least two hash keys)', () => {
    const refusal = (stream: string, key: bigint, start: bigint, end: bigint): string =>
      `NewStartingHashKey ${key} used in SplitShard() on shard ${shardId(0)} in stream ${stream} under account ${ACCOUNT} ` +
      `is not both greater than one plus the shard's StartingHashKey ${start} and less than the shard's EndingHashKey ${end}.`;

    it.each([0n, 1n, MAX])('refuses %s on a shard of 0..2^128-1', async (key) => {
      const stream = await server.fresh(1);
      expectMessage(
        await split({ StreamName: stream, ShardToSplit: shardId(0), NewStartingHashKey: key.toString() }),
        ERR.invalidArgument,
        refusal(stream, key, 0n, MAX),
      );
    });

    it.each([2n, 3n, MAX - 2n, MAX - 1n])('accepts %s', async (key) => {
      const stream = await server.fresh(1);
      const res = await split({
        StreamName: stream,
        ShardToSplit: shardId(0),
        NewStartingHashKey: key.toString(),
      });
      expect(res.status, res.text).toBe(200);
      const shards = await describeShards(server.url, stream);
      expect(shards[2]!.HashKeyRange.StartingHashKey).toBe(key.toString());
    });

    it('refuses a key outside the shard', async () => {
      const stream = await server.fresh(2);
      const shards = await describeShards(server.url, stream);
      const end = BigInt(shards[0]!.HashKeyRange.EndingHashKey);
      expectMessage(
        await split({
          StreamName: stream,
          ShardToSplit: shardId(0),
          NewStartingHashKey: (end + 10n).toString(),
        }),
        ERR.invalidArgument,
        refusal(stream, end + 10n, 0n, end),
      );
    });

    it('refuses a key that is not a HashKey (pattern)', async () => {
      const stream = await server.fresh(1);
      for (const key of ['01', '', '-1', '1e3']) {
        expectViolations(
          await split({ StreamName: stream, ShardToSplit: shardId(0), NewStartingHashKey: key }),
          profile,
          [
            violation(
              key,
              'newStartingHashKey',
              `Member must satisfy regular expression pattern: ${profile.putRecords.explicitHashKeyPattern}`,
            ),
          ],
        );
      }
    });
  });

  describe('the shard to split', () => {
    it.each(['shardId-000000000000', 'shardId-0', 'shard-0', 'any-0', '0'])(
      'takes %s as shard 0',
      async (id) => {
        const stream = await server.fresh(1);
        expect(
          (await split({ StreamName: stream, ShardToSplit: id, NewStartingHashKey: '1000' })).status,
        ).toBe(200);
      },
    );

    it('refuses a shard that does not exist, named in full', async () => {
      const stream = await server.fresh(1);
      expectMessage(
        await split({ StreamName: stream, ShardToSplit: 'shardId-5', NewStartingHashKey: '1000' }),
        ERR.resourceNotFound,
        `Could not find shard ${shardId(5)} in stream ${stream} under account ${ACCOUNT}.`,
      );
    });

    it.each(['ABKLFD8', '2.14E4', '2147483648'])('refuses %s before looking the stream up', async (id) => {
      expectMessage(
        await split({ StreamName: 'missing', ShardToSplit: id, NewStartingHashKey: '1000' }),
        ERR.resourceNotFound,
        `Could not find shard ${id} in stream missing under account ${ACCOUNT}.`,
      );
    });

    it('refuses a closed shard', async () => {
      const stream = await server.fresh(1);
      expect(
        (await split({ StreamName: stream, ShardToSplit: '0', NewStartingHashKey: '1000' })).status,
      ).toBe(200);
      expectMessage(
        await split({ StreamName: stream, ShardToSplit: '0', NewStartingHashKey: '2000' }),
        ERR.invalidArgument,
        `Shard ${shardId(0)} in stream ${stream} under account ${ACCOUNT} has already been merged or split, and thus is not eligible for merging or splitting.`,
      );
    });
  });

  describe('the shard limit (one more open shard)', () => {
    it('splits at the limit minus one, and refuses at the limit', async () => {
      const limited = await operationServer(name, { shardLimit: 3 });
      try {
        const stream = await limited.fresh(2);
        expect(
          (await split({ StreamName: stream, ShardToSplit: '0', NewStartingHashKey: '1000' }, limited.url))
            .status,
        ).toBe(200);
        expectMessage(
          await split({ StreamName: stream, ShardToSplit: '1', NewStartingHashKey: '1000' }, limited.url),
          ERR.limitExceeded,
          `This request would exceed the shard limit for the account ${ACCOUNT} in us-east-1. Current shard count for the account: 3. ` +
            'Limit: 3. Number of additional shards that would have resulted from this request: 1. Refer to the AWS Service Limits page ' +
            '(http://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html) for current limits and how to request higher limits.',
        );
      } finally {
        await limited.close();
      }
    });
  });

  refusesOnDemand(server, profile, 'SplitShard', { ShardToSplit: '0', NewStartingHashKey: '1000' });

  describe('request errors', () => {
    it('reports every violation at once in the profile style', async () => {
      expectViolations(await split({}), profile, [
        violation(null, 'shardToSplit', 'Member must not be null'),
        violation(null, 'newStartingHashKey', 'Member must not be null'),
      ]);
      const long = 'a'.repeat(profile.streams.shardId.maxLength + 1);
      expectViolations(
        await split({ StreamName: 'x', ShardToSplit: long, NewStartingHashKey: '' }),
        profile,
        [
          violation(
            long,
            'shardToSplit',
            `Member must have length less than or equal to ${profile.streams.shardId.maxLength}`,
          ),
          violation(
            '',
            'newStartingHashKey',
            `Member must satisfy regular expression pattern: ${profile.putRecords.explicitHashKeyPattern}`,
          ),
        ],
      );
    });

    it('answers a stream that does not exist with ResourceNotFoundException', async () => {
      expectMessage(
        await split({ StreamName: 'missing', ShardToSplit: '0', NewStartingHashKey: '1000' }),
        ERR.resourceNotFound,
        `Stream missing under account ${ACCOUNT} not found.`,
      );
    });

    it('refuses a NewStartingHashKey that is a number (SerializationException)', async () => {
      expectError(
        await split({ StreamName: 'x', ShardToSplit: '0', NewStartingHashKey: 1000 }),
        ERR.serialization,
      );
    });
  });

  refusesUnlessActive(server, profile, 'SplitShard', { ShardToSplit: '0', NewStartingHashKey: '1000' });

  describe('while UPDATING', () => {
    it('while UPDATING, describes the shards as they were and writes to them', async () => {
      const { url, name: stream } = server.states.UPDATING;
      const shards: DescribedShard[] = await describeShards(url, stream);
      expect(shards.map((s) => s.ShardId)).toEqual([shardId(0), shardId(1)]);
      const put = await call<{ ShardId: string }>(url, 'PutRecord', {
        StreamName: stream,
        PartitionKey: 'k',
        ExplicitHashKey: '1',
        Data: 'AA==',
      });
      expect(put.body.ShardId).toBe(shardId(0));
    });
  });
});
