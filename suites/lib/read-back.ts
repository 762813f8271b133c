/**
 * Reads every shard of a stream from TRIM_HORIZON to its tip with GetShardIterator + GetRecords, paging with
 * a small Limit, backing off when a read is throttled and keeping to the read rate after that (ReadPacer). The
 * result is plain data (every exchange), judged by the read-back checks.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Exchange } from '../../src/client/exchange.ts';
import type { KinesisApi } from '../../src/client/kinesis-api.ts';
import type { ShardRange } from '../../src/checks/check.ts';
import type { ShardRead } from '../../src/checks/read-back-view.ts';
import { errorType, isObject } from '../../src/checks/view.ts';
import { setupAnswerProblem } from '../../src/client/setup-answers.ts';
import { UnexpectedResponseError } from '../../src/client/kinesis-api.ts';
import { writtenRecords, type WriteCall } from '../../src/checks/write-history.ts';
import type { Profile } from '../../src/profiles/profile.ts';
import { ReadPacer } from './read-pacer.ts';

export interface ReadBackOptions {
  readonly profile: Profile;
  readonly pacer: ReadPacer;
  /** GetRecords Limit: small enough that a shard's read spans several pages. */
  readonly pageLimit: number;
  /**
   * The highest acknowledged sequence number per shard: at the tip, the reader polls a little longer until it
   * has seen it, for targets where a write takes a moment to become readable.
   */
  readonly awaited?: ReadonlyMap<string, bigint>;
  /** Pause between retries and polls (injectable so tests need not sleep). */
  readonly wait?: (ms: number) => Promise<void>;
}

/** What the reader needs of a client. */
export type Reader = Pick<KinesisApi, 'call'>;

/** A bound on pages per shard, against a target whose iterator never reaches the tip. */
const MAX_PAGES = 2000;
/** Throttled reads are retried after these pauses, then the read gives up. */
const THROTTLE_BACKOFF_MS = [100, 200, 400, 800, 1600, 2000, 2000, 2000];
/** At the tip without the awaited record yet: polls after these pauses, then the read ends. */
const SETTLE_MS = [50, 100, 200, 400, 800];

const DECIMAL = /^(0|[1-9]\d*)$/;

/** The highest acknowledged sequence number per shard of a history. */
export function highestAcknowledged(calls: readonly WriteCall[]): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const w of writtenRecords(calls)) {
    const before = out.get(w.outcome.shardId);
    if (before === undefined || w.seq > before) out.set(w.outcome.shardId, w.seq);
  }
  return out;
}

export function readStream(
  api: Reader,
  stream: string,
  shards: readonly ShardRange[],
  options: ReadBackOptions,
): Promise<ShardRead[]> {
  return Promise.all(shards.map((s) => readShard(api, stream, s.shardId, options)));
}

export async function readShard(
  api: Reader,
  stream: string,
  shardId: string,
  options: ReadBackOptions,
): Promise<ShardRead> {
  const exchanges: Exchange[] = [];
  const wait = options.wait ?? ((ms: number) => delay(ms));
  const throttled = options.profile.errors.throughputExceeded.type;
  /** Sends with pacing and retries on throttling; the last exchange, or why it gave up. */
  const call = async (operation: 'GetShardIterator' | 'GetRecords', body: object): Promise<Exchange> => {
    for (let attempt = 0; ; attempt++) {
      await options.pacer.take(shardId);
      const ex = await api.call(operation, body);
      exchanges.push(ex);
      if (ex.status === 200 || errorType(ex.body) !== throttled || attempt >= THROTTLE_BACKOFF_MS.length)
        return ex;
      options.pacer.throttled();
      await wait(THROTTLE_BACKOFF_MS[attempt]!);
    }
  };
  const stop = (incomplete: string): ShardRead => ({ shardId, exchanges, incomplete });

  const first = await call('GetShardIterator', {
    StreamName: stream,
    ShardId: shardId,
    ShardIteratorType: 'TRIM_HORIZON',
  });
  const refused = setupAnswerProblem('GetShardIterator', first);
  if (refused !== undefined) return stop(`GetShardIterator TRIM_HORIZON ${refused}`);
  let iterator = (first.body as { ShardIterator: string }).ShardIterator;
  const awaited = options.awaited?.get(shardId);
  let highest: bigint | undefined;
  let settle = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const ex = await call('GetRecords', { ShardIterator: iterator, Limit: options.pageLimit });
    const problem = setupAnswerProblem('GetRecords', ex);
    if (problem !== undefined || !isObject(ex.body))
      return stop(`GetRecords ${problem ?? 'answered no body'}`);
    // Checked above: Records (when present) is a list; YDS leaves an empty one out (behaviour.md 5).
    const records = (ex.body['Records'] as unknown[] | undefined) ?? [];
    for (const r of records) {
      const seq = isObject(r) ? r['SequenceNumber'] : undefined;
      if (typeof seq !== 'string' || !DECIMAL.test(seq)) continue;
      const value = BigInt(seq);
      if (highest === undefined || value > highest) highest = value;
    }
    const next = ex.body['NextShardIterator'];
    // No next iterator: the shard is closed and this was its end.
    if (typeof next !== 'string' || next === '') return { shardId, exchanges };
    iterator = next;
    const behind = ex.body['MillisBehindLatest'];
    const atTip = records.length === 0 && (typeof behind !== 'number' || behind === 0);
    if (!atTip) continue;
    if (awaited === undefined || (highest !== undefined && highest >= awaited) || settle >= SETTLE_MS.length)
      return { shardId, exchanges };
    await wait(SETTLE_MS[settle++]!);
  }
  return stop(`no tip after ${MAX_PAGES} pages of ${options.pageLimit} records`);
}

/**
 * The read-back, or an UnexpectedResponseError for the first shard whose read stopped short: a read that
 * cannot reach the tip of a shard (an answer outside GetRecords' contract, throttled past every retry, no
 * tip) leaves the read-back checks nothing to judge, so they report it as the reason they could not run.
 */
export function requireComplete(stream: string, reads: readonly ShardRead[]): readonly ShardRead[] {
  const stopped = reads.find((r) => r.incomplete !== undefined);
  const last = stopped?.exchanges[stopped.exchanges.length - 1];
  if (!stopped || !last) return reads;
  throw new UnexpectedResponseError(
    `read-back of ${stream} ${stopped.shardId}`,
    `stopped short: ${stopped.incomplete}`,
    last.request,
    last,
  );
}

/**
 * The read-back the read-back checks judge: every shard read after `calls` were answered, waiting at each tip
 * for the highest record acknowledged there, at full speed until the target refuses a read. A read that stops
 * short is thrown (requireComplete).
 */
export async function readBackAfter(
  api: Reader,
  stream: string,
  shards: readonly ShardRange[],
  calls: readonly WriteCall[],
  options: Pick<ReadBackOptions, 'profile' | 'pageLimit'>,
): Promise<readonly ShardRead[]> {
  const reads = await readStream(api, stream, shards, {
    ...options,
    pacer: new ReadPacer(),
    awaited: highestAcknowledged(calls),
  });
  return requireComplete(stream, reads);
}
