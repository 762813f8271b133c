/**
 * GetRecords: Limit, the records' members and arrival times, MillisBehindLatest, invalid iterators, and a
 * consumer following NextShardIterator. A 1-shard stream gets five records in two writes (PutRecords, then
 * PutRecord); it is read from TRIM_HORIZON once in full and once per Limit around the records available
 * and at the ends of Limit's range. Refused requests (Limit out of range, iterators that are none or belong
 * to a deleted stream) are sent once each. On a 2-shard stream, a property writes random batches and reads
 * them with random Limits from where the previous run's reads ended.
 */
import { setTimeout as delay } from 'node:timers/promises';
import fc from 'fast-check';
import { afterAll, beforeAll, inject, test } from 'vitest';
import { UnexpectedResponseError } from '../../src/client/kinesis-api.ts';
import type { CheckContext } from '../../src/checks/check.ts';
import { isCannotJudge, type HistoryFailure } from '../../src/checks/history-check.ts';
import { CHECKS, HISTORY_CHECKS, type HistoryCheckId } from '../../src/checks/index.ts';
import type { IteratorRead, KnownRecord } from '../../src/checks/shard-reads.ts';
import { describeResponse, errorType } from '../../src/checks/view.ts';
import { batchArb } from '../../src/generators/batch.ts';
import { getRecordsRejectedCases, limitsAround } from '../../src/generators/read-cases.ts';
import { RecordTagger } from '../../src/generators/tagged-records.ts';
import { SIGNATURE_CLOCK_SKEW_MS } from '../../src/profiles/common.ts';
import { runCheck } from '../lib/harness.ts';
import { counterExample, runHistoryCheck, runPropertyCheck } from '../lib/history-harness.ts';
import { readCall, readPages, requireIterator, type Pages } from '../lib/read-from-iterator.ts';
import {
  readByPlan,
  shardStarts,
  writeKnown,
  writeSpaced,
  type ReadObservations,
} from '../lib/read-fixture.ts';
import { ReadPacer } from '../lib/read-pacer.ts';
import { putRecordsRequest } from '../lib/recorder.ts';
import { Session } from '../lib/session.ts';

const cfg = inject('kcs');
const session = new Session(cfg);
const RECORDS = { suffix: 'read-records', shards: 1 };
const PAGING = { suffix: 'read-paging', shards: 2 };
/** A stream created, read and deleted, for an iterator that outlived its stream. */
const GONE = { suffix: 'read-gone', shards: 1 };
const stream = session.name(RECORDS.suffix);
const paging = session.name(PAGING.suffix);
/** Records per write: PutRecords, then PutRecord. */
const WRITES = [4, 1];
/** How long a deleted stream may take to disappear (AWS: DELETING for seconds), and the pause between looks. */
const GONE_TIMEOUT_MS = 120_000;
const GONE_POLL_MS = 250;

const pacer = new ReadPacer();
const options = { profile: session.profile, pacer };

beforeAll(() => session.createStreams([RECORDS, PAGING]));
afterAll(() => session.close());

let observed: Promise<ReadObservations> | undefined;

function observations(): Promise<ReadObservations> {
  observed ??= (async () => {
    const { api, profile } = session;
    const shard = session.shardsOf(stream)![0]!;
    const tagger = new RecordTagger(cfg.streamPrefix);
    const written = await writeSpaced(api, stream, shard, tagger, WRITES);
    const last = written[written.length - 1]!.sequenceNumber;
    const base = {
      stream,
      shardId: shard.shardId,
      position: { ShardIteratorType: 'TRIM_HORIZON' },
      awaited: last,
    };
    const reads: IteratorRead[] = [await readByPlan(api, { ...base, name: 'TRIM_HORIZON' }, options)];
    for (const limit of limitsAround(profile, written.length))
      reads.push(
        await readByPlan(
          api,
          {
            ...base,
            name: `TRIM_HORIZON with Limit ${limit}, ${written.length} records available`,
            limit,
            limitCase: true,
            firstRecordsOnly: true,
          },
          options,
        ),
      );
    const fresh = await readCall(
      api,
      shard.shardId,
      'GetShardIterator',
      { StreamName: stream, ShardId: shard.shardId, ShardIteratorType: 'TRIM_HORIZON' },
      options,
    );
    const iterator = requireIterator(fresh, `GetShardIterator ${stream} TRIM_HORIZON`);
    const gone = await iteratorOfDeletedStream();
    const requests: { name: string; ctx: CheckContext }[] = [];
    for (const c of getRecordsRejectedCases(profile, {
      iterator,
      ...(gone !== undefined ? { deletedStreamIterator: gone } : {}),
    }))
      requests.push({
        name: c.name,
        ctx: await session.send({ operation: 'GetRecords', wire: cfg.wire, body: c.body }, c.expectation),
      });
    return {
      reads: {
        profile,
        written: new Map([[shard.shardId, written]]),
        shardStarts: await shardStarts(api, stream),
        reads,
        clockSkewMs: SIGNATURE_CLOCK_SKEW_MS,
      },
      requests,
    };
  })();
  return observed;
}

