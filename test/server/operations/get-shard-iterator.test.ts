/**
 * GetShardIterator in both profiles, beyond the read-back tests of test/server/lifecycle.test.ts: a shard's
 * own StartingSequenceNumber as AT_ and AFTER_SEQUENCE_NUMBER (issue #12: AWS gives an iterator on a shard
 * with no records yet, and it reads what is written next; the server used to refuse it), the syntax of
 * StartingSequenceNumber and what a number of another shard or stream means, closed shards, shard id forms
 * (each as the profile says), and each lifecycle state.
 */
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../../src/profiles/index.ts';
import {
  call,
  expectError,
  expectMessage,
  expectViolations,
  violation,
  type ApiResponse,
} from '../../helpers/api.ts';
import { ACCOUNT, HELD_STATES, PROFILE_NAMES, useServers } from './fixtures.ts';
import { describeShards, shardId } from './shards.ts';

interface Page {
  readonly Records: { PartitionKey: string; SequenceNumber: string }[];
  readonly NextShardIterator?: string;
  readonly ChildShards?: { ShardId: string }[];
}

describe.each(PROFILE_NAMES)('GetShardIterator (%s profile)', (name) => {
  const profile = PROFILES[name];
  const ERR = profile.errors;
  const server = useServers(name);
  const iterator = (
    body: Record<string, unknown>,
    url = server.url,
  ): Promise<ApiResponse<{ ShardIterator: string }>> =>
    call<{ ShardIterator: string }>(url, 'GetShardIterator', body);
  const page = (it: string): Promise<ApiResponse<Page>> =>
    call<Page>(server.url, 'GetRecords', { ShardIterator: it });
  const put = async (stream: string, key: string): Promise<string> => {
    const res = await call<{ SequenceNumber: string }>(server.url, 'PutRecord', {
      StreamName: stream,
      PartitionKey: key,
      ExplicitHashKey: '0',
      Data: Buffer.from(key).toString('base64'),
    });
    expect(res.status, res.text).toBe(200);
    return res.body.SequenceNumber;
  };
  const startingOf = async (stream: string, index = 0): Promise<string> =>
    (await describeShards(server.url, stream))[index]!.SequenceNumberRange.StartingSequenceNumber;

  describe("the shard's StartingSequenceNumber", () => {
    it.each(['AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER'])(
      '%s of it on a shard with no records: 0 records, then what is written next',
      async (type) => {
        const stream = await server.fresh(1);
        const res = await iterator({
          StreamName: stream,
          ShardId: shardId(0),
          ShardIteratorType: type,
          StartingSequenceNumber: await startingOf(stream),
        });
        expect(res.status, res.text).toBe(200);
        const empty = await page(res.body.ShardIterator);
        expect(empty.body.Records).toEqual([]);
        await put(stream, 'first');
        await put(stream, 'second');
        const next = await page(empty.body.NextShardIterator!);
        expect(next.body.Records.map((r) => r.PartitionKey)).toEqual(['first', 'second']);
      },
    );

    it.each(['AT_SEQUENCE_NUMBER', 'AFTER_SEQUENCE_NUMBER'])(
      '%s of it reads from the first record',
      async (type) => {
        const stream = await server.fresh(1);
        const first = await put(stream, 'first');
        const starting = await startingOf(stream);
        expect(BigInt(starting) < BigInt(first)).toBe(true);
        const res = await iterator({
          StreamName: stream,
          ShardId: shardId(0),
          ShardIteratorType: type,
          StartingSequenceNumber: starting,
        });
        expect((await page(res.body.ShardIterator)).body.Records.map((r) => r.PartitionKey)).toEqual([
          'first',
        ]);
      },
    );
  });

  // The syntax of StartingSequenceNumber (profile getShardIterator.sequenceNumberPattern). AWS: the model's
  // pattern 0|([1-9]\d{0,128}) (AWS-M SequenceNumber). YDS: any digits, leading zeros too, as stoull reads
  // them (behaviour.md 5 YDB column).
  describe('StartingSequenceNumber outside the syntax', () => {
    const refused = name === 'aws' ? ['', 'abc', '00000', '1'.repeat(130)] : ['', 'abc'];
    it.each(refused)('refuses %j with the validation error', async (seq) => {
      const stream = await server.fresh(1);
      expectViolations(
        await iterator({
          StreamName: stream,
          ShardId: shardId(0),
          ShardIteratorType: 'AT_SEQUENCE_NUMBER',
          StartingSequenceNumber: seq,
        }),
        profile,
        [
          violation(
            seq,
            'startingSequenceNumber',
            `Member must satisfy regular expression pattern: ${name === 'aws' ? '0|([1-9]\\d{0,128})' : '\\d+'}`,
          ),
        ],
      );
    });
  });

  const at = (stream: string, index: number, seq: string, type = 'AT_SEQUENCE_NUMBER') =>
    iterator({
      StreamName: stream,
      ShardId: shardId(index),
      ShardIteratorType: type,
      StartingSequenceNumber: seq,
    });
  const keysAt = async (res: ApiResponse<{ ShardIterator: string }>): Promise<string[]> => {
    expect(res.status, res.text).toBe(200);
    return (await page(res.body.ShardIterator)).body.Records.map((r) => r.PartitionKey);
  };

  it('refuses a number of this shard that no record has yet', async () => {
    const stream = await server.fresh(1);
    const seq = await put(stream, 'only');
    // The same shard's form, one past the last record.
    const future = (BigInt(seq) + 1n).toString();
    expectMessage(
      await at(stream, 0, future, 'AFTER_SEQUENCE_NUMBER'),
      ERR.invalidArgument,
      `StartingSequenceNumber ${future} used in GetShardIterator on shard ${shardId(0)} in stream ${stream} under account ${ACCOUNT} is invalid.`,
    );
  });

  // AWS: a sequence number names its shard (KL-T getShardIterator, V-AWS historical; profile
  // getShardIterator.sequenceNumbersNameShard).
  if (name === 'aws')
    describe("sequence numbers that are not this shard's", () => {
      it("names the shard a sibling's number encodes", async () => {
        const stream = await server.fresh(2);
        expectMessage(
          await at(stream, 0, await startingOf(stream, 1)),
          ERR.invalidArgument,
          `Invalid StartingSequenceNumber. It encodes ${shardId(1)}, while it was used in a call to a shard with ${shardId(0)}`,
        );
      });

      it('refuses a number that did not come from the stream', async () => {
        const stream = await server.fresh(1);
        expectMessage(
          await at(stream, 0, '12345'),
          ERR.invalidArgument,
          `StartingSequenceNumber 12345 used in GetShardIterator on shard ${shardId(0)} in stream ${stream} under account ${ACCOUNT} is invalid because it did not come from this stream.`,
        );
      });
    });

  // YDS: a sequence number is a partition's offset and names no shard (behaviour.md 3 and 6 row 23), so any
  // number is a position in the shard asked for: ours by the counter it holds.
  if (name === 'yds')
    describe('sequence numbers as positions in the shard asked for', () => {
      it("reads another shard's number at the same position of this one", async () => {
        const stream = await server.fresh(2);
        await put(stream, 'x');
        const max = ((1n << 128n) - 1n).toString();
        const other = await call<{ SequenceNumber: string }>(server.url, 'PutRecord', {
          StreamName: stream,
          PartitionKey: 'y',
          ExplicitHashKey: max,
          Data: 'AA==',
        });
        expect(other.status, other.text).toBe(200);
        expect(await keysAt(await at(stream, 0, other.body.SequenceNumber))).toEqual(['x']);
        expect(await keysAt(await at(stream, 0, await startingOf(stream, 1)))).toEqual(['x']);
      });

      it('reads a plain offset, leading zeros too, and refuses one past the last record', async () => {
        const stream = await server.fresh(1);
        await put(stream, 'a');
        await put(stream, 'b');
        expect(await keysAt(await at(stream, 0, '00000'))).toEqual(['a', 'b']);
        expect(await keysAt(await at(stream, 0, '02'))).toEqual(['b']);
        expect(await keysAt(await at(stream, 0, '1', 'AFTER_SEQUENCE_NUMBER'))).toEqual(['b']);
        for (const seq of ['3', '1'.repeat(130)])
          expectMessage(
            await at(stream, 0, seq),
            ERR.invalidArgument,
            `StartingSequenceNumber ${seq} used in GetShardIterator on shard ${shardId(0)} in stream ${stream} under account ${ACCOUNT} is invalid.`,
          );
      });
    });

  describe('a closed shard', () => {
    it('LATEST and its EndingSequenceNumber read nothing, end the shard and name its children', async () => {
      const stream = await server.fresh(1);
      await put(stream, 'before');
      expect(
        (
          await call(server.url, 'SplitShard', {
            StreamName: stream,
            ShardToSplit: '0',
            NewStartingHashKey: '1000',
          })
        ).status,
      ).toBe(200);
      const ending = (await describeShards(server.url, stream))[0]!.SequenceNumberRange.EndingSequenceNumber!;
      for (const position of [
        { ShardIteratorType: 'LATEST' },
        { ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: ending },
        { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: ending },
      ]) {
        const res = await iterator({ StreamName: stream, ShardId: shardId(0), ...position });
        expect(res.status, res.text).toBe(200);
        const end = await page(res.body.ShardIterator);
        expect(end.body.Records).toEqual([]);
        expect(end.body.NextShardIterator).toBeUndefined();
        expect(end.body.ChildShards!.map((c) => c.ShardId)).toEqual([shardId(1), shardId(2)]);
      }
      const horizon = await iterator({
        StreamName: stream,
        ShardId: shardId(0),
        ShardIteratorType: 'TRIM_HORIZON',
      });
      expect((await page(horizon.body.ShardIterator)).body.Records.map((r) => r.PartitionKey)).toEqual([
        'before',
      ]);
    });
  });

  describe('shard ids', () => {
    it('takes the exact id', async () => {
      const stream = await server.fresh(2);
      expect(
        (await iterator({ StreamName: stream, ShardId: shardId(1), ShardIteratorType: 'LATEST' })).status,
      ).toBe(200);
    });

    // AWS reads the digits after the first '-' (behaviour.md 5, KL-T getShardIterator, V-AWS historical);
    // YDS takes only the exact id (behaviour.md 6 row 25; profile getShardIterator.shortShardIds).
    it.each(['shardId-1', '1', 'x-1', 'shardId-0000000000001'])(
      name === 'aws' ? 'takes %s as shard 1' : 'refuses %s, not the exact id of shard 1',
      async (id) => {
        const stream = await server.fresh(2);
        const res = await iterator({ StreamName: stream, ShardId: id, ShardIteratorType: 'LATEST' });
        if (name === 'aws') expect(res.status, res.text).toBe(200);
        else
          expectMessage(
            res,
            ERR.resourceNotFound,
            `Shard ${id} in stream ${stream} under account ${ACCOUNT} does not exist`,
          );
      },
    );

    it('refuses a shard that does not exist, named in full', async () => {
      const stream = await server.fresh(2);
      expectMessage(
        await iterator({ StreamName: stream, ShardId: 'shardId-9', ShardIteratorType: 'LATEST' }),
        ERR.resourceNotFound,
        `Shard ${shardId(9)} in stream ${stream} under account ${ACCOUNT} does not exist`,
      );
    });

    it('refuses an id naming no shard', async () => {
      expectMessage(
        await iterator({ StreamName: 'any', ShardId: 'ABKLFD8', ShardIteratorType: 'LATEST' }),
        ERR.resourceNotFound,
        `Could not find shard ABKLFD8 in stream any under account ${ACCOUNT}.`,
      );
    });
  });

  describe('in each lifecycle state', () => {
    const expected = {
      CREATING:
        profile.writeWhileCreating === 'ResourceNotFoundException' ? ERR.resourceNotFound : ERR.resourceInUse,
      DELETING: ERR.resourceNotFound,
    } as const;

    it.each(['CREATING', 'DELETING'] as const)(
      'answers a %s stream as the profile documents',
      async (state) => {
        const { url, name: stream } = server.states[state];
        expectError(
          await iterator({ StreamName: stream, ShardId: shardId(0), ShardIteratorType: 'LATEST' }, url),
          expected[state],
        );
      },
    );

    it('gives an iterator on an UPDATING stream (AWS-M: reads continue while UPDATING)', async () => {
      const { url, name: stream } = server.states.UPDATING;
      expect(
        (await iterator({ StreamName: stream, ShardId: shardId(0), ShardIteratorType: 'TRIM_HORIZON' }, url))
          .status,
      ).toBe(200);
    });

    it('covers every held state', () => {
      expect([...Object.keys(expected), 'UPDATING'].sort()).toEqual([...HELD_STATES].sort());
    });
  });
});
