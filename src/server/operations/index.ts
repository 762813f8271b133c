import type { OperationName } from '../../protocol/operations.ts';
import type { Operation } from '../operation.ts';
import { createStream } from './create-stream.ts';
import { deleteStream } from './delete-stream.ts';
import { describeStream } from './describe-stream.ts';
import { describeStreamSummary } from './describe-stream-summary.ts';
import { getRecords } from './get-records.ts';
import { getShardIterator } from './get-shard-iterator.ts';
import { listShards } from './list-shards.ts';
import { listStreams } from './list-streams.ts';
import { putRecord } from './put-record.ts';
import { putRecords } from './put-records.ts';

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
} satisfies Record<OperationName, Operation>;
