import type { OperationName } from '../../protocol/operations.ts';
import type { Operation } from '../operation.ts';
import { addTagsToStream } from './add-tags-to-stream.ts';
import { createStream } from './create-stream.ts';
import { decreaseStreamRetentionPeriod } from './decrease-stream-retention-period.ts';
import { deleteStream } from './delete-stream.ts';
import { describeStream } from './describe-stream.ts';
import { describeStreamSummary } from './describe-stream-summary.ts';
import { getRecords } from './get-records.ts';
import { getShardIterator } from './get-shard-iterator.ts';
import { increaseStreamRetentionPeriod } from './increase-stream-retention-period.ts';
import { listShards } from './list-shards.ts';
import { listStreams } from './list-streams.ts';
import { listTagsForStream } from './list-tags-for-stream.ts';
import { mergeShards } from './merge-shards.ts';
import { putRecord } from './put-record.ts';
import { putRecords } from './put-records.ts';
import { removeTagsFromStream } from './remove-tags-from-stream.ts';
import { splitShard } from './split-shard.ts';
import { updateShardCount } from './update-shard-count.ts';

/** Every operation the server implements; a missing one is a compile error. */
export const OPERATION_TABLE = {
  CreateStream: createStream,
  DeleteStream: deleteStream,
  DescribeStream: describeStream,
  DescribeStreamSummary: describeStreamSummary,
  ListStreams: listStreams,
  ListShards: listShards,
  PutRecord: putRecord,
  PutRecords: putRecords,
  GetShardIterator: getShardIterator,
  GetRecords: getRecords,
  AddTagsToStream: addTagsToStream,
  ListTagsForStream: listTagsForStream,
  RemoveTagsFromStream: removeTagsFromStream,
  IncreaseStreamRetentionPeriod: increaseStreamRetentionPeriod,
  DecreaseStreamRetentionPeriod: decreaseStreamRetentionPeriod,
  SplitShard: splitShard,
  MergeShards: mergeShards,
  UpdateShardCount: updateShardCount,
} satisfies Record<OperationName, Operation>;
