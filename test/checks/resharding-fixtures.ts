/**
 * Resharding histories built by hand: a tiny target that splits, merges and scales correctly (parents closed
 * with an EndingSequenceNumber, children naming them, writes routed to the open shards, reads of a closed
 * shard ending with ChildShards), driven the way the suite drives a target, and helpers that break one
 * answer of the result in exactly one way.
 */
import type { ApiRequest, Exchange } from '../../src/client/exchange.ts';
import { isOpen, type ShardInfo, type Walk } from '../../src/checks/listing-view.ts';
import type { ShardRead } from '../../src/checks/read-back-view.ts';
import type {
  ReshardedStream,
  ReshardingContext,
  ReshardRequest,
  Transition,
} from '../../src/checks/resharding-history.ts';
import { hashOf, OPERATION_OF } from '../../src/checks/resharding-history.ts';
import type { FilterQuery } from '../../src/checks/shard-filter.ts';
import type { SentRecord, WriteCall } from '../../src/checks/write-history.ts';
import { probeRecords, reshardingPlans } from '../../src/generators/resharding-plan.ts';
import { RecordTagger } from '../../src/generators/tagged-records.ts';
import { splitHashRange } from '../../src/protocol/hash-key.ts';
import type { Profile } from '../../src/profiles/profile.ts';
import { aws, exchange } from './fixtures.ts';
import { FakeLister } from './listing-fixtures.ts';

type Body = Record<string, unknown>;

interface Stored {
  readonly seq: bigint;
  readonly record: SentRecord;
}

interface FakeShard {
  info: ShardInfo;
  readonly log: Stored[];
}

const json = (operation: ApiRequest['operation'], body: unknown): ApiRequest => ({
  operation,
  wire: 'json',
  body,
});
const range = (s: ShardInfo) => ({
  StartingHashKey: String(s.startingHashKey),
  EndingHashKey: String(s.endingHashKey),
});

export class FakeReshardable {
  readonly shards: FakeShard[] = [];
  readonly calls: WriteCall[] = [];
  private seq = 49_000_000n;

  constructor(
    readonly stream: string,
    count: number,
    readonly profile: Profile = aws,
  ) {
    for (const r of splitHashRange(count, profile.hashRangeDivisor)) this.add(r);
  }

  private add(r: { startingHashKey: bigint; endingHashKey: bigint }, parents: string[] = []): FakeShard {
    const shard: FakeShard = {
      info: {
        shardId: `shardId-${String(this.shards.length).padStart(12, '0')}`,
        ...r,
        startingSequenceNumber: String(++this.seq),
        ...(parents[0] ? { parentShardId: parents[0] } : {}),
        ...(parents[1] ? { adjacentParentShardId: parents[1] } : {}),
      },
      log: [],
    };
    this.shards.push(shard);
    return shard;
  }

  private close(shard: FakeShard): void {
    shard.info = { ...shard.info, endingSequenceNumber: String(++this.seq) };
  }

  private find(id: string): FakeShard {
    return this.shards.find((s) => s.info.shardId === id)!;
  }

  get infos(): ShardInfo[] {
    return this.shards.map((s) => s.info);
  }

  /** ListShards, one page. */
  list(name = 'ListShards'): Walk {
    return {
      name,
      operation: 'ListShards',
      limit: 10_000,
      pages: [
        exchange(json('ListShards', { StreamName: this.stream, MaxResults: 10_000 }), 200, {
          Shards: this.infos.map((s) => ({
            ShardId: s.shardId,
            ...(s.parentShardId ? { ParentShardId: s.parentShardId } : {}),
            ...(s.adjacentParentShardId ? { AdjacentParentShardId: s.adjacentParentShardId } : {}),
            HashKeyRange: range(s),
            SequenceNumberRange: {
              StartingSequenceNumber: s.startingSequenceNumber,
              ...(s.endingSequenceNumber ? { EndingSequenceNumber: s.endingSequenceNumber } : {}),
            },
          })),
        }),
      ],
    };
  }

