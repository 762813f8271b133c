import { historyFailure, type HistoryCheck } from './history-check.ts';
import {
  completed,
  describeChange,
  hashOf,
  nothingCompleted,
  openHolders,
  type ReshardingContext,
} from './resharding-history.ts';
import { describeRecord, historyRecords, isWritten } from './write-history.ts';

/**
 * After a change, PutRecords routes by the new ranges: a record written once the stream is ACTIVE again
 * lands in the open shard whose range (in ListShards after the change) holds its key's MD5 or its
 * ExplicitHashKey. A record written while the change was under way lands in a shard open before or after it
 * that holds its key: never in a closed shard, never outside its range.
 */
export const routesToOpenShards: HistoryCheck<ReshardingContext> = {
  id: 'resharding.routes-to-open-shards',
  title:
    'After SplitShard, MergeShards or UpdateShardCount, records land in the open shard holding their key',
  severity: 'must',
  source:
    'AWS-M PutRecordsRequestEntry.PartitionKey/ExplicitHashKey (MD5 -> 128-bit integer), SplitShard ("The NewStartingHashKey hash key value and all higher hash key values in hash key range are distributed to one of the child shards"), MergeShards ("the single child shard receives data for all hash key values covered by the two parent shards")',
  skipReason: (profile) => profile.reshardingUnsupported ?? undefined,
  judge(ctx) {
    const changes = completed(ctx);
    if (changes.length === 0) return nothingCompleted(ctx);
    for (const { stream, transition, before, after } of changes) {
      const records = historyRecords(stream.calls).filter(isWritten);
      const judge = (positions: readonly number[], during: boolean) => {
        for (const r of records) {
          if (!positions.includes(r.callIndex)) continue;
          const hash = hashOf(r.record);
          const allowed = [...openHolders(after, hash), ...(during ? openHolders(before, hash) : [])];
          if (allowed.some((s) => s.shardId === r.outcome.shardId)) continue;
          return historyFailure(
            this,
            `${describeRecord(r)}, written ${during ? 'while' : 'after'} ${describeChange(transition)} ${during ? 'was under way' : 'finished'}, in ${[...new Set(allowed.map((s) => s.shardId))].join(' or ') || 'an open shard holding its hash key (ListShards lists none)'} (hash key ${hash})`,
            `it in ${r.outcome.shardId}`,
            r.call.exchange!,
          );
        }
        return undefined;
      };
      const verdict = judge(transition.window, true) ?? judge(transition.following, false);
      if (verdict) return verdict;
    }
    return undefined;
  },
};
