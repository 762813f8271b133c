/**
 * The read area's reader: takes an iterator and follows NextShardIterator page by page, as a consumer does,
 * until the tip of the shard, recording every exchange (plain data the read checks judge). Reads keep to the
 * target's read rate once it throttles (ReadPacer) and retry a throttled call after a pause. The tip is an
 * empty page once the highest record awaited has been seen: the suite knows what it wrote, and a target may
 * take a moment to make a write readable, so an empty page before that is polled again a few times.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Exchange } from '../../src/client/exchange.ts';
import { UnexpectedResponseError } from '../../src/client/kinesis-api.ts';
import { setupAnswerProblem } from '../../src/client/setup-answers.ts';
import { describeReadAnswer, pageRecords } from '../../src/checks/shard-reads.ts';
import { errorType, isObject } from '../../src/checks/view.ts';
import type { Profile } from '../../src/profiles/profile.ts';
import type { Reader } from './read-back.ts';
import type { ReadPacer } from './read-pacer.ts';

export interface ReaderOptions {
  readonly profile: Profile;
  readonly pacer: ReadPacer;
  /** Pause between retries and polls (injectable so tests need not sleep). */
  readonly wait?: (ms: number) => Promise<void>;
}

export interface Pages {
  readonly pages: Exchange[];
  /** The NextShardIterator of the last page: where a later read goes on. */
  readonly next?: string;
  /** Set when the read stopped before the tip: why. */
  readonly incomplete?: string;
}

/** A bound on pages per read, against a target whose iterator never reaches the tip. */
const MAX_PAGES = 500;
/** Throttled calls are retried after these pauses, then the read gives up. */
const THROTTLE_BACKOFF_MS = [100, 200, 400, 800, 1600, 2000, 2000, 2000];
/** At an empty page before the awaited record: polls after these pauses, then the read ends. */
const SETTLE_MS = [50, 100, 200, 400, 800];

/** Sends one read call, paced and retried while throttled; the last exchange. */
export async function readCall(
  api: Reader,
  shardId: string,
  operation: 'GetShardIterator' | 'GetRecords',
  body: object,
  options: ReaderOptions,
): Promise<Exchange> {
  const wait = options.wait ?? ((ms: number) => delay(ms));
  const throttled = options.profile.errors.throughputExceeded.type;
  for (let attempt = 0; ; attempt++) {
    await options.pacer.take(shardId);
    const ex = await api.call(operation, body);
    if (ex.status === 200 || errorType(ex.body) !== throttled || attempt >= THROTTLE_BACKOFF_MS.length)
      return ex;
    options.pacer.throttled();
    await wait(THROTTLE_BACKOFF_MS[attempt]!);
  }
}

/**
 * The ShardIterator of a GetShardIterator the suite needs to go on (setup, not a judged request): an answer
 * outside GetShardIterator's contract is a setup failure that keeps the checks from running.
 */
export function requireIterator(exchange: Exchange, call: string): string {
  const iterator = iteratorOf(exchange);
  if (iterator !== undefined) return iterator;
  throw new UnexpectedResponseError(
    call,
    setupAnswerProblem('GetShardIterator', exchange) ?? 'answered no ShardIterator',
    exchange.request,
    exchange,
  );
}

/** The ShardIterator of a GetShardIterator answer, or undefined. */
export function iteratorOf(exchange: Exchange): string | undefined {
  const it = isObject(exchange.body) ? exchange.body['ShardIterator'] : undefined;
  return exchange.status === 200 && typeof it === 'string' ? it : undefined;
}

/**
 * Reads from `iterator` to the tip: until an empty page once a record numbered `awaited` or higher has been
 * seen (any empty page when nothing is awaited), with `limit(page)` as each page's Limit (none when
 * undefined). `maxPages` stops earlier (a look at the first page only), as does `untilRecords`.
 */
export async function readPages(
  api: Reader,
  shardId: string,
  iterator: string,
  options: ReaderOptions & {
    readonly awaited?: bigint;
    readonly limit?: (page: number) => number | undefined;
    readonly maxPages?: number;
    /** Stop at the first page that returns records. */
    readonly untilRecords?: boolean;
  },
): Promise<Pages> {
  const wait = options.wait ?? ((ms: number) => delay(ms));
  const pages: Exchange[] = [];
  const zeroAtTip = options.profile.getRecords.zeroBehindWhenCaughtUp;
  let highest: bigint | undefined;
  let settle = 0;
  let next = iterator;
  for (let page = 0; page < (options.maxPages ?? MAX_PAGES); page++) {
    const limit = options.limit?.(page);
    const body = { ShardIterator: next, ...(limit !== undefined ? { Limit: limit } : {}) };
    const ex = await readCall(api, shardId, 'GetRecords', body, options);
    pages.push(ex);
    if (ex.status !== 200 || !isObject(ex.body))
      return { pages, incomplete: `GetRecords answered ${describeReadAnswer(ex)}` };
    const records = pageRecords([ex]);
    for (const r of records) {
      if (!/^\d+$/.test(r.sequenceNumber)) continue;
      const seq = BigInt(r.sequenceNumber);
      if (highest === undefined || seq > highest) highest = seq;
    }
    const following = ex.body['NextShardIterator'];
    // No next iterator: the shard is closed and this was its end.
    if (typeof following !== 'string' || following === '') return { pages };
    next = following;
    if (records.length > 0) {
      if (options.untilRecords) return { pages, next };
      continue;
    }
    const behind = ex.body['MillisBehindLatest'];
    const seen = options.awaited === undefined || (highest !== undefined && highest >= options.awaited);
    const caughtUp = typeof behind !== 'number' || behind === 0 || !zeroAtTip;
    if (seen && caughtUp) return { pages, next };
    // The target says there is more: read on at once.
    if (!seen && typeof behind === 'number' && behind > 0) continue;
    if (settle >= SETTLE_MS.length) return { pages, next };
    await wait(SETTLE_MS[settle++]!);
  }
  return options.maxPages !== undefined
    ? { pages, next }
    : { pages, next, incomplete: `no tip after ${MAX_PAGES} pages` };
}
