/**
 * CreateStream in both profiles: an ON_DEMAND stream without ShardCount (issue #12: AWS creates it with 4
 * shards; the server used to refuse it), StreamModeDetails as DescribeStreamSummary and ListStreams report
 * it, tags given at creation, and the model's constraints at n-1, n and n+1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILES } from '../../../src/profiles/index.ts';
import { splitHashRange } from '../../../src/protocol/hash-key.ts';
import { call, expectError, expectMessage, expectViolations, violation } from '../../helpers/api.ts';
import { ACCOUNT, operationServer, PROFILE_NAMES, type OperationServer } from './fixtures.ts';
import { describeShards } from './shards.ts';

interface Summary {
  readonly StreamDescriptionSummary: {
    StreamStatus: string;
    StreamModeDetails: { StreamMode: string };
    OpenShardCount: number;
  };
}

describe.each(PROFILE_NAMES)('CreateStream (%s profile)', (name) => {
  const profile = PROFILES[name];
  const ERR = profile.errors;
  let server: OperationServer;
  let streams = 0;
  const fresh = (): string => `created-${streams++}`;
  const create = (body: unknown): ReturnType<typeof call> => call(server.url, 'CreateStream', body);
  const summary = (stream: string): ReturnType<typeof call<Summary>> =>
    call<Summary>(server.url, 'DescribeStreamSummary', { StreamName: stream });

  beforeAll(async () => {
    server = await operationServer(name);
  });
  afterAll(() => server.close());

  describe('capacity mode (AWS-M StreamModeDetails)', () => {
    it(`creates an ON_DEMAND stream of ${profile.streams.onDemandShardCount} shards without ShardCount`, async () => {
      const stream = fresh();
      const res = await create({ StreamName: stream });
      expect(res.status, res.text).toBe(200);
      expect(res.raw.length).toBe(0);
      const s = (await summary(stream)).body.StreamDescriptionSummary;
      expect(s.StreamModeDetails).toEqual({ StreamMode: 'ON_DEMAND' });
      expect(s.OpenShardCount).toBe(profile.streams.onDemandShardCount);
      const ranges = (await describeShards(server.url, stream)).map((x) => x.HashKeyRange);
      expect(ranges).toEqual(
        splitHashRange(profile.streams.onDemandShardCount, profile.hashRangeDivisor).map((r) => ({
          StartingHashKey: r.startingHashKey.toString(),
          EndingHashKey: r.endingHashKey.toString(),
        })),
      );
    });

    it('creates ON_DEMAND when asked, and PROVISIONED with a ShardCount', async () => {
      const onDemand = fresh();
      expect(
        (await create({ StreamName: onDemand, StreamModeDetails: { StreamMode: 'ON_DEMAND' } })).status,
      ).toBe(200);
      const provisioned = fresh();
      expect((await create({ StreamName: provisioned, ShardCount: 2 })).status).toBe(200);
      const explicit = fresh();
      expect(
        (
          await create({
            StreamName: explicit,
            ShardCount: 3,
            StreamModeDetails: { StreamMode: 'PROVISIONED' },
          })
        ).status,
      ).toBe(200);
      const modes = await Promise.all([onDemand, provisioned, explicit].map(summary));
      expect(
        modes.map((m) => [
          m.body.StreamDescriptionSummary.StreamModeDetails.StreamMode,
          m.body.StreamDescriptionSummary.OpenShardCount,
        ]),
      ).toEqual([
        ['ON_DEMAND', profile.streams.onDemandShardCount],
        ['PROVISIONED', 2],
        ['PROVISIONED', 3],
      ]);
      const listed = await call<{
        StreamSummaries: { StreamName: string; StreamModeDetails: { StreamMode: string } }[];
      }>(server.url, 'ListStreams', {});
      const modeOf = new Map(
        listed.body.StreamSummaries.map((s) => [s.StreamName, s.StreamModeDetails.StreamMode]),
      );
      expect([modeOf.get(onDemand), modeOf.get(provisioned)]).toEqual(['ON_DEMAND', 'PROVISIONED']);
    });

    it('refuses PROVISIONED without a ShardCount', async () => {
      expectError(
        await create({ StreamName: fresh(), StreamModeDetails: { StreamMode: 'PROVISIONED' } }),
        ERR.invalidArgument,
      );
    });

    it('refuses a mode the model does not list, and StreamModeDetails without StreamMode', async () => {
      expectViolations(
        await create({ StreamName: 's', StreamModeDetails: { StreamMode: 'SERVERLESS' } }),
        profile,
        [
          violation(
            'SERVERLESS',
            'streamModeDetails.streamMode',
            'Member must satisfy enum value set: [PROVISIONED, ON_DEMAND]',
          ),
        ],
      );
      expectViolations(await create({ StreamName: 's', StreamModeDetails: {} }), profile, [
        violation(null, 'streamModeDetails.streamMode', 'Member must not be null'),
      ]);
    });
  });

  describe('ShardCount (AWS-M PositiveIntegerObject: min 1)', () => {
    it('refuses 0 and accepts 1', async () => {
      expectViolations(await create({ StreamName: fresh(), ShardCount: 0 }), profile, [
        violation('0', 'shardCount', 'Member must have value greater than or equal to 1'),
      ]);
      expect((await create({ StreamName: fresh(), ShardCount: 1 })).status).toBe(200);
    });

    it('answers a count beyond the shard limit with LimitExceededException, not a validation error', async () => {
      expectError(await create({ StreamName: fresh(), ShardCount: 100_001 }), ERR.limitExceeded);
    });
  });

  describe('Tags at creation', () => {
    it('tags the stream', async () => {
      const stream = fresh();
      expect(
        (await create({ StreamName: stream, ShardCount: 1, Tags: { team: 'data', env: '' } })).status,
      ).toBe(200);
      const tags = await call<{ Tags: { Key: string; Value: string }[] }>(server.url, 'ListTagsForStream', {
        StreamName: stream,
      });
      expect(tags.body.Tags).toEqual([
        { Key: 'env', Value: '' },
        { Key: 'team', Value: 'data' },
      ]);
    });

    it(`refuses more than ${profile.streams.tags.maxPerStream} tags or a refused character, and creates nothing`, async () => {
      const max = profile.streams.tags.maxPerStream;
      const many = Object.fromEntries(Array.from({ length: max + 1 }, (_, i) => [`k${i}`, 'v']));
      const stream = fresh();
      expectMessage(
        await create({ StreamName: stream, ShardCount: 1, Tags: many }),
        ERR.invalidArgument,
        `Failed to add tags to stream ${stream} under account ${ACCOUNT} because a given stream cannot have more than ${max} tags associated with it.`,
      );
      expectError(
        await create({ StreamName: stream, ShardCount: 1, Tags: { 'a;b': '1' } }),
        ERR.invalidArgument,
      );
      expectError(await summary(stream), ERR.resourceNotFound);
      const atMax = Object.fromEntries(Array.from({ length: max }, (_, i) => [`k${i}`, 'v']));
      expect((await create({ StreamName: stream, ShardCount: 1, Tags: atMax })).status).toBe(200);
    });

    it('refuses an empty Tags map', async () => {
      expectViolations(await create({ StreamName: fresh(), ShardCount: 1, Tags: {} }), profile, [
        violation('{}', 'tags', 'Member must have length greater than or equal to 1'),
      ]);
    });
  });

  describe('MaxRecordSizeInKiB (1024..10240) and WarmThroughputMiBps (min 0)', () => {
    it('accepts the bounds and refuses one beyond each', async () => {
      for (const size of [1024, 10_240])
        expect((await create({ StreamName: fresh(), ShardCount: 1, MaxRecordSizeInKiB: size })).status).toBe(
          200,
        );
      expectViolations(await create({ StreamName: 's', ShardCount: 1, MaxRecordSizeInKiB: 1023 }), profile, [
        violation('1023', 'maxRecordSizeInKiB', 'Member must have value greater than or equal to 1024'),
      ]);
      expectViolations(
        await create({ StreamName: 's', ShardCount: 1, MaxRecordSizeInKiB: 10_241 }),
        profile,
        [violation('10241', 'maxRecordSizeInKiB', 'Member must have value less than or equal to 10240')],
      );
      expect((await create({ StreamName: fresh(), ShardCount: 1, WarmThroughputMiBps: 0 })).status).toBe(200);
      expectViolations(await create({ StreamName: 's', ShardCount: 1, WarmThroughputMiBps: -1 }), profile, [
        violation('-1', 'warmThroughputMiBps', 'Member must have value greater than or equal to 0'),
      ]);
    });
  });

  it('reports every violation at once in the profile style', async () => {
    const pattern = profile.streamName.patternAsDocumented;
    expectViolations(await create({ StreamName: '', ShardCount: 0 }), profile, [
      violation('', 'streamName', `Member must satisfy regular expression pattern: ${pattern}`),
      violation('', 'streamName', 'Member must have length greater than or equal to 1'),
      violation('0', 'shardCount', 'Member must have value greater than or equal to 1'),
    ]);
    expectViolations(await create({}), profile, [violation(null, 'streamName', 'Member must not be null')]);
  });
});
