/**
 * Runs a resharding plan against one stream and records it as a ReshardedStream: a write of every probe key
 * before the first change; each change sent together with a write, another write right after its answer and
 * one at each poll that finds the stream UPDATING (a bounded number), ListShards before it and once the stream
 * is ACTIVE again, and a write after; at the end every shard read from TRIM_HORIZON, closed ones to their end,
 * and (where the plan says) ListShards with each ShardFilter type a young stream can be judged by.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { ApiRequest } from '../../src/client/exchange.ts';
import type { KinesisApi } from '../../src/client/kinesis-api.ts';
import {
  isOpen,
  unreadablePage,
  walkShards,
  type ShardInfo,
  type Walk,
} from '../../src/checks/listing-view.ts';
import type { ShardRead } from '../../src/checks/read-back-view.ts';
import {
  OPERATION_OF,
  type ReshardedStream,
  type ReshardRequest,
  type Transition,
} from '../../src/checks/resharding-history.ts';
import type { FilterQuery, ShardFilterType } from '../../src/checks/shard-filter.ts';
import { describeResponse, isObject } from '../../src/checks/view.ts';
import type { WriteCall } from '../../src/checks/write-history.ts';
import { probeRecords, type PlannedChange, type StreamPlan } from '../../src/generators/resharding-plan.ts';
import type { RecordTagger } from '../../src/generators/tagged-records.ts';
import type { Profile } from '../../src/profiles/profile.ts';
import { callPaced, retriedOnRate, walkListing } from './listing-walk.ts';
import { highestAcknowledged, readShard } from './read-back.ts';
import { ReadPacer } from './read-pacer.ts';
import { putRecordsRequest, recordWrite } from './recorder.ts';

export interface ReshardingOptions {
  readonly profile: Profile;
  readonly tagger: RecordTagger;
  /** How long to wait for the stream to be ACTIVE again after a change (AWS: seconds to minutes). */
  readonly activeTimeoutMs: number;
  readonly wait?: (ms: number) => Promise<unknown>;
}

/** Pauses between DescribeStreamSummary polls while a change is under way (the last one repeats). */
const POLL_MS = [50, 100, 200, 500, 1000, 2000];
/** Writes sent while polling an UPDATING stream, at most. */
const WRITES_WHILE_UPDATING = 4;
/** GetRecords Limit of the read-back. */
const PAGE_LIMIT = 100;
/** The ShardFilter types judged on a young stream after resharding (see src/checks/shard-filter.ts). */
const FILTERS: readonly ShardFilterType[] = [
  'AT_LATEST',
  'AT_TRIM_HORIZON',
  'FROM_TRIM_HORIZON',
  'AFTER_SHARD_ID',
];
/** Pages of one ListShards walk at most: a small stream's shards fit in one. */
const MAX_LISTING_PAGES = 20;