  /** A PutRecords of `records`, each to the open shard holding its hash key; returns its position. */
  write(records: readonly SentRecord[]): number {
    const entries = records.map((record) => {
      const h = hashOf(record);
      const shard = this.shards.find(
        (s) => isOpen(s.info) && s.info.startingHashKey <= h && h <= s.info.endingHashKey,
      )!;
      const seq = ++this.seq;
      shard.log.push({ seq, record });
      return { SequenceNumber: String(seq), ShardId: shard.info.shardId };
    });
    const request = json('PutRecords', {
      StreamName: this.stream,
      Records: records.map((r) => ({
        PartitionKey: r.partitionKey,
        Data: Buffer.from(r.data).toString('base64'),
        ...(r.explicitHashKey ? { ExplicitHashKey: r.explicitHashKey } : {}),
      })),
    });
    this.calls.push({
      writer: 'w0',
      operation: 'PutRecords',
      records,
      exchange: exchange(request, 200, { FailedRecordCount: 0, Records: entries }),
    });
    return this.calls.length - 1;
  }

  /** Applies a change and answers it. */
  change(r: ReshardRequest): Exchange {
    const body: Body = { StreamName: this.stream };
    if (r.kind === 'split') {
      const parent = this.find(r.shardToSplit);
      this.close(parent);
      const { startingHashKey: start, endingHashKey: end } = parent.info;
      this.add({ startingHashKey: start, endingHashKey: r.newStartingHashKey - 1n }, [parent.info.shardId]);
      this.add({ startingHashKey: r.newStartingHashKey, endingHashKey: end }, [parent.info.shardId]);
      Object.assign(body, { ShardToSplit: r.shardToSplit, NewStartingHashKey: String(r.newStartingHashKey) });
    } else if (r.kind === 'merge') {
      const [a, b] = [this.find(r.shardToMerge), this.find(r.adjacentShardToMerge)];
      this.close(a);
      this.close(b);
      this.add({ startingHashKey: a.info.startingHashKey, endingHashKey: b.info.endingHashKey }, [
        a.info.shardId,
        b.info.shardId,
      ]);
      Object.assign(body, { ShardToMerge: r.shardToMerge, AdjacentShardToMerge: r.adjacentShardToMerge });
    } else {
      const open = this.shards.filter((s) => isOpen(s.info));
      for (const s of open) this.close(s);
      // Each new range names the old shards it overlaps (one, or two adjacent ones): enough for 2 <-> 3.
      for (const target of splitHashRange(r.targetShardCount, this.profile.hashRangeDivisor)) {
        const parents = open.filter(
          (s) =>
            s.info.startingHashKey <= target.endingHashKey && target.startingHashKey <= s.info.endingHashKey,
        );
        this.add(
          target,
          parents.map((p) => p.info.shardId),
        );
      }
      Object.assign(body, { TargetShardCount: r.targetShardCount, ScalingType: 'UNIFORM_SCALING' });
      const answer = {
        StreamName: this.stream,
        CurrentShardCount: open.length,
        TargetShardCount: r.targetShardCount,
      };
      return exchange(json('UpdateShardCount', body), 200, answer);
    }
    return exchange(json(OPERATION_OF[r.kind], body), 200, undefined);
  }

  /** Every shard read from TRIM_HORIZON: a closed one to its end (ChildShards), an open one to its tip. */
  readBack(): ShardRead[] {
    return this.shards.map((s) => {
      const open = isOpen(s.info);
      const children = this.infos.filter(
        (c) => c.parentShardId === s.info.shardId || c.adjacentParentShardId === s.info.shardId,
      );
      const records = s.log.map((r) => ({
        SequenceNumber: String(r.seq),
        ApproximateArrivalTimestamp: 1_700_000_000,
        Data: Buffer.from(r.record.data).toString('base64'),
        PartitionKey: r.record.partitionKey,
      }));
      return {
        shardId: s.info.shardId,
        exchanges: [
          exchange(
            json('GetShardIterator', {
              StreamName: this.stream,
              ShardId: s.info.shardId,
              ShardIteratorType: 'TRIM_HORIZON',
            }),
            200,
            { ShardIterator: 'it-0' },
          ),
          exchange(json('GetRecords', { ShardIterator: 'it-0', Limit: 100 }), 200, {
            Records: records,
            MillisBehindLatest: 0,
            ...(open
              ? { NextShardIterator: 'it-1' }
              : {
                  ChildShards: children.map((c) => ({
                    ShardId: c.shardId,
                    ParentShards: [c.parentShardId, c.adjacentParentShardId].filter((p) => p !== undefined),
                    HashKeyRange: range(c),
                  })),
                }),
          }),
        ],
      };
    });
  }
}

