/**
 * The parts of the API the suite judges, each a folder of suite files under `suites/`: `kcs check --area`
 * loads only those folders (faster than `--only`, which filters tests after every file is collected).
 * A check's id starts with its area's vocabulary (`put-record.*`, `get-records.*`, ...).
 */
export const AREAS = {
  'put-records': {
    title: 'PutRecords, and the read-back, throttling, model-based and concurrency runs of what it wrote',
    folders: ['put-records', 'deep'],
  },
  'put-record': {
    title: 'PutRecord: limits, errors, SequenceNumberForOrdering, routing',
    folders: ['put-record'],
  },
  read: { title: 'GetShardIterator and GetRecords', folders: ['read'] },
  shards: {
    title: 'ListShards, DescribeStream, DescribeStreamSummary, ListStreams: pagination, ranges, counts',
    folders: ['shards'],
  },
  resharding: {
    title: 'SplitShard, MergeShards, UpdateShardCount: routing and reading across them',
    folders: ['resharding'],
  },
  lifecycle: {
    title: 'stream states, missing and deleted streams, StreamARN addressing',
    folders: ['lifecycle'],
  },
  protocol: {
    title: 'HTTP method, Content-Type, target and body errors (behaviour.md 1.2)',
    folders: ['protocol'],
  },
} as const satisfies Record<string, { readonly title: string; readonly folders: readonly string[] }>;

export type AreaName = keyof typeof AREAS;

export const AREA_NAMES = Object.keys(AREAS) as AreaName[];

export function isAreaName(name: string): name is AreaName {
  return Object.hasOwn(AREAS, name);
}
