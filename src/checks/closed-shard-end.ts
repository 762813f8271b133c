import { historyFailure, type HistoryCheck } from './history-check.ts';
import { isOpen, shardInfo, unreadablePage, walkShards } from './listing-view.ts';
import { lastExchange } from './read-back-view.ts';
import {
  childrenOf,
  completed,
  lastPage,
  nothingCompleted,
  type ReshardingContext,
} from './resharding-history.ts';
import { isObject } from './view.ts';

/**
 * Reading a closed shard ends: its last GetRecords answer has no NextShardIterator and lists the shard's
 * children in ChildShards, each naming it among its ParentShards with the range ListShards gives it. That
 * answer is how a consumer learns where to read next.
 */
export const closedShardEnd: HistoryCheck<ReshardingContext> = {
  id: 'resharding.closed-shard-end',
  title: 'Reading a closed shard ends without a NextShardIterator, with ChildShards naming its children',
  severity: 'must',
  source:
    'AWS-M GetRecordsOutput.NextShardIterator ("If set to null, the shard has been closed and the requested iterator does not return any more data"), ChildShards ("returned in the GetRecords API\'s response only when the end of the current shard is reached"), ChildShard.ParentShards',
  skipReason: (profile) => profile.reshardingUnsupported ?? undefined,
  judge(ctx) {
    if (completed(ctx).length === 0) return nothingCompleted(ctx);
    let judged = 0;
    for (const stream of ctx.streams) {
      const final = stream.final;
      if (!final || unreadablePage(final)) continue;
      const shards = walkShards(final);
      for (const shard of shards.filter((s) => !isOpen(s))) {
        const read = stream.readBack.find((r) => r.shardId === shard.shardId);
        const evidence = read ? lastExchange(read) : undefined;
        const children = childrenOf(shards, shard.shardId);
        const what = `a read of closed ${shard.shardId} ending with an answer without NextShardIterator whose ChildShards are ${children.map((c) => c.shardId).join(', ') || 'none'}`;
        if (!read || !evidence)
          return historyFailure(this, what, `${shard.shardId} was not read`, lastPage(final));
        judged++;
        const body = isObject(evidence.body) ? evidence.body : undefined;
        if (
          read.incomplete !== undefined ||
          evidence.request.operation !== 'GetRecords' ||
          evidence.status !== 200 ||
          !body
        )
          return historyFailure(
            this,
            what,
            `the read stopped: ${read.incomplete ?? `HTTP ${evidence.status}`}`,
            evidence,
          );
        const next = body['NextShardIterator'];
        if (next !== undefined && next !== null)
          return historyFailure(this, what, 'the last answer still has a NextShardIterator', evidence);
        const listed = Array.isArray(body['ChildShards']) ? body['ChildShards'] : undefined;
        if (!listed) return historyFailure(this, what, 'no ChildShards in the last answer', evidence);
        const received: string[] = [];
        for (const c of listed) {
          const info = shardInfo(c);
          const parents = isObject(c) && Array.isArray(c['ParentShards']) ? c['ParentShards'] : [];
          const id = typeof info === 'string' ? (isObject(c) ? String(c['ShardId']) : '?') : info.shardId;
          received.push(id);
          const child = children.find((s) => s.shardId === id);
          if (typeof info === 'string' || !child || !parents.includes(shard.shardId))
            return historyFailure(this, what, `ChildShards entry ${JSON.stringify(c)}`, evidence);
          if (info.startingHashKey !== child.startingHashKey || info.endingHashKey !== child.endingHashKey)
            return historyFailure(
              this,
              `${what}, ${id} with HashKeyRange ${child.startingHashKey}..${child.endingHashKey} as ListShards lists it`,
              `${info.startingHashKey}..${info.endingHashKey}`,
              evidence,
            );
        }
        if (received.length !== children.length || new Set(received).size !== received.length)
          return historyFailure(this, what, `ChildShards ${received.join(', ') || 'empty'}`, evidence);
      }
    }
    return judged > 0 ? undefined : { cannotJudge: 'no closed shard was listed and read' };
  },
};
