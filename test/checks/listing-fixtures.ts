/**
 * A tiny target that answers ListShards, DescribeStream, DescribeStreamSummary and ListStreams correctly
 * (pages, NextToken, HasMoreShards, HasMoreStreams, ShardFilter on a young stream), walked by the suite's own
 * walker into a ListingContext; and a fault hook that breaks one answer in exactly one way.
 */
import type { ApiRequest, Exchange } from '../../src/client/exchange.ts';
import type { ListingContext } from '../../src/checks/listing-history.ts';
import { isOpen, walkItems, type ShardInfo, type Walk } from '../../src/checks/listing-view.ts';
import type { FilterQuery, ShardFilterType } from '../../src/checks/shard-filter.ts';
import type { OperationName } from '../../src/protocol/operations.ts';
import type { Profile } from '../../src/profiles/profile.ts';
import { splitHashRange } from '../../src/protocol/hash-key.ts';
import { walkListing, type WalkSpec } from '../../suites/lib/listing-walk.ts';
import { exchange, yds } from './fixtures.ts';

export const STREAM = 'kcs-test-shards-a';
export const RUN_STREAMS = ['kcs-test-shards-a', 'kcs-test-shards-b', 'kcs-test-shards-c'];
/** Streams of other users, listed by ListStreams and not compared. */
export const OTHER_STREAMS = ['aaa-other', 'zzz-other'];

type Body = Record<string, unknown>;
/** Breaks one answer: gets the request and the correct answer's body, returns the body to send instead. */
export type Fault = (
  operation: OperationName,
  request: Body,
  answer: Body,
) => Body | { status: number; body: Body };

export function shardsOf(n: number, profile: Profile = yds): ShardInfo[] {
  return splitHashRange(n, profile.hashRangeDivisor).map((r, i) => ({
    shardId: `shardId-${String(i).padStart(12, '0')}`,
    ...r,
    startingSequenceNumber: `${49_000 + i}`,
  }));
}

function describeShard(s: ShardInfo): Body {
  return {
    ShardId: s.shardId,
    ...(s.parentShardId ? { ParentShardId: s.parentShardId } : {}),
    ...(s.adjacentParentShardId ? { AdjacentParentShardId: s.adjacentParentShardId } : {}),
    HashKeyRange: { StartingHashKey: String(s.startingHashKey), EndingHashKey: String(s.endingHashKey) },
    SequenceNumberRange: {
      StartingSequenceNumber: s.startingSequenceNumber ?? '0',
      ...(s.endingSequenceNumber ? { EndingSequenceNumber: s.endingSequenceNumber } : {}),
    },
  };
}

const PAGE = 100;

export class FakeLister {
  constructor(
    readonly profile: Profile = yds,
    readonly shards: readonly ShardInfo[] = shardsOf(4, profile),
    readonly streams: readonly string[] = [...RUN_STREAMS, ...OTHER_STREAMS].sort(),
    private readonly fault?: Fault,
  ) {}

  async call(operation: OperationName, body: unknown): Promise<Exchange> {
    const request: ApiRequest = { operation, wire: 'json', body };
    const b = body as Body;
    let answer: Body = this.answer(operation, b);
    let status = 200;
    const broken = this.fault?.(operation, b, answer);
    if (broken && 'status' in broken && typeof broken['status'] === 'number') {
      status = broken.status;
      answer = (broken as { body: Body }).body;
    } else if (broken) answer = broken as Body;
    return exchange(request, status, answer);
  }

  private answer(operation: OperationName, b: Body): Body {
    const ids = this.shards.map((s) => s.shardId);
    const after = (list: readonly string[], start: unknown): number =>
      typeof start === 'string' ? list.indexOf(start) + 1 : 0;
    if (operation === 'ListShards') {
      let from = after(ids, b['ExclusiveStartShardId']);
      if (typeof b['NextToken'] === 'string') from = Number(b['NextToken']);
      const filter = b['ShardFilter'] as { Type: ShardFilterType; ShardId?: string } | undefined;
      const kept = this.shards.filter(
        (s, i) => i >= from && (!filter || keeps(filter, s, ids.indexOf(filter.ShardId ?? ''), i)),
      );
      const max = (b['MaxResults'] as number | undefined) ?? PAGE;
      const page = kept.slice(0, max);
      const last = page[page.length - 1];
      return {
        Shards: page.map(describeShard),
        ...(kept.length > max && last ? { NextToken: String(ids.indexOf(last.shardId) + 1) } : {}),
      };
    }
    if (operation === 'DescribeStream') {
      const rest = this.shards.slice(after(ids, b['ExclusiveStartShardId']));
      const limit = (b['Limit'] as number | undefined) ?? PAGE;
      return {
        StreamDescription: {
          StreamName: b['StreamName'],
          StreamStatus: 'ACTIVE',
          Shards: rest.slice(0, limit).map(describeShard),
          HasMoreShards: rest.length > limit,
        },
      };
    }
    if (operation === 'DescribeStreamSummary')
      return {
        StreamDescriptionSummary: {
          StreamName: b['StreamName'],
          StreamStatus: 'ACTIVE',
          OpenShardCount: this.shards.filter(isOpen).length,
        },
      };
    if (operation === 'ListStreams') {
      const start = typeof b['NextToken'] === 'string' ? b['NextToken'] : b['ExclusiveStartStreamName'];
      const rest = this.streams.filter((n) => typeof start !== 'string' || n > start);
      const limit = (b['Limit'] as number | undefined) ?? PAGE;
      const page = rest.slice(0, limit);
      return {
        StreamNames: page,
        HasMoreStreams: rest.length > limit,
        ...(rest.length > limit ? { NextToken: page[page.length - 1] } : {}),
      };
    }
    throw new Error(`the fake lister does not answer ${operation}`);
  }
}

