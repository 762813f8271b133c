/**
 * Partial failure and throttling: a scenario drives one shard past the byte limit within one call and another
 * past the record limit across calls, while records of the same batches go to an idle shard; the throttling
 * checks judge the answers. A target that never throttles gets these checks skipped, with the reason.
 */
import { afterAll, beforeAll, inject, test } from 'vitest';
import { accountOfArn, type HistoryContext } from '../../src/checks/history-check.ts';
import { HISTORY_CHECKS, type HistoryCheckId } from '../../src/checks/index.ts';
import { isObject } from '../../src/checks/view.ts';
import { RecordTagger } from '../../src/generators/tagged-records.ts';
import { throttleScenario } from '../../src/generators/throttle-scenario.ts';
import { runHistoryCheck } from '../lib/history-harness.ts';
import { writeInOrder } from '../lib/recorder.ts';
import { Session } from '../lib/session.ts';

const cfg = inject('kcs');
const session = new Session(cfg);
/** A shard over the byte limit, one over the record limit, one idle. */
const STREAM = { suffix: 'throttling', shards: Math.min(3, cfg.maxShards) };
const stream = session.name(STREAM.suffix);
const tooFewShards =
  STREAM.shards < 2
    ? `the scenario needs 2 shards (one hot, one idle); KCS_MAX_SHARDS is ${cfg.maxShards}`
    : undefined;

beforeAll(async () => {
  if (!tooFewShards) await session.createStreams([STREAM]);
});
afterAll(() => session.close());

let recorded: Promise<HistoryContext> | undefined;

function history(): Promise<HistoryContext> {
  recorded ??= (async () => {
    const { api, profile } = session;
    const shards = session.shardsOf(stream)!;
    const summary = await api.call('DescribeStreamSummary', { StreamName: stream });
    const description = isObject(summary.body) ? summary.body['StreamDescriptionSummary'] : undefined;
    const accountId = accountOfArn(isObject(description) ? description['StreamARN'] : undefined);
    const tagger = new RecordTagger(cfg.streamPrefix);
    const scenario = throttleScenario(profile, shards);
    const calls = await writeInOrder(
      api,
      stream,
      'w0',
      scenario.calls.map((c) => tagger.records(c)),
    );
    return { profile, stream, shards, calls, ...(accountId !== undefined ? { accountId } : {}) };
  })();
  return recorded;
}

const IDS = [
  'throttling.per-record-failure',
  'throttling.message-names-shard',
  'throttling.batch-continues',
] as const satisfies readonly HistoryCheckId[];

// No describe block: the test's name is exactly the check id (the reporters' contract).
for (const id of IDS) {
  const registered = HISTORY_CHECKS[id];
  const check = tooFewShards ? { ...registered, skipReason: () => tooFewShards } : registered;
  test(check.id, (t) => runHistoryCheck(t, check, session, history));
}
