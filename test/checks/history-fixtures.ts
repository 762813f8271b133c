/**
 * Histories built by hand: a tiny in-memory target that answers writes and read-backs correctly (routing by
 * the documented hash ranges, sequence numbers increasing per shard, throttling after a fixed number of
 * records per shard), and transformations that break its read-back in exactly one way.
 */
import type { ApiRequest, Exchange } from '../../src/client/exchange.ts';
import type { ShardRange } from '../../src/checks/check.ts';
import type { HistoryContext } from '../../src/checks/history-check.ts';
import type { ShardRead } from '../../src/checks/read-back-view.ts';
import { expectedShardOf, type SentRecord, type WriteCall } from '../../src/checks/write-history.ts';
import type { Profile } from '../../src/profiles/profile.ts';
import { splitHashRange } from '../../src/protocol/hash-key.ts';
import type { WireFormat } from '../../src/protocol/wire.ts';
import { exchange, yds } from './fixtures.ts';

export const STREAM = 'kcs-test-history';
export const ACCOUNT = '123456789012';

export const TWO_SHARDS: readonly ShardRange[] = splitHashRange(2, 'pow128').map((r, i) => ({
  shardId: `shardId-00000000000${i}`,
  ...r,
}));

export const THREE_SHARDS: readonly ShardRange[] = splitHashRange(3, 'pow128').map((r, i) => ({
  shardId: `shardId-00000000000${i}`,
  ...r,
}));

/** A record routed to shard `i` of `shards` by ExplicitHashKey, with unique Data. */
let counter = 0;
export function recordTo(shards: readonly ShardRange[], i: number, dataBytes = 8): SentRecord {
  const n = counter++;
  const data = Buffer.alloc(Math.max(dataBytes, 8));
  data.write(`r${n}|`);
  return { partitionKey: `k${n}`, data, explicitHashKey: String(shards[i]!.startingHashKey) };
}

/** A record routed by the MD5 of its key, with unique Data. */
export function record(key = `key-${counter}`): SentRecord {
  const n = counter++;
  return { partitionKey: key, data: Buffer.from(`data-${n}-\u0000\u00ff`, 'latin1') };
}

interface Stored {
  readonly SequenceNumber: string;
  readonly PartitionKey: string;
  readonly data: Uint8Array;
  readonly arrivalMs: number;
}

/** When the fake's first call is sent (epoch ms); each call after it is sent 10 ms later. */
export const FAKE_EPOCH_MS = Date.UTC(2026, 11, 5, 10, 0, 0);
const CALL_SPACING_MS = 10;

export interface FakeOptions {
  readonly profile?: Profile;
  readonly wire?: WireFormat;
  readonly shards?: readonly ShardRange[];
  /** Records a shard takes before every further one is throttled (the fake never refills). */
  readonly capacity?: number;
  /** The throttled record's ErrorMessage. */
  readonly throttleMessage?: (shardId: string) => string;
  /** Milliseconds each answer is said to take. */
  readonly durationMs?: number;
}

/** A correct target: writes land in the routed shard, reads return them in order. */
export class FakeTarget {
  readonly profile: Profile;
  readonly wire: WireFormat;
  readonly shards: readonly ShardRange[];
  readonly logs = new Map<string, Stored[]>();
  private readonly taken = new Map<string, number>();
  private clock = FAKE_EPOCH_MS;

  constructor(private readonly options: FakeOptions = {}) {
    this.profile = options.profile ?? yds;
    this.wire = options.wire ?? 'json';
    this.shards = options.shards ?? TWO_SHARDS;
    this.shards.forEach((s) => this.logs.set(s.shardId, []));
  }

  /** The time a call is sent: each call 10 ms after the one before. */
  private tick(): number {
    const at = this.clock;
    this.clock += CALL_SPACING_MS;
    return at;
  }

  /** The answer entry for one record, written if the shard has room; it arrives 1 ms after its call was sent. */
  private write(r: SentRecord, sentAt: number): Record<string, unknown> {
    const shardId = expectedShardOf(r, this.shards)!;
    const taken = this.taken.get(shardId) ?? 0;
    if (this.options.capacity !== undefined && taken >= this.options.capacity) {
      return {
        ErrorCode: this.profile.recordErrors.throughputExceeded,
        ErrorMessage:
          this.options.throttleMessage?.(shardId) ??
          `Rate exceeded for shard ${shardId} in stream ${STREAM} under account ${ACCOUNT}.`,
      };
    }
    this.taken.set(shardId, taken + 1);
    const log = this.logs.get(shardId)!;
    const index = this.shards.findIndex((s) => s.shardId === shardId);
    const SequenceNumber = String(49_000_000_000_000_000_000n * BigInt(index + 1) + BigInt(log.length));
    log.push({ SequenceNumber, PartitionKey: r.partitionKey, data: r.data, arrivalMs: sentAt + 1 });
    return { SequenceNumber, ShardId: shardId };
  }

  putRecords(records: readonly SentRecord[], writer = 'w0'): WriteCall {
    const at = this.tick();
    const entries = records.map((r) => this.write(r, at));
    const failed = entries.filter((e) => e['ErrorCode'] !== undefined).length;
    const body = { FailedRecordCount: failed, Records: entries };
    return this.answer('PutRecords', records, writer, 200, body, at);
  }

  putRecord(r: SentRecord, writer = 'w0'): WriteCall {
    const at = this.tick();
    const entry = this.write(r, at);
    if (entry['ErrorCode'] === undefined) return this.answer('PutRecord', [r], writer, 200, entry, at);
    const body = { __type: this.profile.errors.throughputExceeded.type, message: entry['ErrorMessage'] };
    return this.answer('PutRecord', [r], writer, 400, body, at);
  }

