/**
 * Reads built by hand: a tiny shard log that answers GetShardIterator and GetRecords as documented, over
 * JSON 1.1 (timestamps as epoch seconds) or CBOR 1.1 (tag 1 holding integer epoch milliseconds, in the raw
 * body the timestamp checks read), and the context the read checks judge. Tests break one thing in it.
 */
import { Encoder, Tag } from 'cbor-x';
import type { Exchange } from '../../src/client/exchange.ts';
import type { IteratorRead, KnownRecord, ReadContext } from '../../src/checks/shard-reads.ts';
import type { Profile } from '../../src/profiles/profile.ts';
import type { WireFormat } from '../../src/protocol/wire.ts';
import { aws, exchange } from './fixtures.ts';

export const SHARD_A = 'shardId-000000000000';
export const SHARD_B = 'shardId-000000000001';
/** The StartingSequenceNumber each shard reports: below every record's number. */
export const STARTS = new Map([
  [SHARD_A, '1000'],
  [SHARD_B, '2000'],
]);
/** The suite's clock when the first write is sent. */
export const T0 = Date.UTC(2026, 11, 5, 10, 0, 0);

export interface StoredRecord extends KnownRecord {
  readonly partitionKey: string;
  readonly data: Uint8Array;
  readonly arrivalMs: number;
}

/** How a timestamp goes on the wire: AWS's way by default; tests pass a broken one. */
export type TimestampEncoder = (wire: WireFormat, ms: number) => unknown;

export const awsTimestamp: TimestampEncoder = (wire, ms) =>
  wire === 'json' ? ms / 1000 : new Tag(BigInt(ms), 1);

const cbor = new Encoder({ mapsAsObjects: true, useRecords: false, tagUint8Array: false });

/** A GetRecords page answering `records`, its raw body in the wire's encoding. */
export function recordsPage(
  wire: WireFormat,
  records: readonly Record<string, unknown>[],
  rest: Record<string, unknown> = {},
  request: Record<string, unknown> = { ShardIterator: 'it' },
): Exchange {
  const onWire = { Records: records, ...rest };
  const ex = exchange({ operation: 'GetRecords', wire, body: request }, 200, undefined);
  if (wire === 'json') {
    const text = JSON.stringify(onWire);
    return { ...ex, rawBody: Buffer.from(text), body: JSON.parse(text) as unknown };
  }
  const raw = cbor.encode(onWire);
  // What a decoder gives the checks that read decoded values: tag 1 as a Date, as kcs's client decodes it.
  const body = {
    ...onWire,
    Records: records.map((r) => {
      const t = r['ApproximateArrivalTimestamp'];
      return t instanceof Tag ? { ...r, ApproximateArrivalTimestamp: new Date(Number(t.value)) } : r;
    }),
  };
  return { ...ex, rawBody: raw, body };
}

/** A record as a page carries it. */
export function wireRecord(
  wire: WireFormat,
  r: StoredRecord,
  timestamp: TimestampEncoder = awsTimestamp,
): Record<string, unknown> {
  return {
    SequenceNumber: r.sequenceNumber,
    ApproximateArrivalTimestamp: timestamp(wire, r.arrivalMs),
    Data: wire === 'json' ? Buffer.from(r.data).toString('base64') : r.data,
    PartitionKey: r.partitionKey,
  };
}

export interface FakeOptions {
  readonly wire?: WireFormat;
  readonly profile?: Profile;
  readonly timestamp?: TimestampEncoder;
}

/** Two shards answering as documented; writes arrive 1 ms after they are sent, each call 5 ms after the last. */
export class FakeShards {
  readonly wire: WireFormat;
  readonly profile: Profile;
  readonly logs = new Map<string, StoredRecord[]>([
    [SHARD_A, []],
    [SHARD_B, []],
  ]);
  private clock = T0;
  private readonly timestamp: TimestampEncoder;

  constructor(options: FakeOptions = {}) {
    this.wire = options.wire ?? 'json';
    this.profile = options.profile ?? aws;
    this.timestamp = options.timestamp ?? awsTimestamp;
  }

  /** One write call of `count` records to a shard. */
  write(shardId: string, count: number): StoredRecord[] {
    const log = this.logs.get(shardId)!;
    const sentAt = (this.clock += 5);
    const out: StoredRecord[] = [];
    for (let i = 0; i < count; i++) {
      const n = log.length;
      const r: StoredRecord = {
        shardId,
        sequenceNumber: String(BigInt(STARTS.get(shardId)!) + 1n + BigInt(n)),
        sentAt,
        answeredAt: sentAt + 2,
        partitionKey: `key-${shardId.slice(-1)}-${n}`,
        data: Buffer.from(`data ${n}`),
        arrivalMs: sentAt + 1,
      };
      log.push(r);
      out.push(r);
    }
    return out;
  }

  /** Where an iterator of this request starts, as documented. */
  position(shardId: string, request: Record<string, unknown>): number {
    const log = this.logs.get(shardId)!;
    const seq = request['StartingSequenceNumber'];
    const at = log.findIndex((r) => r.sequenceNumber === seq);
    switch (request['ShardIteratorType']) {
      case 'TRIM_HORIZON':
        return 0;
      case 'LATEST':
        return log.length;
      case 'AT_SEQUENCE_NUMBER':
        return seq === STARTS.get(shardId) ? 0 : at;
      case 'AFTER_SEQUENCE_NUMBER':
        return at + 1;
      default: {
        const t = request['Timestamp'];
        const ms = typeof t === 'number' ? Math.round(t * 1000) : Number((t as Tag).value);
        const i = log.findIndex((r) => r.arrivalMs >= ms);
        return i >= 0 ? i : log.length;
      }
    }
  }

