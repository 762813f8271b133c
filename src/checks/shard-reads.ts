/**
 * Reads of a shard from an iterator, as plain data the read checks judge: the records the suite wrote and
 * the target acknowledged, the GetShardIterator exchange that placed the iterator, the GetRecords pages that
 * followed NextShardIterator, and the records written after the iterator was taken. What a read must return
 * is derived here from the request and the documented meaning of each iterator type, never from the
 * target's own account of its shard (AT_TIMESTAMP aside: only the target knows when a record arrived, so
 * its ApproximateArrivalTimestamps, read from TRIM_HORIZON, are the clock the Timestamp is compared on).
 */
import type { Exchange } from '../client/exchange.ts';
import type { Profile } from '../profiles/profile.ts';
import { arrivalOf } from './arrival-time.ts';
import {
  historyFailure,
  type CannotJudge,
  type HistoryCheck,
  type HistoryFailure,
  type Verdict,
} from './history-check.ts';
import { describeResponse, isObject } from './view.ts';

/** A record the suite wrote and the target acknowledged. */
export interface KnownRecord {
  readonly shardId: string;
  readonly sequenceNumber: string;
  /** When its write was sent and answered, in epoch milliseconds of the suite's clock. */
  readonly sentAt: number;
  readonly answeredAt: number;
}

/** One iterator taken and read to the tip of its shard. */
export interface IteratorRead {
  /** What the read shows, for reports: `AT_SEQUENCE_NUMBER of record 2 of 6`. */
  readonly name: string;
  readonly shardId: string;
  /**
   * The GetShardIterator exchange that placed the iterator; undefined when the read went on from the
   * NextShardIterator an earlier read ended with (a consumer that keeps reading).
   */
  readonly start?: Exchange;
  /** The GetRecords exchanges, in the order sent, each with the NextShardIterator of the one before. */
  readonly pages: readonly Exchange[];
  /**
   * Records written to the shard after the iterator was taken (LATEST, a shard with no records yet, a
   * consumer that keeps reading), after the first `laterAfterPages` pages: a read shows both "nothing yet"
   * and "what came next".
   */
  readonly later: readonly KnownRecord[];
  readonly laterAfterPages: number;
  /** When the last page was answered, in epoch milliseconds of the suite's clock. */
  readonly endedAt: number;
  /** Set when the read stopped before the tip of the shard: why. */
  readonly incomplete?: string;
  /** A read made to see how Limit is honoured: every page carries the same Limit. */
  readonly limitCase?: boolean;
}

export interface ReadContext {
  readonly profile: Profile;
  /** Per shard: the records acknowledged before any iterator of `reads` was taken, in sequence-number order. */
  readonly written: ReadonlyMap<string, readonly KnownRecord[]>;
  /** Per shard: the StartingSequenceNumber ListShards reports. */
  readonly shardStarts: ReadonlyMap<string, string>;
  readonly reads: readonly IteratorRead[];
  /** How far the target's clock may be from the suite's (SigV4 tolerates five minutes of skew). */
  readonly clockSkewMs: number;
}

/** A record as a page returns it. */
export interface PageRecord {
  readonly page: Exchange;
  /** Position in its page. */
  readonly index: number;
  /** Decoded leniently: a non-string shows as its JSON text. */
  readonly sequenceNumber: string;
  readonly raw: unknown;
}

/**
 * A value from an answer in words: JSON text, with what JSON cannot hold (a bigint, as a CBOR decoder gives
 * an 8-byte integer; bytes; a Date from tag 1) said plainly, and long text clipped.
 */
