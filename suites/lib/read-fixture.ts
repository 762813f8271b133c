/**
 * What the read area's suites set up before they read: records written to chosen shards (every one
 * acknowledged, with when its write was sent and answered), the shards' StartingSequenceNumbers, and reads
 * that take an iterator and follow it to the tip, with records written in between where the read is about
 * what comes after the iterator.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { ApiRequest } from '../../src/client/exchange.ts';
import { UnexpectedResponseError, type KinesisApi } from '../../src/client/kinesis-api.ts';
import type { ShardRange } from '../../src/checks/check.ts';
import type { CheckContext } from '../../src/checks/check.ts';
import type { IteratorRead, KnownRecord, ReadContext } from '../../src/checks/shard-reads.ts';
import { describeResponse, isObject } from '../../src/checks/view.ts';
import { setupAnswerProblem } from '../../src/client/setup-answers.ts';
import { outcomesOf, type SentRecord } from '../../src/checks/write-history.ts';
import type { RecordTagger } from '../../src/generators/tagged-records.ts';
import { iteratorOf, readCall, readPages, type ReaderOptions } from './read-from-iterator.ts';
import { putRecordRequest, putRecordsRequest, recordWrite } from './recorder.ts';

/** Sends one write; every record must be acknowledged (this is setup, not a judged request). */
export async function writeKnown(
  api: KinesisApi,
  request: ApiRequest,
  records: readonly SentRecord[],
): Promise<KnownRecord[]> {
  const sentAt = Date.now();
  const call = await recordWrite(api, 'read', request, records);
  const answeredAt = Date.now();
  const known: KnownRecord[] = [];
  for (const outcome of outcomesOf(call)) {
    if (outcome.kind !== 'written')
      throw new UnexpectedResponseError(
        `${request.operation} to set up a read`,
        `did not write every record: ${call.exchange ? describeResponse(call.exchange) : call.transportError}`,
        request,
        call.exchange,
      );
    known.push({ shardId: outcome.shardId, sequenceNumber: outcome.sequenceNumber, sentAt, answeredAt });
  }
  return known;
}

/** `count` records routed to `shard` by its first hash key, written with PutRecords (or PutRecord for one). */
export function writeTo(
  api: KinesisApi,
  stream: string,
  shard: ShardRange,
  tagger: RecordTagger,
  count: number,
): Promise<KnownRecord[]> {
  const records = tagger.records(
    Array.from({ length: count }, (_, i) => ({
      partitionKey: KEYS[i % KEYS.length]!,
      dataBytes: i * 7,
      explicitHashKey: String(shard.startingHashKey),
    })),
  );
  const request =
    count === 1 ? putRecordRequest(api, stream, records[0]!) : putRecordsRequest(api, stream, records);
  return writeKnown(api, request, records);
}

/**
 * A pause between writes, so that they arrive in different milliseconds and AT_TIMESTAMP has positions to
 * tell apart. The checks hold whatever the arrival times are; this only makes them say more.
 */
const ARRIVAL_SPACING_MS = 3;

/** Writes of `counts` records each to `shard`, one after another, a few milliseconds apart. */
export async function writeSpaced(
  api: KinesisApi,
  stream: string,
  shard: ShardRange,
  tagger: RecordTagger,
  counts: readonly number[],
): Promise<KnownRecord[]> {
  const written: KnownRecord[] = [];
  for (const count of counts) {
    if (written.length > 0) await delay(ARRIVAL_SPACING_MS);
    written.push(...(await writeTo(api, stream, shard, tagger, count)));
  }
  return written;
}

/** Keys of several lengths and scripts, so that records differ in more than their Data. */
const KEYS = ['a', 'key-é', '中文😀', 'k'.repeat(256)];

