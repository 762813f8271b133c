/**
 * Read-back integrity: random batches (reproducible from the seed) and a throttling scenario go to one
 * stream, one call after another; then every shard is read from TRIM_HORIZON to its tip and the read-back
 * checks judge what came back against what was acknowledged.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, inject, test } from 'vitest';
import type { HistoryContext } from '../../src/checks/history-check.ts';
import { HISTORY_CHECKS, type HistoryCheckId } from '../../src/checks/index.ts';
import type { WriteCall } from '../../src/checks/write-history.ts';
import { batchArb } from '../../src/generators/batch.ts';
import { RecordTagger } from '../../src/generators/tagged-records.ts';
import { throttleScenario } from '../../src/generators/throttle-scenario.ts';
import { runHistoryCheck } from '../lib/history-harness.ts';
import { readBackAfter } from '../lib/read-back.ts';
import { putRecordRequest, recordWrite, writeInOrder } from '../lib/recorder.ts';
import { Session } from '../lib/session.ts';

const cfg = inject('kcs');
const session = new Session(cfg);
const STREAM = { suffix: 'read-back', shards: Math.min(2, cfg.maxShards) };
const stream = session.name(STREAM.suffix);
/** GetRecords Limit: the read of a busy shard spans many pages. */
const PAGE_LIMIT = 250;
/** Every this many random batches, one record goes alone with PutRecord. */
const PUT_RECORD_EVERY = 4;

beforeAll(() => session.createStreams([STREAM]));
afterAll(() => session.close());

let recorded: Promise<HistoryContext> | undefined;

function history(): Promise<HistoryContext> {
  recorded ??= (async () => {
    const { api, profile } = session;
    const shards = session.shardsOf(stream)!;
    const tagger = new RecordTagger(cfg.streamPrefix);
    const calls: WriteCall[] = [];
    const batches = fc.sample(batchArb(profile), { seed: cfg.seed, numRuns: cfg.runs });
    for (let i = 0; i < batches.length; i++) {
      await writeInOrder(api, stream, 'w0', [tagger.records(batches[i]!)], calls);
      if (i % PUT_RECORD_EVERY === 0) {
        const record = tagger.record(batches[i]![0]!);
        calls.push(await recordWrite(api, 'w0', putRecordRequest(api, stream, record), [record]));
      }
    }
    // Over the write limit, so that some records are answered ProvisionedThroughputExceededException.
    if (shards.length >= 2)
      await writeInOrder(
        api,
        stream,
        'w0',
        throttleScenario(profile, shards).calls.map((c) => tagger.records(c)),
        calls,
      );
    const readBack = await readBackAfter(api, stream, shards, calls, { profile, pageLimit: PAGE_LIMIT });
    return { profile, stream, shards, calls, readBack };
  })();
  return recorded;
}

const IDS = [
  'read-back.acknowledged-present-once',
  'read-back.data-identical',
  'read-back.record-members',
  'read-back.shard-order',
  'read-back.throttled-absent',
] as const satisfies readonly HistoryCheckId[];

// No describe block: the test's name is exactly the check id (the reporters' contract).
for (const id of IDS) {
  const check = HISTORY_CHECKS[id];
  test(check.id, (t) => runHistoryCheck(t, check, session, history));
}
