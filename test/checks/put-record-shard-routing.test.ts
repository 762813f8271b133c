import { describe, expect, test } from 'vitest';
import { putRecordShardRouting } from '../../src/checks/put-record-shard-routing.ts';
import { hashKeyOf } from '../../src/protocol/hash-key.ts';
import { context, exchange, SHARDS, shardFor, yds } from './fixtures.ts';
import { putRecordAnswer, putRecordRequest, type SentPutRecord } from './put-record-fixtures.ts';

const judge = (record: SentPutRecord, shardId: string, shards = SHARDS) =>
  putRecordShardRouting.judge(
    context(yds, exchange(putRecordRequest(record), 200, putRecordAnswer(shardId)), { shards }),
  );

describe('put-record.shard-routing', () => {
  test('passes records in the shard ListShards says holds their MD5 or ExplicitHashKey', () => {
    for (const key of ['a', 'b', 'é😀'])
      expect(judge({ PartitionKey: key }, shardFor(hashKeyOf(key)))).toBeUndefined();
    const boundary = SHARDS[2]!.startingHashKey;
    expect(
      judge({ PartitionKey: 'a', ExplicitHashKey: String(boundary) }, SHARDS[2]!.shardId),
    ).toBeUndefined();
  });

  test('fails a record in another shard than its MD5 says', () => {
    const right = shardFor(hashKeyOf('b'));
    const wrong = SHARDS.find((s) => s.shardId !== right)!.shardId;
    expect(judge({ PartitionKey: 'b' }, wrong)).toMatchObject({
      expected: expect.stringMatching(
        new RegExp(`^the record \\(PartitionKey "b", MD5 \\d+\\) in ${right}$`),
      ),
      received: `the record in ${wrong}`,
    });
  });

  test('fails an ExplicitHashKey one below a boundary routed past it, and one ignored for the key', () => {
    const below = String(SHARDS[2]!.startingHashKey - 1n);
    expect(judge({ PartitionKey: 'a', ExplicitHashKey: below }, SHARDS[2]!.shardId)?.expected).toBe(
      `the record (ExplicitHashKey ${below}) in ${SHARDS[1]!.shardId}`,
    );
    const byKey = shardFor(hashKeyOf('a'));
    const other = SHARDS.find((s) => s.shardId !== byKey)!;
    expect(judge({ PartitionKey: 'a', ExplicitHashKey: String(other.startingHashKey) }, byKey)).toBeDefined();
  });

  test('needs the shards, a 200 and a valid hash key to judge', () => {
    expect(judge({ PartitionKey: 'b' }, 'shardId-000000000099', [])).toBeUndefined();
    expect(judge({ PartitionKey: 'b', ExplicitHashKey: '01' }, 'shardId-000000000099')).toBeUndefined();
    const refused = exchange(putRecordRequest({ PartitionKey: 'b' }), 400, { __type: 'X' });
    expect(putRecordShardRouting.judge(context(yds, refused, { shards: SHARDS }))).toBeUndefined();
  });
});