  iteratorExchange(shardId: string, request: Record<string, unknown>): Exchange {
    const body = { StreamName: 's', ShardId: shardId, ...request };
    return exchange({ operation: 'GetShardIterator', wire: this.wire, body }, 200, {
      ShardIterator: `${shardId}/${this.position(shardId, request)}`,
    });
  }

  /** One page from `position`: at most `limit` records, MillisBehindLatest 0 when it reaches the end. */
  page(shardId: string, position: number, limit?: number): { page: Exchange; next: number } {
    const log = this.logs.get(shardId)!;
    const g = this.profile.getRecords;
    const records = log.slice(
      position,
      position + (limit === undefined || (limit === 0 && g.zeroLimit === 'default') ? g.maxLimit : limit),
    );
    const next = position + records.length;
    const behind =
      next >= log.length ? 0 : log[log.length - 1]!.arrivalMs - records[records.length - 1]!.arrivalMs;
    const page = recordsPage(
      this.wire,
      records.map((r) => wireRecord(this.wire, r, this.timestamp)),
      { NextShardIterator: `${shardId}/${next}`, MillisBehindLatest: behind },
      { ShardIterator: `${shardId}/${position}`, ...(limit !== undefined ? { Limit: limit } : {}) },
    );
    return { page, next };
  }

  /**
   * A read as the suite makes it: the iterator, pages to the tip; with `later`, one page, then `later`
   * records written, then pages to the tip again.
   */
  read(
    name: string,
    shardId: string,
    request: Record<string, unknown>,
    options: { limit?: number; later?: number; limitCase?: boolean } = {},
  ): IteratorRead {
    const start = this.iteratorExchange(shardId, request);
    let position = this.position(shardId, request);
    const pages: Exchange[] = [];
    const drain = (maxPages = Infinity): void => {
      for (let i = 0; i < maxPages; i++) {
        const { page, next } = this.page(shardId, position, options.limit);
        pages.push(page);
        const empty = next === position;
        position = next;
        if (empty || (options.limitCase && !empty)) return;
      }
    };
    let later: StoredRecord[] = [];
    if (options.later !== undefined) {
      drain(1);
      later = this.write(shardId, options.later);
    }
    drain();
    return {
      name,
      shardId,
      start,
      pages,
      later,
      laterAfterPages: options.later !== undefined ? 1 : 0,
      endedAt: (this.clock += 5),
      ...(options.limitCase ? { limitCase: true } : {}),
    };
  }

  context(written: ReadonlyMap<string, readonly KnownRecord[]>, reads: readonly IteratorRead[]): ReadContext {
    return { profile: this.profile, written, shardStarts: STARTS, reads, clockSkewMs: 0 };
  }
}

/**
 * The read-area fixture in miniature: six records on shard A in three writes, every iterator type taken at
 * and around them, shard B read at its start before two records, LATEST last before two more.
 */
export function iteratorReads(options: FakeOptions = {}): { fake: FakeShards; ctx: ReadContext } {
  const fake = new FakeShards(options);
  const a = [...fake.write(SHARD_A, 3), ...fake.write(SHARD_A, 1), ...fake.write(SHARD_A, 2)];
  const seq = (i: number) => ({ StartingSequenceNumber: a[i]!.sequenceNumber });
  const ts = (ms: number) => ({ ShardIteratorType: 'AT_TIMESTAMP', Timestamp: awsTimestamp(fake.wire, ms) });
  const reads = [
    fake.read('TRIM_HORIZON', SHARD_A, { ShardIteratorType: 'TRIM_HORIZON' }, { limit: 4 }),
    ...[0, 1, 5].map((i) =>
      fake.read(`AT ${i}`, SHARD_A, { ShardIteratorType: 'AT_SEQUENCE_NUMBER', ...seq(i) }),
    ),
    ...[0, 4, 5].map((i) =>
      fake.read(`AFTER ${i}`, SHARD_A, { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', ...seq(i) }),
    ),
    ...[a[0]!.arrivalMs - 1, a[0]!.arrivalMs, a[2]!.arrivalMs + 1, a[5]!.arrivalMs].map((ms) =>
      fake.read(`AT_TIMESTAMP ${ms}`, SHARD_A, ts(ms)),
    ),
    fake.read(
      'AT the start of B',
      SHARD_B,
      { ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: STARTS.get(SHARD_B) },
      { later: 2 },
    ),
    fake.read('LATEST', SHARD_A, { ShardIteratorType: 'LATEST' }, { later: 2 }),
  ];
  return {
    fake,
    ctx: fake.context(
      new Map([
        [SHARD_A, a],
        [SHARD_B, []],
      ]),
      reads,
    ),
  };
}

/** The context with the reads named `name` replaced by what `change` makes of them. */
export function changeRead(
  ctx: ReadContext,
  name: string,
  change: (read: IteratorRead) => IteratorRead,
): ReadContext {
  return { ...ctx, reads: ctx.reads.map((r) => (r.name === name ? change(r) : r)) };
}

/** The read with the Records of its pages rewritten (JSON pages: their bodies are the wire's values). */
export function rewritePages(
  read: IteratorRead,
  change: (records: Record<string, unknown>[], page: number) => Record<string, unknown>[],
): IteratorRead {
  return {
    ...read,
    pages: read.pages.map((p, i) => {
      const { Records, ...rest } = p.body as Record<string, unknown>;
      const records = change([...(Records as Record<string, unknown>[])], i);
      return recordsPage(p.request.wire, records, rest, p.request.body as Record<string, unknown>);
    }),
  };
}