/**
 * Drives a fake as the suite drives a target (src/generators/resharding-plan.ts): a write before, and for
 * each change a write sent with it (landing before it), one after its answer, ListShards after, one more write.
 */
export async function plannedStream(
  plan = reshardingPlans(aws)[0]!,
  profile: Profile = aws,
): Promise<ReshardedStream> {
  const fake = new FakeReshardable(`kcs-test-${plan.suffix}`, plan.shards, profile);
  const tagger = new RecordTagger('test');
  const specs = probeRecords(profile, plan);
  const write = (): number => fake.write(tagger.records(specs));
  write();
  const transitions: Transition[] = [];
  for (const change of plan.changes) {
    const before = fake.list('before');
    const open = fake.infos.filter(isOpen).sort((a, b) => (a.startingHashKey < b.startingHashKey ? -1 : 1));
    const request: ReshardRequest =
      change.kind === 'split'
        ? { kind: 'split', shardToSplit: open[change.openShard]!.shardId, newStartingHashKey: change.at }
        : change.kind === 'merge'
          ? {
              kind: 'merge',
              shardToMerge: open[change.openShard]!.shardId,
              adjacentShardToMerge: open[change.openShard + 1]!.shardId,
            }
          : { kind: 'scale', targetShardCount: change.target };
    const window = [write()];
    const ex = fake.change(request);
    window.push(write());
    const after = fake.list('after');
    transitions.push({
      request,
      exchange: ex,
      before,
      after,
      sawUpdating: false,
      window,
      following: [write()],
    });
  }
  const filters: FilterQuery[] = [];
  if (plan.filters) {
    const lister = new FakeLister(profile, fake.infos);
    for (const type of ['AT_LATEST', 'AT_TRIM_HORIZON', 'FROM_TRIM_HORIZON', 'AFTER_SHARD_ID'] as const) {
      const shardId = type === 'AFTER_SHARD_ID' ? fake.infos[0]!.shardId : undefined;
      const page = await lister.call('ListShards', {
        StreamName: fake.stream,
        MaxResults: 10_000,
        ShardFilter: { Type: type, ...(shardId ? { ShardId: shardId } : {}) },
      });
      filters.push({
        type,
        ...(shardId ? { shardId } : {}),
        walk: { name: type, operation: 'ListShards', pages: [page] },
      });
    }
  }
  return {
    stream: fake.stream,
    calls: fake.calls,
    transitions,
    final: fake.list('final'),
    readBack: fake.readBack(),
    filters,
  };
}

/** Both plans of the suite, on fakes, as the checks see them. */
export async function reshardingContext(profile: Profile = aws): Promise<ReshardingContext> {
  const streams = [];
  for (const plan of reshardingPlans(profile)) streams.push(await plannedStream(plan, profile));
  return { profile, streams };
}

/** The same exchange with its body replaced. */
export function withBody(ex: Exchange, body: (b: Body) => unknown): Exchange {
  return { ...ex, body: body(ex.body as Body) };
}

/** A listing walk whose one page's shards are changed. */
export function mapListing(walk: Walk, f: (shards: Body[]) => Body[]): Walk {
  return { ...walk, pages: [withBody(walk.pages[0]!, (b) => ({ ...b, Shards: f(b['Shards'] as Body[]) }))] };
}

/** The split-and-merge stream of a context, changed by `f`, the other stream left as it is. */
export function breakStream(
  ctx: ReshardingContext,
  f: (s: ReshardedStream) => ReshardedStream,
  index = 0,
): ReshardingContext {
  return { ...ctx, streams: ctx.streams.map((s, i) => (i === index ? f(s) : s)) };
}

/** The records one shard's read returned (first stream), changed by `f`. */
export function readRecords(
  ctx: ReshardingContext,
  shardId: string,
  f: (rs: Body[]) => Body[],
): ReshardingContext {
  return breakStream(ctx, (s) => ({
    ...s,
    readBack: s.readBack.map((r) =>
      r.shardId !== shardId
        ? r
        : {
            ...r,
            exchanges: r.exchanges.map((ex) =>
              ex.request.operation === 'GetRecords'
                ? withBody(ex, (b) => ({ ...b, Records: f(b['Records'] as Body[]) }))
                : ex,
            ),
          },
    ),
  }));
}