export function showValue(value: unknown): string {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return `(${value.length} bytes)`;
  if (value instanceof Date)
    return `a Date (${Number.isNaN(value.getTime()) ? 'invalid' : value.toISOString()})`;
  const text =
    JSON.stringify(value, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}...` : text;
}

/** The records of the answered pages, in the order returned. YDS omits an empty Records (behaviour.md 5). */
export function pageRecords(pages: readonly Exchange[]): PageRecord[] {
  const out: PageRecord[] = [];
  for (const page of pages) {
    if (page.status !== 200 || !isObject(page.body)) continue;
    const records = page.body['Records'];
    if (!Array.isArray(records)) continue;
    records.forEach((raw, index) => {
      const seq = isObject(raw) ? raw['SequenceNumber'] : undefined;
      out.push({
        page,
        index,
        sequenceNumber: typeof seq === 'string' ? seq : showValue(seq),
        raw,
      });
    });
  }
  return out;
}

/** The records a page returned; undefined when it was not a 200. */
export function recordCount(page: Exchange): number | undefined {
  if (page.status !== 200 || !isObject(page.body)) return undefined;
  const records = page.body['Records'];
  return Array.isArray(records) ? records.length : 0;
}

/** One line for an answer to GetShardIterator or GetRecords, for `received`. */
export function describeReadAnswer(exchange: Exchange): string {
  if (exchange.status !== 200 || !isObject(exchange.body)) return describeResponse(exchange);
  if (exchange.request.operation === 'GetRecords') return `HTTP 200 with ${recordCount(exchange)} records`;
  const iterator = exchange.body['ShardIterator'];
  return `HTTP 200 with ${typeof iterator === 'string' ? 'a ShardIterator' : 'no ShardIterator'}`;
}

/** The first page that is not a 200: where a read broke off. */
export function refusedPage(read: IteratorRead): Exchange | undefined {
  return read.pages.find((p) => p.status !== 200);
}

/** A member of the GetShardIterator request body. */
export function requestMember(read: IteratorRead, member: string): unknown {
  const body = read.start?.request.body;
  return isObject(body) ? body[member] : undefined;
}

export function iteratorType(read: IteratorRead): string | undefined {
  const type = requestMember(read, 'ShardIteratorType');
  return typeof type === 'string' ? type : undefined;
}

/**
 * A request Timestamp in epoch milliseconds, from the form the suite sent it in: epoch seconds in JSON 1.1
 * (AWS-M Timestamp, "1459799926.480"), tag 1 holding integer milliseconds in CBOR (issue #12).
 */
export function requestTimestampMs(value: unknown): number | undefined {
  if (typeof value === 'number') return Math.round(value * 1000);
  if (value instanceof Date) return value.getTime();
  if (isObject(value) && value['tag'] === 1) {
    const inner = value['value'];
    if (typeof inner === 'bigint' || typeof inner === 'number') return Number(inner);
  }
  return undefined;
}

/** `record 2 of 6 of shardId-000000000000`, `the 1st record written later`, or the bare number. */
export function nameOf(ctx: ReadContext, read: IteratorRead, seq: string): string {
  const written = ctx.written.get(read.shardId) ?? [];
  const i = written.findIndex((r) => r.sequenceNumber === seq);
  if (i >= 0) return `record ${i + 1} of ${written.length}`;
  const j = read.later.findIndex((r) => r.sequenceNumber === seq);
  if (j >= 0) return `record ${j + 1} of the ${read.later.length} written after the iterator`;
  return `SequenceNumber ${seq} (not one the suite wrote)`;
}

/**
 * A check's verdict over several reads: each read that fails is a distinct failure (its case: the read's
 * name); reads that cannot be judged are passed over, unless none could be.
 */
export function verdictOverReads(
  reads: readonly IteratorRead[],
  judge: (read: IteratorRead) => HistoryFailure | CannotJudge | undefined,
): Verdict {
  const failures: HistoryFailure[] = [];
  let unjudged: CannotJudge | undefined;
  let judged = 0;
  for (const read of reads) {
    const verdict = judge(read);
    if (verdict === undefined) judged++;
    else if ('cannotJudge' in verdict) unjudged ??= verdict;
    else failures.push({ ...verdict, case: read.name });
  }
  if (failures.length > 0) return failures.length === 1 ? failures[0] : failures;
  return judged === 0 ? unjudged : undefined;
}

/** Where a read must start in the records written before it: an index into them, or why it cannot be said. */
export type StartOf = (ctx: ReadContext, read: IteratorRead) => number | CannotJudge;

/**
 * A read returns exactly the records from its start on, then those written later, each once and in order:
 * the first difference is reported with the page that shows it.
 */
export function judgeRead(
  check: HistoryCheck<never>,
  ctx: ReadContext,
  read: IteratorRead,
  startOf: StartOf,
): HistoryFailure | CannotJudge | undefined {
  const start = read.start;
  if (start && start.status !== 200)
    return historyFailure(check, `an iterator for ${read.name}`, describeResponse(start), start);
  const written = ctx.written.get(read.shardId) ?? [];
  const from = startOf(ctx, read);
  if (typeof from !== 'number') return from;
  const expected = [...written.slice(from), ...read.later].map((r) => r.sequenceNumber);
  const received = pageRecords(read.pages);
  const what = describeExpected(ctx, read, from, written.length);
  for (let i = 0; i < Math.max(expected.length, received.length); i++) {
    const want = expected[i];
    const got = received[i];
    if (got !== undefined && want === got.sequenceNumber) continue;
    if (got === undefined) {
      const refused = refusedPage(read);
      const evidence = refused ?? read.pages[read.pages.length - 1] ?? start;
      if (!evidence) return { cannotJudge: `no page was read for ${read.name}` };
      return historyFailure(
        check,
        what,
        `${i === 0 ? 'no record' : `${i} records, the last ${nameOf(ctx, read, received[i - 1]!.sequenceNumber)}`}, then ${
          refused
            ? describeResponse(refused)
            : read.incomplete !== undefined
              ? `the read stopped: ${read.incomplete}`
              : `nothing more (${nameOf(ctx, read, want!)} is missing)`
        }`,
        evidence,
      );
    }
    return historyFailure(
      check,
      what,
      `${nameOf(ctx, read, got.sequenceNumber)} as the ${ordinal(i + 1)} record read${
        want === undefined ? ', after every record expected' : `, where ${nameOf(ctx, read, want)} belongs`
      }`,
      got.page,
    );
  }
  return undefined;
}

function describeExpected(ctx: ReadContext, read: IteratorRead, from: number, total: number): string {
  const own =
    from >= total
      ? `none of the ${total} records written before the iterator`
      : `the records of ${read.shardId} from ${nameOf(ctx, read, ctx.written.get(read.shardId)![from]!.sequenceNumber)} on`;
  const later = read.later.length > 0 ? `, then the ${read.later.length} written after it` : '';
  return `for ${read.name}: ${own}${later}, each once, in order`;
}

export function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${s}`;
}

