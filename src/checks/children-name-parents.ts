import { historyFailure, type HistoryCheck } from './history-check.ts';
import type { ShardInfo } from './listing-view.ts';
import {
  completed,
  describeChange,
  lastPage,
  nothingCompleted,
  type Completed,
  type ReshardingContext,
} from './resharding-history.ts';

const range = (s: Pick<ShardInfo, 'startingHashKey' | 'endingHashKey'>): string =>
  `${s.startingHashKey}..${s.endingHashKey}`;

/**
 * The shards a change opens name where they came from, which is how a consumer finishes a parent before
 * reading its children: SplitShard's two children both name ShardToSplit and take [start, key - 1] and
 * [key, end]; MergeShards' child names both shards (ParentShardId and AdjacentParentShardId) and takes their
 * union; every shard UpdateShardCount makes names listed parents whose ranges hold its own.
 */
export const childrenNameParents: HistoryCheck<ReshardingContext> = {
  id: 'resharding.children-name-parents',
  title:
    'The shards a change opens name their parents (ParentShardId, AdjacentParentShardId) and take their ranges',
  severity: 'must',
  source:
    'AWS-M Shard.ParentShardId, AdjacentParentShardId; SplitShard NewStartingHashKey ("all higher hash key values ... to one of the child shards. All the lower hash key values in the range are distributed to the other child shard"); MergeShards ("a single shard that would have a hash key range of 276...454")',
  skipReason: (profile) => profile.reshardingUnsupported ?? undefined,
  judge(ctx) {
    const changes = completed(ctx);
    if (changes.length === 0) return nothingCompleted(ctx);
    for (const change of changes) {
      const problem = lineageProblem(change);
      if (problem)
        return historyFailure(
          this,
          `after ${describeChange(change.transition)}: ${problem.expected}`,
          problem.received,
          lastPage(change.transition.after!),
        );
    }
    return undefined;
  },
};

function lineageProblem({
  transition,
  before,
  after,
}: Completed): { expected: string; received: string } | undefined {
  const known = new Set(before.map((s) => s.shardId));
  const created = after.filter((s) => !known.has(s.shardId));
  const byId = new Map(after.map((s) => [s.shardId, s]));
  const shown = (shards: readonly ShardInfo[]): string =>
    shards
      .map(
        (s) =>
          `${s.shardId} (${range(s)}, parent ${s.parentShardId ?? 'none'}${s.adjacentParentShardId ? `, adjacent parent ${s.adjacentParentShardId}` : ''})`,
      )
      .join('; ') || 'none';
  const r = transition.request;
  if (r.kind === 'split') {
    const parent = before.find((s) => s.shardId === r.shardToSplit);
    if (!parent) return { expected: `${r.shardToSplit} listed before the split`, received: 'it was not' };
    const lower = { startingHashKey: parent.startingHashKey, endingHashKey: r.newStartingHashKey - 1n };
    const upper = { startingHashKey: r.newStartingHashKey, endingHashKey: parent.endingHashKey };
    const expected = `two new shards naming ${parent.shardId} as ParentShardId (and no AdjacentParentShardId), taking ${range(lower)} and ${range(upper)}`;
    const ok =
      created.length === 2 &&
      created.every((s) => s.parentShardId === parent.shardId && s.adjacentParentShardId === undefined) &&
      [lower, upper].every((want) => created.some((s) => range(s) === range(want)));
    return ok ? undefined : { expected, received: `new shards: ${shown(created)}` };
  }
  if (r.kind === 'merge') {
    const a = before.find((s) => s.shardId === r.shardToMerge);
    const b = before.find((s) => s.shardId === r.adjacentShardToMerge);
    if (!a || !b)
      return {
        expected: `${r.shardToMerge} and ${r.adjacentShardToMerge} listed before the merge`,
        received: 'they were not',
      };
    const union = {
      startingHashKey: a.startingHashKey < b.startingHashKey ? a.startingHashKey : b.startingHashKey,
      endingHashKey: a.endingHashKey > b.endingHashKey ? a.endingHashKey : b.endingHashKey,
    };
    const expected = `one new shard naming ${a.shardId} and ${b.shardId} as ParentShardId and AdjacentParentShardId, taking ${range(union)}`;
    const child = created[0];
    const parents = child ? [child.parentShardId, child.adjacentParentShardId].sort() : [];
    const ok =
      created.length === 1 &&
      parents[0] === [a.shardId, b.shardId].sort()[0] &&
      parents[1] === [a.shardId, b.shardId].sort()[1] &&
      range(child!) === range(union);
    return ok ? undefined : { expected, received: `new shards: ${shown(created)}` };
  }
  for (const child of created) {
    const expected = `${child.shardId}, opened by the scaling, naming listed parents whose ranges hold ${range(child)}`;
    const parent = child.parentShardId !== undefined ? byId.get(child.parentShardId) : undefined;
    if (!parent)
      return {
        expected,
        received: shown([child]) + (child.parentShardId ? ` (${child.parentShardId} is not listed)` : ''),
      };
    let start = parent.startingHashKey;
    let end = parent.endingHashKey;
    if (child.adjacentParentShardId !== undefined) {
      const adjacent = byId.get(child.adjacentParentShardId);
      if (!adjacent)
        return { expected, received: `${shown([child])} (${child.adjacentParentShardId} is not listed)` };
      const touching =
        adjacent.startingHashKey === parent.endingHashKey + 1n ||
        parent.startingHashKey === adjacent.endingHashKey + 1n;
      if (!touching)
        return {
          expected: `${expected}, the two parents adjacent`,
          received: shown([child, parent, adjacent]),
        };
      if (adjacent.startingHashKey < start) start = adjacent.startingHashKey;
      if (adjacent.endingHashKey > end) end = adjacent.endingHashKey;
    }
    if (child.startingHashKey < start || child.endingHashKey > end)
      return { expected, received: `${shown([child])}; its parents hold ${start}..${end}` };
  }
  return created.length > 0
    ? undefined
    : { expected: 'new shards opened by the scaling', received: 'no new shard listed' };
}
