/** The operations the reference server implements, by their X-Amz-Target suffix (AWS-M operation names). */
export const OPERATIONS = [
  'CreateStream',
  'DeleteStream',
  'DescribeStream',
  'DescribeStreamSummary',
  'ListStreams',
  'ListShards',
  'PutRecord',
  'PutRecords',
  'GetShardIterator',
  'GetRecords',
  'AddTagsToStream',
  'ListTagsForStream',
  'RemoveTagsFromStream',
  'IncreaseStreamRetentionPeriod',
  'DecreaseStreamRetentionPeriod',
  'SplitShard',
  'MergeShards',
  'UpdateShardCount',
] as const;

export type OperationName = (typeof OPERATIONS)[number];

export function isOperationName(name: string): name is OperationName {
  return (OPERATIONS as readonly string[]).includes(name);
}
