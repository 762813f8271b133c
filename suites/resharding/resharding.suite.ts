/**
 * Resharding: a one-shard stream split in the middle and merged back, and a two-shard stream scaled to three
 * shards and back (UpdateShardCount, UNIFORM_SCALING), with writes of every probe key before, during and after
 * each change; then every shard read, parents to their end. Recorded once, judged by every check of the area.
 * A target without the operations (UnknownOperationException) has its checks skipped with that reason.
 */
import { afterAll, beforeAll, inject, test } from 'vitest';
import { HISTORY_CHECKS, type HistoryCheckId } from '../../src/checks/index.ts';
import type { ReshardedStream, ReshardingContext } from '../../src/checks/resharding-history.ts';
import { reshardingPlans, type StreamPlan } from '../../src/generators/resharding-plan.ts';
import { RecordTagger } from '../../src/generators/tagged-records.ts';
import { runHistoryCheck } from '../lib/history-harness.ts';
import { runPlan } from '../lib/resharding-run.ts';
import { Session } from '../lib/session.ts';

const cfg = inject('kcs');
const session = new Session(cfg);
/** AWS takes seconds to minutes per change; the embedded server none (its update delay is 0 by default). */
const ACTIVE_TIMEOUT_MS = 300_000;
/** The first test records the whole history: four changes on AWS take minutes. */
const TEST_TIMEOUT_MS = 30 * 60_000;

/**
 * The plans that fit under the shard cap, all streams created up front: each plan ends with the shards it
 * started with, so while one runs the others hold their first count. None on a profile without resharding.
 */
const plans = session.profile.reshardingUnsupported === null ? reshardingPlans(session.profile) : [];
const runnable: StreamPlan[] = [];
const fits = (set: readonly StreamPlan[]): boolean =>
  set.every((p) => p.peakShards + set.reduce((n, o) => (o === p ? n : n + o.shards), 0) <= cfg.maxShards);
for (const plan of plans) if (fits([...runnable, plan])) runnable.push(plan);

beforeAll(() => session.createStreams(runnable));
afterAll(() => session.close());

let recorded: Promise<ReshardingContext> | undefined;

function history(): Promise<ReshardingContext> {
  recorded ??= (async () => {
    const { api, profile } = session;
    const tagger = new RecordTagger(cfg.streamPrefix);
    const streams: ReshardedStream[] = [];
    for (const plan of plans) {
      const stream = session.name(plan.suffix);
      if (!runnable.includes(plan)) {
        const notRun = `${plan.suffix} needs up to ${plan.peakShards} shards at once besides the other streams, more than the allowed ${cfg.maxShards} (--max-shards)`;
        streams.push({ stream, notRun, calls: [], transitions: [], readBack: [], filters: [] });
        continue;
      }
      streams.push(await runPlan(api, stream, plan, { profile, tagger, activeTimeoutMs: ACTIVE_TIMEOUT_MS }));
    }
    return { profile, streams };
  })();
  return recorded;
}

const IDS = [
  'resharding.routes-to-open-shards',
  'resharding.parents-closed',
  'resharding.children-name-parents',
  'resharding.ranges-cover',
  'resharding.closed-shard-end',
  'resharding.key-order-across-shards',
  'resharding.write-during-transition',
  'resharding.shard-filter',
  'update-shard-count.uniform-scaling',
] as const satisfies readonly HistoryCheckId[];

// No describe block: the test's name is exactly the check id (the reporters' contract).
for (const id of IDS) {
  const check = HISTORY_CHECKS[id];
  test(id, (t) => runHistoryCheck(t, check, session, history), TEST_TIMEOUT_MS);
}