function keeps(filter: { Type: ShardFilterType }, s: ShardInfo, afterIndex: number, index: number): boolean {
  switch (filter.Type) {
    case 'AT_LATEST':
      return isOpen(s);
    case 'AT_TRIM_HORIZON':
      return s.parentShardId === undefined;
    case 'AFTER_SHARD_ID':
      return index > afterIndex;
    default:
      return true;
  }
}

/** A few walks of each operation, as the suite makes them, and every ShardFilter type. */
export async function listingContext(lister: FakeLister, n = lister.shards.length): Promise<ListingContext> {
  const walk = (spec: Omit<WalkSpec, 'maxPages'>): Promise<Walk> =>
    walkListing(lister, lister.profile, { maxPages: 12, ...spec });
  const reference = await walk({
    operation: 'ListShards',
    name: 'reference',
    stream: STREAM,
    limit: 10_000,
    continueBy: 'token',
  });
  const ids = walkItems(reference).map((i) => i.item);
  const walks: Walk[] = [reference];
  for (const limit of [1, n - 1, n, n + 1]) {
    walks.push(
      await walk({
        operation: 'ListShards',
        name: `MaxResults ${limit} by token`,
        stream: STREAM,
        limit,
        continueBy: 'token',
      }),
    );
    walks.push(
      await walk({
        operation: 'ListShards',
        name: `MaxResults ${limit} by start`,
        stream: STREAM,
        limit,
        continueBy: 'start',
      }),
    );
    walks.push(
      await walk({
        operation: 'DescribeStream',
        name: `Limit ${limit}`,
        stream: STREAM,
        limit,
        continueBy: 'start',
      }),
    );
  }
  walks.push(
    await walk({
      operation: 'ListShards',
      name: 'after the first',
      stream: STREAM,
      limit: 2,
      start: ids[0]!,
      continueBy: 'token',
    }),
  );
  walks.push(
    await walk({
      operation: 'DescribeStream',
      name: 'after the last',
      stream: STREAM,
      start: ids[ids.length - 1]!,
      continueBy: 'start',
    }),
  );
  const described = await walk({
    operation: 'DescribeStream',
    name: 'Limit 10000',
    stream: STREAM,
    limit: 10_000,
    continueBy: 'start',
  });
  walks.push(described);
  for (const limit of [1, 2, 3, 4])
    for (const continueBy of ['start', 'token'] as const)
      walks.push(
        await walk({
          operation: 'ListStreams',
          name: `Limit ${limit} ${continueBy}`,
          limit,
          start: 'kcs-test-shards',
          continueBy,
          until: RUN_STREAMS,
        }),
      );
  walks.push(
    await walk({
      operation: 'ListStreams',
      name: 'after the first of ours',
      limit: 1,
      start: RUN_STREAMS[0]!,
      continueBy: 'start',
      until: RUN_STREAMS,
    }),
  );
  const summary = await lister.call('DescribeStreamSummary', { StreamName: STREAM });
  const filters: FilterQuery[] = [];
  for (const type of [
    'AT_LATEST',
    'AT_TRIM_HORIZON',
    'FROM_TRIM_HORIZON',
    'AFTER_SHARD_ID',
    'AT_TIMESTAMP',
  ] as const) {
    const shardId = type === 'AFTER_SHARD_ID' ? ids[0] : undefined;
    const filter = { Type: type, ...(shardId ? { ShardId: shardId } : {}) };
    filters.push({
      type,
      ...(shardId ? { shardId } : {}),
      ...(type === 'AT_TIMESTAMP' ? { timestampMs: 1_700_000_000_000 } : {}),
      walk: await walk({
        operation: 'ListShards',
        name: `ShardFilter ${type}`,
        stream: STREAM,
        limit: 10_000,
        filter,
        continueBy: 'token',
      }),
    });
  }
  return {
    profile: lister.profile,
    stream: STREAM,
    shardCount: n,
    runStreams: RUN_STREAMS,
    reference,
    described,
    walks,
    summary,
    filters,
  };
}