/** The TRIM_HORIZON read of a shard, complete: the source of its records' arrival times. */
export function trimHorizonRead(ctx: ReadContext, shardId: string): IteratorRead | undefined {
  return ctx.reads.find(
    (r) =>
      r.shardId === shardId &&
      iteratorType(r) === 'TRIM_HORIZON' &&
      r.later.length === 0 &&
      !r.limitCase &&
      r.incomplete === undefined &&
      refusedPage(r) === undefined,
  );
}

/**
 * The arrival time the target gave each record written before the reads, in epoch milliseconds as AWS
 * encodes them, or why they cannot be known.
 */
export function arrivalTimes(ctx: ReadContext, shardId: string): number[] | CannotJudge {
  const read = trimHorizonRead(ctx, shardId);
  if (!read)
    return { cannotJudge: `no complete TRIM_HORIZON read of ${shardId} tells when its records arrived` };
  const bySeq = new Map<string, number>();
  for (const r of pageRecords(read.pages)) {
    const arrival = arrivalOf(r.page, r.index);
    if (arrival.ms !== undefined) bySeq.set(r.sequenceNumber, arrival.ms);
  }
  const out: number[] = [];
  for (const w of ctx.written.get(shardId) ?? []) {
    const ms = bySeq.get(w.sequenceNumber);
    if (ms === undefined)
      return {
        cannotJudge: `the TRIM_HORIZON read of ${shardId} gave no usable ApproximateArrivalTimestamp for SequenceNumber ${w.sequenceNumber}`,
      };
    out.push(ms);
  }
  return out;
}
