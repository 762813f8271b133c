import type { Check } from './check.ts';
import { failure, isPutRecords, present, resultEntries } from './view.ts';

const DECIMAL = /^(0|[1-9]\d*)$/;

/**
 * Per shard, sequence numbers strictly increase in request order, and above every number the shard gave
 * before this call. Numbers of different shards are not compared (AWS-M: not comparable across shards).
 */
export const sequenceOrder: Check = {
  id: 'put-records.sequence-order',
  title: 'Per shard, sequence numbers increase in request order and across calls',
  severity: 'must',
  source:
    'seed putrecords.md: "PutRecords ensures that messages will be written in the same order as in the sent array"; AWS-M "sequence numbers ... increase over time"; behaviour.md 4.2',
  judge(ctx) {
    const { exchange } = ctx;
    if (!isPutRecords(exchange)) return undefined;
    const results = resultEntries(exchange);
    if (!results) return undefined;
    const last = new Map<string, { value: bigint; where: string }>();
    for (const [shard, value] of ctx.lastSequenceByShard ?? [])
      last.set(shard, { value, where: 'an earlier call' });
    for (let i = 0; i < results.length; i++) {
      const entry = results[i] as Record<string, unknown>;
      if (!present(entry, 'ShardId') || !present(entry, 'SequenceNumber')) continue;
      const shard = String(entry['ShardId']);
      const text = String(entry['SequenceNumber']);
      if (!DECIMAL.test(text)) continue;
      const value = BigInt(text);
      const before = last.get(shard);
      if (before && value <= before.value)
        return failure(
          this,
          `record ${i} in ${shard} with a sequence number above ${before.value} (from ${before.where})`,
          `record ${i} in ${shard} with sequence number ${value}`,
        );
      last.set(shard, { value, where: `record ${i} of this call` });
    }
    return undefined;
  },
};

/** The highest sequence number per shard after an exchange: the state `lastSequenceByShard` carries. */
export function advanceSequences(last: Map<string, bigint>, results: readonly unknown[] | undefined): void {
  for (const entry of results ?? []) {
    if (!present(entry, 'ShardId') || !present(entry, 'SequenceNumber')) continue;
    const e = entry as Record<string, unknown>;
    const text = String(e['SequenceNumber']);
    if (!DECIMAL.test(text)) continue;
    const shard = String(e['ShardId']);
    const value = BigInt(text);
    const before = last.get(shard);
    if (before === undefined || value > before) last.set(shard, value);
  }
}
