import { historyFailure, type HistoryCheck, type Verdict } from './history-check.ts';
import { isOpen, unreadablePage, walkShards, type ShardInfo } from './listing-view.ts';
import { describeRead, incompleteRead, lastExchange, ReadIndex, type ReadRecord } from './read-back-view.ts';
import {
  childrenOf,
  completed,
  hashOf,
  lastPage,
  nothingCompleted,
  type ReshardedStream,
  type ReshardingContext,
} from './resharding-history.ts';
import { contentKey, describeRecord, historyRecords, type HistoryRecord } from './write-history.ts';

const holds = (s: ShardInfo, hash: bigint): boolean => s.startingHashKey <= hash && hash <= s.endingHashKey;

/**
 * The shards a key's records live in over time: the shard the stream was created with that holds its hash
 * key, then, while that shard is closed, the one child of it that holds the hash key, and so on to an open
 * shard. Reading them in this order is what a consumer does (parents before children).
 */
export function lineageOf(shards: readonly ShardInfo[], hash: bigint): string[] | string {
  const roots = shards.filter((s) => s.parentShardId === undefined && holds(s, hash));
  if (roots.length !== 1)
    return `${roots.length} shards without a parent hold hash key ${hash}: ${roots.map((s) => s.shardId).join(', ') || 'none'}`;
  const chain = [roots[0]!];
  for (let shard = roots[0]!; !isOpen(shard);) {
    const next = childrenOf(shards, shard.shardId).filter((s) => holds(s, hash));
    if (next.length !== 1 || chain.includes(next[0]!))
      return `closed ${shard.shardId} has ${next.length} children holding hash key ${hash}: ${next.map((s) => s.shardId).join(', ') || 'none'}`;
    chain.push((shard = next[0]!));
  }
  return chain.map((s) => s.shardId);
}

/**
 * Reading a key's shards parent first, children after, returns every acknowledged record of the key exactly
 * once and in the order written (one writer, one call after another): a resharding must not lose, repeat or
 * reorder a key's records across the shards it moves them between.
 */
export const keyOrderAcrossShards: HistoryCheck<ReshardingContext> = {
  id: 'resharding.key-order-across-shards',
  title:
    "Reading parents to their end, then their children, returns each key's acknowledged records once, in write order",
  severity: 'must',
  source:
    'AWS-M DescribeStream ("To process shards in chronological order, use the ID of the parent shard to track the lineage to the oldest shard"), GetRecords ChildShards; PutRecord SequenceNumberForOrdering ("records ... for the same partition key ... strictly increasing")',
  skipReason: (profile) => profile.reshardingUnsupported ?? undefined,
  judge(ctx) {
    const changes = completed(ctx);
    if (changes.length === 0) return nothingCompleted(ctx);
    for (const stream of new Set(changes.map((c) => c.stream))) {
      const verdict = judgeStream(this, stream);
      if (verdict) return verdict;
    }
    return undefined;
  },
};

function judgeStream(check: HistoryCheck<ReshardingContext>, stream: ReshardedStream): Verdict {
  const final = stream.final;
  if (!final || unreadablePage(final))
    return { cannotJudge: `ListShards of ${stream.stream} after the changes failed` };
  const stopped = incompleteRead(stream.readBack);
  const stoppedAt = stopped && lastExchange(stopped);
  if (stopped && stoppedAt)
    return historyFailure(
      check,
      `a read of ${stopped.shardId} to its end`,
      `the read stopped short: ${stopped.incomplete}`,
      stoppedAt,
    );
  const shards = walkShards(final);
  const index = new ReadIndex(stream.readBack);
  const groups = new Map<string, HistoryRecord[]>();
  for (const r of historyRecords(stream.calls)) {
    const key = `${r.record.partitionKey}\u0000${r.record.explicitHashKey ?? ''}`;
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  for (const group of groups.values()) {
    const first = group[0]!.record;
    const chain = lineageOf(shards, hashOf(first));
    const key = JSON.stringify(first.partitionKey);
    if (typeof chain === 'string')
      return historyFailure(
        check,
        `the lineage of PartitionKey ${key} followable in ListShards`,
        chain,
        lastPage(final),
      );
    const byContent = new Map(group.map((r) => [contentKey(r.record.partitionKey, r.record.data), r]));
    const read: { record: HistoryRecord; at: ReadRecord }[] = [];
    for (const id of chain)
      for (const at of index.byShard.get(id) ?? []) {
        const record =
          at.partitionKey !== undefined && at.data
            ? byContent.get(contentKey(at.partitionKey, at.data))
            : undefined;
        if (record && record.outcome.kind === 'written') read.push({ record, at });
      }
    const written = group.filter((r) => r.outcome.kind === 'written');
    const what = `the ${written.length} acknowledged records of PartitionKey ${key} read once each, in write order, from ${chain.join(' then ')}`;
    const missing = (r: HistoryRecord): Verdict =>
      historyFailure(
        check,
        what,
        `${describeRecord(r)} (acknowledged in ${(r.outcome as { shardId: string }).shardId}) not read from ${chain.join(', ')}`,
        r.call.exchange!,
      );
    const readOnce = new Set(read.map((x) => x.record));
    let next = 0;
    for (const { record, at } of read) {
      const expected = written[next];
      if (record === expected) {
        next++;
        continue;
      }
      if (written.indexOf(record) < next)
        return historyFailure(check, what, `${describeRecord(record)} again at ${describeRead(at)}`, at.page);
      if (expected && !readOnce.has(expected)) return missing(expected);
      return historyFailure(
        check,
        what,
        `${describeRecord(record)} at ${describeRead(at)} before ${describeRecord(expected!)}, written earlier`,
        at.page,
      );
    }
    if (written[next]) return missing(written[next]!);
  }
  return undefined;
}