  /** A call answered as given: for breaking an answer by hand. */
  answer(
    operation: 'PutRecords' | 'PutRecord',
    records: readonly SentRecord[],
    writer: string,
    status: number,
    body: unknown,
    sentAt = this.tick(),
  ): WriteCall {
    const request = writeRequest(operation, records, this.wire);
    const ex = exchange(request, status, body);
    const timing = { sentAt, durationMs: this.options.durationMs ?? 1 };
    return { writer, operation, records, exchange: { ...ex, ...timing } };
  }

  /** One read of every shard: GetShardIterator, pages of `pageLimit`, then an empty page at the tip. */
  readBack(pageLimit = 3): ShardRead[] {
    const at = this.tick();
    return this.shards.map((s) =>
      pagesOf(
        s.shardId,
        this.logs.get(s.shardId)!.map((r) => this.wireRecord(r)),
        pageLimit,
        this.wire,
        at,
      ),
    );
  }

  /** A record as GetRecords returns it over the fake's wire: AWS's members, epoch seconds in JSON. */
  private wireRecord(r: Stored): Record<string, unknown> {
    return {
      SequenceNumber: r.SequenceNumber,
      ApproximateArrivalTimestamp: this.wire === 'json' ? r.arrivalMs / 1000 : new Date(r.arrivalMs),
      PartitionKey: r.PartitionKey,
      Data: this.wire === 'json' ? Buffer.from(r.data).toString('base64') : Buffer.from(r.data),
    };
  }

  context(calls: readonly WriteCall[], readBack?: readonly ShardRead[]): HistoryContext {
    return {
      profile: this.profile,
      stream: STREAM,
      shards: this.shards,
      calls,
      ...(readBack ? { readBack } : {}),
      accountId: ACCOUNT,
    };
  }
}

export function writeRequest(
  operation: 'PutRecords' | 'PutRecord',
  records: readonly SentRecord[],
  wire: WireFormat,
): ApiRequest {
  const entry = (r: SentRecord): Record<string, unknown> => ({
    PartitionKey: r.partitionKey,
    Data: wire === 'json' ? Buffer.from(r.data).toString('base64') : r.data,
    ...(r.explicitHashKey !== undefined ? { ExplicitHashKey: r.explicitHashKey } : {}),
  });
  return {
    operation,
    wire,
    body:
      operation === 'PutRecords'
        ? { StreamName: STREAM, Records: records.map(entry) }
        : { StreamName: STREAM, ...entry(records[0]!) },
  };
}

/** The exchanges of one shard read returning `records` (wire form) in pages, then an empty page at the tip. */
export function pagesOf(
  shardId: string,
  records: readonly Record<string, unknown>[],
  pageLimit: number,
  wire: WireFormat,
  sentAt?: number,
): ShardRead {
  const call = (operation: 'GetShardIterator' | 'GetRecords', body: unknown): ApiRequest => ({
    operation,
    wire,
    body,
  });
  const exchanges: Exchange[] = [
    exchange(
      call('GetShardIterator', { StreamName: STREAM, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' }),
      200,
      {
        ShardIterator: `${shardId}@0`,
      },
    ),
  ];
  for (let at = 0; ; at += pageLimit) {
    const page = records.slice(at, at + pageLimit);
    const answer = exchange(
      call('GetRecords', { ShardIterator: `${shardId}@${at}`, Limit: pageLimit }),
      200,
      {
        Records: page,
        NextShardIterator: `${shardId}@${at + page.length}`,
        MillisBehindLatest: 0,
      },
    );
    exchanges.push(sentAt !== undefined ? { ...answer, sentAt } : answer);
    if (page.length === 0) return { shardId, exchanges };
  }
}

/** The records (wire form) a shard read returned, in order. */
export function recordsOf(read: ShardRead): Record<string, unknown>[] {
  return read.exchanges.flatMap((ex) => {
    const body = ex.body as { Records?: Record<string, unknown>[] };
    return ex.request.operation === 'GetRecords' ? (body.Records ?? []) : [];
  });
}

/** A read-back broken in one shard: `change` gets that shard's records (wire form) and returns what the target sends. */
export function breakShard(
  reads: readonly ShardRead[],
  shardId: string,
  change: (records: Record<string, unknown>[]) => Record<string, unknown>[],
  pageLimit = 3,
): ShardRead[] {
  return reads.map((r) =>
    r.shardId === shardId
      ? pagesOf(
          shardId,
          change(recordsOf(r)),
          pageLimit,
          r.exchanges[0]!.request.wire,
          r.exchanges[1]?.sentAt,
        )
      : r,
  );
}

/** The busiest shard of a read-back. */
export function busiest(reads: readonly ShardRead[]): string {
  return [...reads].sort((a, b) => recordsOf(b).length - recordsOf(a).length)[0]!.shardId;
}

/** A PutRecords call whose answer entries `change` rewrote (FailedRecordCount recounted). */
export function rewriteAnswer(
  call: WriteCall,
  change: (entries: Record<string, unknown>[]) => Record<string, unknown>[],
): WriteCall {
  const body = call.exchange!.body as { Records: Record<string, unknown>[] };
  const entries = change(body.Records.map((e) => ({ ...e })));
  const failed = entries.filter((e) => e['ErrorCode'] !== undefined).length;
  return {
    ...call,
    exchange: { ...call.exchange!, body: { ...body, FailedRecordCount: failed, Records: entries } },
  };
}