/**
 * An iterator of a stream that has since been deleted (KL-T getRecords, V-AWS historical), or undefined when
 * the shard cap leaves no room for the extra stream.
 */
async function iteratorOfDeletedStream(): Promise<string | undefined> {
  if (RECORDS.shards + PAGING.shards + GONE.shards > cfg.maxShards) return undefined;
  const { api } = session;
  const name = session.name(GONE.suffix);
  await api.createStream(name, GONE.shards);
  let iterator: string | undefined;
  try {
    const [shard] = await api.listShards(name);
    const ex = await api.call('GetShardIterator', {
      StreamName: name,
      ShardId: shard!.shardId,
      ShardIteratorType: 'TRIM_HORIZON',
    });
    iterator = requireIterator(ex, `GetShardIterator ${name} TRIM_HORIZON`);
  } finally {
    await api.deleteStream(name);
  }
  // A DELETING stream "might continue to accept data read and write operations" (AWS-M DeleteStream).
  const deadline = Date.now() + GONE_TIMEOUT_MS;
  for (;;) {
    const ex = await api.call('DescribeStreamSummary', { StreamName: name });
    if (errorType(ex.body) === session.profile.errors.resourceNotFound.type) return iterator;
    if (Date.now() > deadline)
      throw new UnexpectedResponseError(
        `DescribeStreamSummary ${name}`,
        `answered ${describeResponse(ex)} ${GONE_TIMEOUT_MS} ms after DeleteStream, not ResourceNotFoundException`,
        ex.request,
        ex,
      );
    await delay(GONE_POLL_MS);
  }
}

const HISTORY_IDS = [
  'get-records.limit-honoured',
  'get-records.millis-behind-latest',
  'get-records.record-members',
  'get-records.arrival-timestamp',
] as const satisfies readonly HistoryCheckId[];

// No describe block: the test's name is exactly the check id (the reporters' contract).
for (const id of HISTORY_IDS) {
  const check = HISTORY_CHECKS[id];
  test(check.id, (t) => runHistoryCheck(t, check, session, async () => (await observations()).reads));
}

const rejected = CHECKS['get-records.invalid-request-rejected'];
test(rejected.id, (t) =>
  runCheck(t, rejected, session, async (run) => run.judge((await observations()).requests)),
);

const expired = CHECKS['get-records.expired-iterator-rejected'];
test(expired.id, (t) =>
  runCheck(t, expired, session, async (run) => {
    // Reached only where the profile's iterators expire within the suite's wait budget (skipReason).
    const { api, profile } = session;
    const shard = session.shardsOf(stream)![0]!;
    const ex = await api.call('GetShardIterator', {
      StreamName: stream,
      ShardId: shard.shardId,
      ShardIteratorType: 'TRIM_HORIZON',
    });
    const iterator = requireIterator(ex, `GetShardIterator ${stream} TRIM_HORIZON`);
    await delay(profile.iteratorTtlMs + 1000);
    const e = profile.errors.expiredIterator;
    run.judge([
      {
        name: 'an iterator past its lifetime',
        ctx: await session.send(
          { operation: 'GetRecords', wire: cfg.wire, body: { ShardIterator: iterator } },
          { kind: 'rejected', status: e.status, type: e.type, reason: 'an iterator past its lifetime' },
        ),
      },
    ]);
  }),
);

