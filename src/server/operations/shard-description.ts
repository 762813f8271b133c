import type { Shard } from '../store/shard.ts';

/**
 * A Shard as DescribeStream and ListShards describe it (AWS-M Shard): its parents once it came from a
 * resharding, and an EndingSequenceNumber once it is closed (null, so absent, while open).
 */
export function describeShard(shard: Shard): object {
  const lineage = shard.lineage;
  const ending = shard.endingSequenceNumber;
  return {
    ShardId: shard.id,
    ...(lineage ? { ParentShardId: lineage.parentShardId } : {}),
    ...(lineage?.adjacentParentShardId ? { AdjacentParentShardId: lineage.adjacentParentShardId } : {}),
    HashKeyRange: {
      StartingHashKey: shard.range.startingHashKey.toString(),
      EndingHashKey: shard.range.endingHashKey.toString(),
    },
    SequenceNumberRange: {
      StartingSequenceNumber: shard.startingSequenceNumber,
      ...(ending ? { EndingSequenceNumber: ending } : {}),
    },
  };
}
