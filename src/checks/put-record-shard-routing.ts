import type { Check } from './check.ts';
import { isPutRecord, placement, sentRecord } from './put-record-view.ts';
import { expectedHashKey, shardOf } from './shard-routing.ts';
import { failure } from './view.ts';

/** The oracle of `put-records.shard-routing` for one record: MD5 of its key, or its ExplicitHashKey. */
export const putRecordShardRouting: Check = {
  id: 'put-record.shard-routing',
  title: "PutRecord's ShardId is the shard whose hash-key range holds the key's MD5 or the ExplicitHashKey",
  severity: 'must',
  source:
    'AWS-M PutRecord ("An MD5 hash function is used to map partition keys to 128-bit integer values"; ExplicitHashKey overrides it); behaviour.md 4.1',
  judge(ctx) {
    const { exchange, shards } = ctx;
    const placed = placement(exchange);
    const record = sentRecord(exchange);
    if (!isPutRecord(exchange) || !placed || !record || !shards?.length) return undefined;
    const key = expectedHashKey(record, ctx.profile);
    if (key === undefined) return undefined;
    const shard = shardOf(shards, key.value);
    if (shard === placed.shardId) return undefined;
    return failure(
      this,
      `the record (${key.label}) in ${shard ?? 'no shard (ListShards covers no such key)'}`,
      `the record in ${placed.shardId}`,
    );
  },
};