/**
 * The consumer: each shard of the paging stream is read from the NextShardIterator the previous run ended
 * with (TRIM_HORIZON the first time), after that run's leftovers are read off unjudged.
 */
const held = new Map<string, string>();
const pagingTagger = new RecordTagger(`${cfg.streamPrefix}paging`);

async function positionedIterator(shardId: string): Promise<string> {
  let last: Pages | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    let iterator = held.get(shardId);
    if (iterator === undefined) {
      const ex = await readCall(
        session.api,
        shardId,
        'GetShardIterator',
        { StreamName: paging, ShardId: shardId, ShardIteratorType: 'TRIM_HORIZON' },
        options,
      );
      iterator = requireIterator(ex, `GetShardIterator ${paging} TRIM_HORIZON`);
    }
    // Nothing awaited: every record written so far was read to the tip by its own run.
    last = await readPages(session.api, shardId, iterator, options);
    if (last.incomplete === undefined && last.next !== undefined) return last.next;
    // The held iterator is no good (a failed run left it behind): start over from TRIM_HORIZON.
    held.delete(shardId);
  }
  const page = last!.pages[last!.pages.length - 1]!;
  throw new UnexpectedResponseError(
    `GetRecords ${paging} ${shardId}`,
    `did not reach the tip: ${last!.incomplete ?? 'no NextShardIterator'}`,
    page.request,
    page,
  );
}

const limitArb = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 10 }) },
  fc.constant(session.profile.getRecords.maxLimit),
);
const runArb = fc.record({
  batches: fc.array(batchArb(session.profile, { maxRecords: 8, maxDataBytes: 64 }), {
    minLength: 1,
    maxLength: 3,
  }),
  limits: fc.array(limitArb, { minLength: 1, maxLength: 4 }),
});

const everyOnce = HISTORY_CHECKS['get-records.reads-every-record-once'];
test(everyOnce.id, (t) =>
  runPropertyCheck(t, everyOnce, session, runArb, async ({ batches, limits }) => {
    const { api, profile } = session;
    const shards = session.shardsOf(paging)!;
    const iterators = new Map<string, string>();
    for (const s of shards) iterators.set(s.shardId, await positionedIterator(s.shardId));
    const later = new Map<string, KnownRecord[]>(shards.map((s) => [s.shardId, []]));
    for (const batch of batches) {
      const records = pagingTagger.records(batch);
      for (const k of await writeKnown(api, putRecordsRequest(api, paging, records), records))
        later.get(k.shardId)?.push(k);
    }
    const reads: IteratorRead[] = [];
    for (const s of shards) {
      const records = later.get(s.shardId)!;
      const awaited = records.length > 0 ? BigInt(records[records.length - 1]!.sequenceNumber) : undefined;
      const read = await readPages(api, s.shardId, iterators.get(s.shardId)!, {
        ...options,
        ...(awaited !== undefined ? { awaited } : {}),
        limit: (page) => limits[page % limits.length],
      });
      if (read.next !== undefined) held.set(s.shardId, read.next);
      reads.push({
        name: `${s.shardId} from the previous read's NextShardIterator, Limits ${limits.join(', ')}`,
        shardId: s.shardId,
        pages: read.pages,
        later: records,
        laterAfterPages: 0,
        endedAt: Date.now(),
        ...(read.incomplete !== undefined ? { incomplete: read.incomplete } : {}),
      });
    }
    const verdict = everyOnce.judge({
      profile,
      written: new Map(shards.map((s) => [s.shardId, []])),
      shardStarts: new Map(),
      reads,
      clockSkewMs: SIGNATURE_CLOCK_SKEW_MS,
    });
    if (verdict === undefined) return;
    if (isCannotJudge(verdict)) throw new Error(verdict.cannotJudge);
    throw counterExample(Array.isArray(verdict) ? verdict[0]! : (verdict as HistoryFailure));
  }),
);
