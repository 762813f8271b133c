/**
 * Concurrent writers: several writers put batches to the same shards at once, each one call after another;
 * then every shard is read back and a history check reports lost, duplicated and reordered records. A call
 * without an answer counts as "may have been written".
 */
import fc from 'fast-check';
import { afterAll, beforeAll, inject, test } from 'vitest';
import type { HistoryContext } from '../../src/checks/history-check.ts';
import { HISTORY_CHECKS, type HistoryCheckId } from '../../src/checks/index.ts';
import type { WriteCall } from '../../src/checks/write-history.ts';
import { writersArb } from '../../src/generators/concurrent-writers.ts';
import { RecordTagger } from '../../src/generators/tagged-records.ts';
import { runHistoryCheck } from '../lib/history-harness.ts';
import { readBackAfter } from '../lib/read-back.ts';
import { putRecordsRequest, recordWrite } from '../lib/recorder.ts';
import { Session } from '../lib/session.ts';

const cfg = inject('kcs');
const session = new Session(cfg);
const STREAM = { suffix: 'concurrency', shards: Math.min(2, cfg.maxShards) };
const stream = session.name(STREAM.suffix);
/** Enough writers and calls to interleave on every shard; few enough records to stay under the write limit. */
const PLAN = { writers: 4, callsPerWriter: 6, maxRecords: 40, maxDataBytes: 512 } as const;
const PAGE_LIMIT = 100;

beforeAll(() => session.createStreams([STREAM]));
afterAll(() => session.close());

let recorded: Promise<HistoryContext> | undefined;

function history(): Promise<HistoryContext> {
  recorded ??= (async () => {
    const { api, profile } = session;
    const shards = session.shardsOf(stream)!;
    const tagger = new RecordTagger(cfg.streamPrefix);
    const [plans] = fc.sample(writersArb(profile, PLAN), { seed: cfg.seed, numRuns: 1 });
    // Each writer's calls go into the history as they are answered, so its own order is kept.
    const calls: WriteCall[] = [];
    await Promise.all(
      plans!.map(async ({ writer, calls: batches }) => {
        for (const batch of batches) {
          const records = tagger.records(batch, writer);
          calls.push(await recordWrite(api, writer, putRecordsRequest(api, stream, records), records));
        }
      }),
    );
    const readBack = await readBackAfter(api, stream, shards, calls, { profile, pageLimit: PAGE_LIMIT });
    return { profile, stream, shards, calls, readBack };
  })();
  return recorded;
}

const IDS = [
  'concurrency.no-loss-no-duplicates',
  'concurrency.per-writer-order',
] as const satisfies readonly HistoryCheckId[];

// No describe block: the test's name is exactly the check id (the reporters' contract).
for (const id of IDS) {
  const check = HISTORY_CHECKS[id];
  test(check.id, (t) => runHistoryCheck(t, check, session, history));
}
