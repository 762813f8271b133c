/** Reading a stream's shards as DescribeStream and ListShards report them (AWS-M Shard). */
import { expect } from 'vitest';
import { call } from '../../helpers/api.ts';

export interface DescribedShard {
  readonly ShardId: string;
  readonly ParentShardId?: string;
  readonly AdjacentParentShardId?: string;
  readonly HashKeyRange: { readonly StartingHashKey: string; readonly EndingHashKey: string };
  readonly SequenceNumberRange: {
    readonly StartingSequenceNumber: string;
    readonly EndingSequenceNumber?: string;
  };
}

/** ShardId text of shard index i (AWS: `shardId-` and 12 digits). */
export function shardId(index: number): string {
  return `shardId-${String(index).padStart(12, '0')}`;
}

/** Every shard DescribeStream lists (one page: the tests' streams are small). */
export async function describeShards(url: string, stream: string): Promise<DescribedShard[]> {
  const res = await call<{ StreamDescription: { Shards: DescribedShard[]; HasMoreShards: boolean } }>(
    url,
    'DescribeStream',
    { StreamName: stream },
  );
  expect(res.status, res.text).toBe(200);
  expect(res.body.StreamDescription.HasMoreShards).toBe(false);
  return res.body.StreamDescription.Shards;
}

/** The open shards (no EndingSequenceNumber). */
export function openOf(shards: readonly DescribedShard[]): DescribedShard[] {
  return shards.filter((s) => s.SequenceNumberRange.EndingSequenceNumber === undefined);
}