/** Each shard's StartingSequenceNumber, from ListShards (all pages). */
export async function shardStarts(api: KinesisApi, stream: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let body: Record<string, unknown> = { StreamName: stream };
  for (let page = 0; page < 100; page++) {
    const res = await api.call('ListShards', body);
    const problem = setupAnswerProblem('ListShards', res);
    if (problem !== undefined || !isObject(res.body))
      throw new UnexpectedResponseError(
        `ListShards ${stream}`,
        problem ?? 'answered no body',
        res.request,
        res,
      );
    for (const s of Array.isArray(res.body['Shards']) ? res.body['Shards'] : []) {
      const range = isObject(s) ? s['SequenceNumberRange'] : undefined;
      const start = isObject(range) ? range['StartingSequenceNumber'] : undefined;
      if (isObject(s) && typeof s['ShardId'] === 'string' && typeof start === 'string')
        out.set(s['ShardId'], start);
    }
    const next = res.body['NextToken'];
    if (typeof next !== 'string' || next === '') return out;
    body = { NextToken: next };
  }
  return out;
}

/** What a read suite judges: its reads (history checks) and its enumerated requests (exchange checks). */
export interface ReadObservations {
  readonly reads: ReadContext;
  readonly requests: readonly { readonly name: string; readonly ctx: CheckContext }[];
}

export interface ReadPlan {
  readonly name: string;
  readonly stream: string;
  readonly shardId: string;
  /** GetShardIterator members beyond StreamName and ShardId. */
  readonly position: Record<string, unknown>;
  /** The highest sequence number the read should reach; undefined when it should return nothing. */
  readonly awaited?: string;
  /** Each page's Limit (none when undefined). */
  readonly limit?: number;
  /** Writes after the first page: the records the read must go on to. */
  readonly later?: () => Promise<KnownRecord[]>;
  readonly limitCase?: boolean;
  /** Stop at the first page that returns records (a look at how Limit is honoured). */
  readonly firstRecordsOnly?: boolean;
}

/** Takes the iterator the plan describes and reads it to the tip. */
export async function readByPlan(
  api: KinesisApi,
  plan: ReadPlan,
  options: ReaderOptions,
): Promise<IteratorRead> {
  const start = await readCall(
    api,
    plan.shardId,
    'GetShardIterator',
    {
      StreamName: plan.stream,
      ShardId: plan.shardId,
      ...plan.position,
    },
    options,
  );
  const base = {
    name: plan.name,
    shardId: plan.shardId,
    start,
    ...(plan.limitCase ? { limitCase: true } : {}),
  };
  const iterator = iteratorOf(start);
  const limit = plan.limit !== undefined ? () => plan.limit : undefined;
  if (iterator === undefined)
    return { ...base, pages: [], later: [], laterAfterPages: 0, endedAt: Date.now() };
  const awaited = plan.awaited !== undefined ? BigInt(plan.awaited) : undefined;
  if (!plan.later) {
    const read = await readPages(api, plan.shardId, iterator, {
      ...options,
      ...(awaited !== undefined ? { awaited } : {}),
      ...(limit ? { limit } : {}),
      ...(plan.firstRecordsOnly ? { untilRecords: true } : {}),
    });
    return {
      ...base,
      pages: read.pages,
      later: [],
      laterAfterPages: 0,
      endedAt: Date.now(),
      ...(read.incomplete !== undefined ? { incomplete: read.incomplete } : {}),
    };
  }
  const first = await readPages(api, plan.shardId, iterator, {
    ...options,
    maxPages: 1,
    ...(limit ? { limit } : {}),
  });
  const later = await plan.later();
  const highest = later.reduce<bigint | undefined>((h, r) => {
    const seq = BigInt(r.sequenceNumber);
    return h === undefined || seq > h ? seq : h;
  }, undefined);
  const rest =
    first.next !== undefined && first.incomplete === undefined
      ? await readPages(api, plan.shardId, first.next, {
          ...options,
          ...(highest !== undefined ? { awaited: highest } : {}),
          ...(limit ? { limit } : {}),
        })
      : { pages: [] };
  const incomplete = first.incomplete ?? rest.incomplete;
  return {
    ...base,
    pages: [...first.pages, ...rest.pages],
    later,
    laterAfterPages: first.pages.length,
    endedAt: Date.now(),
    ...(incomplete !== undefined ? { incomplete } : {}),
  };
}
