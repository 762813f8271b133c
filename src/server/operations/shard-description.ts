import type { Shard } from '../store/shard.ts';

/** A Shard as DescribeStream and ListShards describe it (AWS-M Shard); all our shards are open. */
export function describeShard(shard: Shard): object {
  return {
    ShardId: shard.id,
    HashKeyRange: {
      StartingHashKey: shard.range.startingHashKey.toString(),
      EndingHashKey: shard.range.endingHashKey.toString(),
    },
    SequenceNumberRange: { StartingSequenceNumber: shard.startingSequenceNumber },
  };
}
