/**
 * GetShardIterator: where each iterator type starts, and its documented errors. A 2-shard stream gets six
 * records in three writes on its first shard; iterators of every type are taken at and around them and read
 * to the tip. The second shard stays empty until an iterator at its own StartingSequenceNumber has been
 * read once; LATEST is taken last, before two more records. Then the enumerated requests (each type with its
 * arguments, and every documented way to get one wrong) are sent once and judged.
 */
import { afterAll, beforeAll, inject, test } from 'vitest';
import type { CheckContext } from '../../src/checks/check.ts';
import { CHECKS, HISTORY_CHECKS, type CheckId, type HistoryCheckId } from '../../src/checks/index.ts';
import { arrivalTimes, type IteratorRead, type ReadContext } from '../../src/checks/shard-reads.ts';
import { getShardIteratorCases, timestampOnWire, timestampsAround } from '../../src/generators/read-cases.ts';
import { RecordTagger } from '../../src/generators/tagged-records.ts';
import { SIGNATURE_CLOCK_SKEW_MS } from '../../src/profiles/common.ts';
import { runCheck } from '../lib/harness.ts';
import { runHistoryCheck } from '../lib/history-harness.ts';
import {
  readByPlan,
  shardStarts,
  writeSpaced,
  writeTo,
  type ReadPlan,
  type ReadObservations,
} from '../lib/read-fixture.ts';
import { ReadPacer } from '../lib/read-pacer.ts';
import { Session } from '../lib/session.ts';

const cfg = inject('kcs');
const session = new Session(cfg);
const STREAM = { suffix: 'read-iterators', shards: 2 };
const stream = session.name(STREAM.suffix);
/** Records per write on the first shard: three writes, PutRecord in the middle. */
const WRITES = [3, 1, 2];
/** Records written after LATEST and after the empty shard's first read. */
const LATER = 2;
/** GetRecords Limit of these reads: a read of the shard spans pages. */
const PAGE_LIMIT = 4;

beforeAll(() => session.createStreams([STREAM]));
afterAll(() => session.close());

let observed: Promise<ReadObservations> | undefined;

function observations(): Promise<ReadObservations> {
  observed ??= (async () => {
    const { api, profile } = session;
    const [a, b] = session.shardsOf(stream)!;
    if (!a || !b) throw new Error(`${stream} has fewer than 2 shards`);
    const options = { profile, pacer: new ReadPacer() };
    const starts = await shardStarts(api, stream);
    const tagger = new RecordTagger(cfg.streamPrefix);
    const written = await writeSpaced(api, stream, a, tagger, WRITES);
    const last = written[written.length - 1]!.sequenceNumber;
    const plan = (name: string, position: Record<string, unknown>, reachesEnd = true): ReadPlan => ({
      name,
      stream,
      shardId: a.shardId,
      position,
      limit: PAGE_LIMIT,
      ...(reachesEnd ? { awaited: last } : {}),
    });
    const at = (i: number) => ({ StartingSequenceNumber: written[i]!.sequenceNumber });
    const n = written.length;
    const reads: IteratorRead[] = [];
    const read = async (p: ReadPlan) => reads.push(await readByPlan(api, p, options));
    await read(plan('TRIM_HORIZON', { ShardIteratorType: 'TRIM_HORIZON' }));
    for (const i of [0, 1, n - 1])
      await read(
        plan(`AT_SEQUENCE_NUMBER of record ${i + 1} of ${n}`, {
          ShardIteratorType: 'AT_SEQUENCE_NUMBER',
          ...at(i),
        }),
      );
    for (const i of [0, n - 2, n - 1])
      await read(
        plan(
          `AFTER_SEQUENCE_NUMBER of record ${i + 1} of ${n}`,
          { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', ...at(i) },
          i < n - 1,
        ),
      );
    const context = (): ReadContext => ({
      profile,
      written: new Map([
        [a.shardId, written],
        [b.shardId, []],
      ]),
      shardStarts: starts,
      reads,
      clockSkewMs: SIGNATURE_CLOCK_SKEW_MS,
    });
    const arrivals = arrivalTimes(context(), a.shardId);
    for (const ms of timestampsAround(Array.isArray(arrivals) ? arrivals : [written[0]!.sentAt]))
      await read(
        plan(`AT_TIMESTAMP ${new Date(ms).toISOString()}`, {
          ShardIteratorType: 'AT_TIMESTAMP',
          Timestamp: timestampOnWire(cfg.wire, ms),
        }),
      );
    const bStart = starts.get(b.shardId);
    if (bStart !== undefined)
      await read({
        name: `AT_SEQUENCE_NUMBER of ${b.shardId}'s StartingSequenceNumber, before any record`,
        stream,
        shardId: b.shardId,
        position: { ShardIteratorType: 'AT_SEQUENCE_NUMBER', StartingSequenceNumber: bStart },
        limit: PAGE_LIMIT,
        later: () => writeTo(api, stream, b, tagger, LATER),
      });
    await read({
      ...plan('LATEST', { ShardIteratorType: 'LATEST' }, false),
      later: () => writeTo(api, stream, a, tagger, LATER),
    });
    const ctx = context();
    const otherShard = reads.flatMap((r) => (r.shardId === b.shardId ? r.later : []))[0];
    const cases = getShardIteratorCases(profile, {
      wire: cfg.wire,
      stream,
      missingStream: session.name('read-missing'),
      shardIds: [a.shardId, b.shardId],
      shard: a.shardId,
      sequenceNumber: written[1]!.sequenceNumber,
      arrivedAt: Array.isArray(arrivals) ? arrivals[0]! : written[0]!.sentAt,
      ...(otherShard ? { otherShardSequenceNumber: otherShard.sequenceNumber } : {}),
    });
    const requests: { name: string; ctx: CheckContext }[] = [];
    for (const c of cases)
      requests.push({
        name: c.name,
        ctx: await session.send(
          { operation: 'GetShardIterator', wire: cfg.wire, body: c.body },
          c.expectation,
        ),
      });
    return { reads: ctx, requests };
  })();
  return observed;
}

const HISTORY_IDS = [
  'get-shard-iterator.trim-horizon',
  'get-shard-iterator.latest',
  'get-shard-iterator.at-sequence-number',
  'get-shard-iterator.after-sequence-number',
  'get-shard-iterator.at-timestamp',
  'get-shard-iterator.at-shard-start',
] as const satisfies readonly HistoryCheckId[];

const EXCHANGE_IDS = [
  'get-shard-iterator.invalid-request-rejected',
  'get-shard-iterator.valid-request-accepted',
] as const satisfies readonly CheckId[];

// No describe block: the test's name is exactly the check id (the reporters' contract).
for (const id of HISTORY_IDS) {
  const check = HISTORY_CHECKS[id];
  test(check.id, (t) => runHistoryCheck(t, check, session, async () => (await observations()).reads));
}
for (const id of EXCHANGE_IDS) {
  const check = CHECKS[id];
  test(check.id, (t) =>
    runCheck(t, check, session, async (run) => run.judge((await observations()).requests)),
  );
}