export async function runPlan(
  api: KinesisApi,
  stream: string,
  plan: StreamPlan,
  options: ReshardingOptions,
): Promise<ReshardedStream> {
  const { profile, tagger } = options;
  const wait = options.wait ?? delay;
  const calls: WriteCall[] = [];
  const specs = probeRecords(profile, plan);
  const write = async (): Promise<number> => {
    const records = tagger.records(specs);
    calls.push(await recordWrite(api, 'w0', putRecordsRequest(api, stream, records), records));
    return calls.length - 1;
  };
  const list = (name: string, filter?: Record<string, unknown>): Promise<Walk> =>
    walkListing(api, profile, {
      operation: 'ListShards',
      name,
      stream,
      limit: profile.streams.listing.maxLimit,
      continueBy: 'token',
      maxPages: MAX_LISTING_PAGES,
      ...(filter ? { filter } : {}),
    });

  // The stream exists by now (created and ACTIVE). A change in the same millisecond as its creation would make
  // its children "open at the trim horizon" (a young stream's creation) for a target counting milliseconds:
  // the changes come after the clock has moved on, as they do by seconds on AWS.
  const created = Date.now();
  await write();
  while (Date.now() <= created) await wait(1);
  const transitions: Transition[] = [];
  for (const change of plan.changes) {
    const before = await list(`before ${change.kind}`);
    const request = resolve(change, unreadablePage(before) ? [] : walkShards(before));
    if (!request) break;
    // The change and a write at the same moment: the write lands before, during or after it.
    const sent = changeRequest(api, stream, request);
    const [exchange, first] = await Promise.all([
      retriedOnRate(profile, () => api.send(sent), wait),
      write(),
    ]);
    const window = [first];
    const base = { request, exchange, before, window };
    if (exchange.status !== 200) {
      transitions.push({
        ...base,
        sawUpdating: false,
        following: [],
        unfinished: `the target answered ${describeResponse(exchange)}`,
      });
      break;
    }
    window.push(await write());
    let sawUpdating = false;
    let status: unknown;
    const deadline = Date.now() + options.activeTimeoutMs;
    for (let poll = 0; ; poll++) {
      const summary = await callPaced(api, profile, 'DescribeStreamSummary', { StreamName: stream });
      const description = isObject(summary.body) ? summary.body['StreamDescriptionSummary'] : undefined;
      status = isObject(description) ? description['StreamStatus'] : describeResponse(summary);
      if (status === 'ACTIVE' || Date.now() > deadline) break;
      if (status === 'UPDATING') {
        sawUpdating = true;
        if (window.length < 2 + WRITES_WHILE_UPDATING) window.push(await write());
      }
      await wait(POLL_MS[Math.min(poll, POLL_MS.length - 1)]!);
    }
    if (status !== 'ACTIVE') {
      transitions.push({
        ...base,
        sawUpdating,
        following: [],
        unfinished: `not ACTIVE again within ${options.activeTimeoutMs} ms (last seen: ${String(status)})`,
      });
      break;
    }
    const after = await list(`after ${change.kind}`);
    transitions.push({ ...base, after, sawUpdating, following: [await write()] });
  }

  const final = await list('after every change');
  const shards = unreadablePage(final) ? [] : walkShards(final);
  const awaited = highestAcknowledged(calls);
  const pacer = new ReadPacer();
  const readBack: ShardRead[] = await Promise.all(
    shards.map((s) =>
      readShard(api, stream, s.shardId, {
        profile,
        pacer,
        pageLimit: PAGE_LIMIT,
        awaited,
        ...(isOpen(s) ? {} : { toEnd: true }),
      }),
    ),
  );
  const filters: FilterQuery[] = [];
  if (plan.filters && shards.length > 0) {
    for (const type of FILTERS) {
      const shardId = type === 'AFTER_SHARD_ID' ? shards[0]!.shardId : undefined;
      const walk = await list(`ShardFilter ${type}`, {
        Type: type,
        ...(shardId ? { ShardId: shardId } : {}),
      });
      filters.push({ type, ...(shardId ? { shardId } : {}), walk });
    }
  }
  return { stream, calls, transitions, final, readBack, filters };
}

/** The request a planned change makes of the open shards listed before it (in hash-key order). */
function resolve(change: PlannedChange, listed: readonly ShardInfo[]): ReshardRequest | undefined {
  const open = listed.filter(isOpen).sort((a, b) => (a.startingHashKey < b.startingHashKey ? -1 : 1));
  switch (change.kind) {
    case 'split': {
      const shard = open[change.openShard];
      return shard && { kind: 'split', shardToSplit: shard.shardId, newStartingHashKey: change.at };
    }
    case 'merge': {
      const [lower, upper] = [open[change.openShard], open[change.openShard + 1]];
      return (
        lower && upper && { kind: 'merge', shardToMerge: lower.shardId, adjacentShardToMerge: upper.shardId }
      );
    }
    case 'scale':
      return { kind: 'scale', targetShardCount: change.target };
  }
}

function changeRequest(api: KinesisApi, stream: string, r: ReshardRequest): ApiRequest {
  const body =
    r.kind === 'split'
      ? { ShardToSplit: r.shardToSplit, NewStartingHashKey: String(r.newStartingHashKey) }
      : r.kind === 'merge'
        ? { ShardToMerge: r.shardToMerge, AdjacentShardToMerge: r.adjacentShardToMerge }
        : { TargetShardCount: r.targetShardCount, ScalingType: 'UNIFORM_SCALING' };
  return { operation: OPERATION_OF[r.kind], wire: api.wire, body: { StreamName: stream, ...body } };
}
