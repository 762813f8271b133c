/**
 * PutRecord's own member, SequenceNumberForOrdering, in both profiles. aws: the model's pattern (a
 * ValidationException outside it, at n - 1, n and n + 1 digits), and a well-formed number the stream did not
 * issue is InvalidArgumentException "ExclusiveMinimumSequenceNumber <n> used in PutRecord on stream <s> under
 * account <a> is invalid." (behaviour.md 5 PutRecord; KL-T putRecord, V-AWS historical); one it did orders
 * the new record after it (AWS-M PutRecordInput). yds: "accepted but ignored" (behaviour.md 5 PutRecord, YDB
 * column; profile putRecord.validatesSequenceNumberForOrdering). The record's other limits are PutRecords'
 * (the suite's put-record area and test/server/validation.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../../src/profiles/index.ts';
import { call, expectError, expectMessage, expectViolations, violation } from '../../helpers/api.ts';
import { ACCOUNT, useServers } from './fixtures.ts';
import { describeShards, shardId } from './shards.ts';

interface Placed {
  readonly ShardId: string;
  readonly SequenceNumber: string;
}

/** KL-T putRecord's well-formed numbers AWS refused (hex, as the tests write them; V-AWS historical). */
const NOT_ISSUED_BY_AWS = [
  '20000000000000000000000000000000000000000000000', // version 0
  '20000000000000000000000000000000000000000000004', // version 4
  '30000000000000000000000000000000000000000000001', // initial 3
  '1ffffffffff7fffffffffffffff000000000007fffffff2', // initial 1
  '20000000000800000000000000000000000000000000002', // 8 in the index
  '13bb2cc3d80000000000000000000000', // a large date
].map((hex) => BigInt(`0x${hex}`).toString());

/** AWS-M SequenceNumber: `0|([1-9]\d{0,128})`, so 129 digits at most. */
const MAX_DIGITS = PROFILES.aws.putRecord.sequenceNumberMaxDigits;

describe('PutRecord SequenceNumberForOrdering (aws profile)', () => {
  const profile = PROFILES.aws;
  const server = useServers('aws');
  const put = (stream: string, ordering?: string, hashKey = '0') =>
    call<Placed>(server.url, 'PutRecord', {
      StreamName: stream,
      PartitionKey: 'k',
      ExplicitHashKey: hashKey,
      Data: 'AA==',
      ...(ordering !== undefined ? { SequenceNumberForOrdering: ordering } : {}),
    });
  const expectNotIssued = async (stream: string, ordering: string): Promise<void> =>
    expectMessage(
      await put(stream, ordering),
      profile.errors.invalidArgument,
      `ExclusiveMinimumSequenceNumber ${ordering} used in PutRecord on stream ${stream} under account ${ACCOUNT} is invalid.`,
    );
  const placed = async (stream: string, ordering?: string, hashKey?: string): Promise<Placed> => {
    const res = await put(stream, ordering, hashKey);
    expect(res.status, res.text).toBe(200);
    return res.body;
  };

  it.each(['', '01', '-1', '+1', ' 1', '1e3', '12a', `1${'0'.repeat(MAX_DIGITS)}`])(
    'refuses %j, outside the pattern, with ValidationException',
    async (ordering) => {
      const stream = await server.fresh(1);
      expectViolations(await put(stream, ordering), profile, [
        violation(
          ordering,
          'sequenceNumberForOrdering',
          'Member must satisfy regular expression pattern: 0|([1-9]\\d{0,128})',
        ),
      ]);
    },
  );

  it(`refuses well-formed numbers it did not issue, of ${MAX_DIGITS - 1} and ${MAX_DIGITS} digits too`, async () => {
    const stream = await server.fresh(1);
    for (const ordering of [...NOT_ISSUED_BY_AWS, '0', '1'.repeat(MAX_DIGITS - 1), '1'.repeat(MAX_DIGITS)])
      await expectNotIssued(stream, ordering);
  });

  it('refuses a number of its own shard that no record has yet, and one of another stream', async () => {
    const stream = await server.fresh(1);
    const last = (await placed(stream)).SequenceNumber;
    await expectNotIssued(stream, (BigInt(last) + 1n).toString());
    const other = await server.fresh(1);
    await expectNotIssued(other, last);
  });

  it('writes nothing when it refuses', async () => {
    const stream = await server.fresh(1);
    const before = (await placed(stream)).SequenceNumber;
    await expectNotIssued(stream, NOT_ISSUED_BY_AWS[0]!);
    const after = (await placed(stream)).SequenceNumber;
    expect(BigInt(after) - BigInt(before)).toBe(1n);
  });

  it("orders the new record after the previous record of the key, and after its shard's StartingSequenceNumber", async () => {
    const stream = await server.fresh(1);
    const starting = (await describeShards(server.url, stream))[0]!.SequenceNumberRange
      .StartingSequenceNumber;
    const first = await placed(stream, starting);
    expect(BigInt(first.SequenceNumber) > BigInt(starting)).toBe(true);
    const second = await placed(stream, first.SequenceNumber);
    expect(BigInt(second.SequenceNumber) > BigInt(first.SequenceNumber)).toBe(true);
    // A record written since (a PutRecords) does not make an earlier number invalid.
    const third = await placed(stream, first.SequenceNumber);
    expect(BigInt(third.SequenceNumber) > BigInt(second.SequenceNumber)).toBe(true);
  });

  it("orders a key's record after its previous one in the parent, and the parent's EndingSequenceNumber, once split", async () => {
    const stream = await server.fresh(1);
    const before = await placed(stream, undefined, '5');
    const split = await call(server.url, 'SplitShard', {
      StreamName: stream,
      ShardToSplit: shardId(0),
      NewStartingHashKey: '1000',
    });
    expect(split.status, split.text).toBe(200);
    const ending = (await describeShards(server.url, stream))[0]!.SequenceNumberRange.EndingSequenceNumber!;
    for (const ordering of [before.SequenceNumber, ending]) {
      const after = await placed(stream, ordering, '5');
      expect(after.ShardId).toBe(shardId(1));
      expect(BigInt(after.SequenceNumber) > BigInt(ordering)).toBe(true);
    }
  });
});

describe('PutRecord SequenceNumberForOrdering (yds profile)', () => {
  const profile = PROFILES.yds;
  const server = useServers('yds');

  it.each(['', '01', 'abc', NOT_ISSUED_BY_AWS[0]!, '1'.repeat(MAX_DIGITS + 1)])(
    'accepts and ignores %j',
    async (ordering) => {
      const stream = await server.fresh(1);
      const res = await call<Placed>(server.url, 'PutRecord', {
        StreamName: stream,
        PartitionKey: 'k',
        Data: 'AA==',
        SequenceNumberForOrdering: ordering,
      });
      expect(res.status, res.text).toBe(200);
      expect(res.body.ShardId).toBe(shardId(0));
    },
  );

  it('still refuses a member of the wrong type (a string field: behaviour.md 2.1)', async () => {
    const stream = await server.fresh(1);
    expectError(
      await call(server.url, 'PutRecord', {
        StreamName: stream,
        PartitionKey: 'k',
        Data: 'AA==',
        SequenceNumberForOrdering: 1,
      }),
      profile.errors.serialization,
    );
  });
});
