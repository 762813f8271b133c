import { hashKeyOf } from '../protocol/hash-key.ts';
import type { Check, ShardRange } from './check.ts';
import { failure, isPutRecords, present, requestRecords, resultEntries } from './view.ts';

/**
 * The oracle: MD5 of the PartitionKey (or the ExplicitHashKey) against the ranges ListShards reported.
 * It never asks the server how it routes.
 */
export const shardRouting: Check = {
  id: 'put-records.shard-routing',
  title: "Each record lands in the shard whose hash-key range holds its key's MD5 or its ExplicitHashKey",
  severity: 'must',
  source:
    'AWS-M PutRecordsRequestEntry.PartitionKey/ExplicitHashKey (MD5 -> 128-bit integer); behaviour.md 4.1',
  judge(ctx) {
    const { exchange, shards } = ctx;
    if (!isPutRecords(exchange) || !shards || shards.length === 0) return undefined;
    const sent = requestRecords(exchange);
    const results = resultEntries(exchange);
    if (!sent || !results) return undefined;
    for (let i = 0; i < Math.min(sent.length, results.length); i++) {
      const entry = results[i] as Record<string, unknown>;
      if (!present(entry, 'ShardId')) continue;
      const record = sent[i]!;
      const key = expectedHashKey(record);
      if (key === undefined) continue;
      const shard = shardOf(shards, key.value);
      if (shard === entry['ShardId']) continue;
      return failure(
        this,
        `record ${i} (${key.label}) in ${shard ?? 'no shard (ListShards covers no such key)'}`,
        `record ${i} in ${String(entry['ShardId'])}`,
      );
    }
    return undefined;
  },
};

function expectedHashKey(record: Record<string, unknown>): { value: bigint; label: string } | undefined {
  const explicit = record['ExplicitHashKey'];
  if (typeof explicit === 'string' && /^\d+$/.test(explicit))
    return { value: BigInt(explicit), label: `ExplicitHashKey ${explicit}` };
  const key = record['PartitionKey'];
  if (typeof key !== 'string') return undefined;
  const value = hashKeyOf(key);
  return {
    value,
    label: `PartitionKey ${JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}...` : key)}, MD5 ${value}`,
  };
}

export function shardOf(shards: readonly ShardRange[], hashKey: bigint): string | undefined {
  return shards.find((s) => s.startingHashKey <= hashKey && hashKey <= s.endingHashKey)?.shardId;
}
