import { fullMatch } from '../protocol/full-match.ts';
import { hashKeyOf } from '../protocol/hash-key.ts';
import type { Profile } from '../profiles/profile.ts';
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
      const key = expectedHashKey(record, ctx.profile);
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

/**
 * The documented hash key of a record, or undefined when it has none: an ExplicitHashKey outside the
 * documented syntax or range makes the request invalid, and where an invalid request lands is not this
 * check's business (`put-records.invalid-request-rejected` judges it).
 */
export function expectedHashKey(
  record: Record<string, unknown>,
  profile: Profile,
): { value: bigint; label: string } | undefined {
  const explicit = record['ExplicitHashKey'];
  if (explicit !== undefined && explicit !== null) {
    if (typeof explicit !== 'string' || !fullMatch(profile.putRecords.explicitHashKeyPattern).test(explicit))
      return undefined;
    const value = BigInt(explicit);
    if (value > profile.putRecords.maxHashKey) return undefined;
    return { value, label: `ExplicitHashKey ${explicit}` };
  }
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
