/**
 * PutRecord conformance: one test per check id. The enumerated cases (PutRecords' record limits, the
 * SequenceNumberForOrdering rules, missing and mistyped members) go once to a 2-shard stream, the largest
 * records last; random records, random invalid requests and runs of PutRecord and PutRecords calls to one
 * partition key (PutRecord passing the previous sequence number) go to another 2-shard stream.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, inject, test, type TestContext } from 'vitest';
import type { CheckContext } from '../../src/checks/check.ts';
import { isCannotJudge, type HistoryContext, type HistoryFailure } from '../../src/checks/history-check.ts';
import { CHECKS, HISTORY_CHECKS, type CheckId } from '../../src/checks/index.ts';
import { placement } from '../../src/checks/put-record-view.ts';
import type { SentRecord, WriteCall } from '../../src/checks/write-history.ts';
import { putRecordsRequest, recordArb } from '../../src/generators/batch.ts';
import { bytesOf } from '../../src/generators/bytes.ts';
import { putRecordCases, invalidPutRecordArb } from '../../src/generators/put-record-cases.ts';
import { putRecordRequest, writeRunArb, type WriteRun } from '../../src/generators/put-record.ts';
import { resultEntries } from '../../src/checks/view.ts';
import { runCheck, type Runner } from '../lib/harness.ts';
import { counterExample, runPropertyCheck } from '../lib/history-harness.ts';
import { Session } from '../lib/session.ts';

const cfg = inject('kcs');
const session = new Session(cfg);
const MAIN = { suffix: 'put-record', shards: 2 };
const LIMITS = { suffix: 'put-record-limits', shards: 2 };
const main = session.name(MAIN.suffix);
const limits = session.name(LIMITS.suffix);

beforeAll(() => session.createStreams([MAIN, LIMITS]));
afterAll(() => session.close());

type Observed = readonly { readonly name: string; readonly ctx: CheckContext }[];
let observed: Promise<Observed> | undefined;

/** The enumerated cases, sent once, one at a time, in order, and judged by every exchange check. */
function observations(): Promise<Observed> {
  observed ??= (async () => {
    const env = { stream: limits, missingStream: session.name('missing'), wire: cfg.wire };
    const out: { name: string; ctx: CheckContext }[] = [];
    for (const c of putRecordCases(session.profile, cfg.wire))
      out.push({ name: c.name, ctx: await session.send(c.request(env), c.expectation) });
    return out;
  })();
  return observed;
}

const validRecord = recordArb(session.profile);

/** Random valid records to the main stream (accepted), judged with the observations. */
async function validRecords(run: Runner): Promise<void> {
  run.judge(await observations());
  await run.property(validRecord, async (record) => [
    await session.send(putRecordRequest(main, record, cfg.wire), { kind: 'accepted' }),
  ]);
}

/** Also random invalid requests, so that checks of any answer see error answers too. */
async function anyRequests(run: Runner): Promise<void> {
  run.judge(await observations());
  const env = { stream: main, missingStream: session.name('missing'), wire: cfg.wire };
  const arb = fc.oneof(
    validRecord.map((record) => ({
      request: putRecordRequest(main, record, cfg.wire),
      expectation: undefined,
    })),
    invalidPutRecordArb(session.profile).map((c) => ({
      request: c.request(env),
      expectation: c.expectation,
    })),
  );
  await run.property(arb, async ({ request, expectation }) => [await session.send(request, expectation)]);
}

/** The run's calls as one writer's history, and the answers of PutRecords given SequenceNumberForOrdering. */
async function perform(run: WriteRun): Promise<{ calls: WriteCall[]; ordered: CheckContext[] }> {
  const calls: WriteCall[] = [];
  const ordered: CheckContext[] = [];
  let previous: string | undefined;
  for (const step of run.steps) {
    if (step.operation === 'PutRecord') {
      const ordering = step.ordered ? previous : undefined;
      const spec = { partitionKey: run.partitionKey, dataBytes: step.dataBytes };
      const ctx = await session.send(putRecordRequest(main, spec, cfg.wire, ordering), { kind: 'accepted' });
      calls.push(writeCall('PutRecord', [sent(run.partitionKey, step.dataBytes)], ctx));
      if (ordering !== undefined) ordered.push(ctx);
      previous = placement(ctx.exchange)?.sequenceNumber ?? previous;
    } else {
      const specs = step.dataBytes.map((dataBytes) => ({ partitionKey: run.partitionKey, dataBytes }));
      const ctx = await session.send(putRecordsRequest(main, specs, cfg.wire), { kind: 'accepted' });
      const records = step.dataBytes.map((n) => sent(run.partitionKey, n));
      calls.push(writeCall('PutRecords', records, ctx));
      const last = resultEntries(ctx.exchange)?.at(-1) as { SequenceNumber?: unknown } | undefined;
      if (typeof last?.SequenceNumber === 'string') previous = last.SequenceNumber;
    }
  }
  return { calls, ordered };
}

function sent(partitionKey: string, dataBytes: number): SentRecord {
  return { partitionKey, data: bytesOf(dataBytes) };
}

function writeCall(operation: WriteCall['operation'], records: SentRecord[], ctx: CheckContext): WriteCall {
  return { writer: 'w0', operation, records, exchange: ctx.exchange };
}

/** Runs in which a PutRecord follows another write and passes its sequence number. */
const orderedRun = writeRunArb(session.profile).filter((run) =>
  run.steps.some((s, i) => i > 0 && s.operation === 'PutRecord' && s.ordered),
);

async function orderedPutRecords(run: Runner): Promise<void> {
  await run.property(orderedRun, async (value) => (await perform(value)).ordered);
}

type Body = (run: Runner) => Promise<void>;
type Id = Extract<CheckId, `put-record.${string}`>;

const BODIES: Record<Id, Body> = {
  'put-record.response-schema': anyRequests,
  'put-record.invalid-request-rejected': anyRequests,
  'put-record.valid-request-accepted': validRecords,
  'put-record.shard-routing': validRecords,
  'put-record.sequence-above-ordering': orderedPutRecords,
};

// No describe block: the test's name is exactly the check id (the reporters' contract).
for (const [id, body] of Object.entries(BODIES) as [Id, Body][]) {
  const check = CHECKS[id];
  test(check.id, (t) => runCheck(t, check, session, body));
}

const interleaved = HISTORY_CHECKS['put-record.interleaved-sequence-order'];

/**
 * Each run's history is judged on its own; a run whose history cannot say (a write refused) is passed over,
 * and the check is skipped with the reason when no run could be judged.
 */
test(interleaved.id, async (t: TestContext) => {
  const shards = () => session.shardsOf(main) ?? [];
  let judged = 0;
  let reason = 'no run was recorded';
  await runPropertyCheck(t, interleaved, session, writeRunArb(session.profile), async (run) => {
    const context: HistoryContext = {
      profile: session.profile,
      stream: main,
      shards: shards(),
      calls: (await perform(run)).calls,
    };
    const verdict = interleaved.judge(context);
    if (verdict === undefined) judged++;
    else if (isCannotJudge(verdict)) reason = verdict.cannotJudge;
    // A property shrinks towards one counterexample: the first distinct failure of this run.
    else throw counterExample(Array.isArray(verdict) ? verdict[0]! : (verdict as HistoryFailure));
  });
  if (judged > 0) return;
  t.task.meta.kcs = { ...t.task.meta.kcs!, skipReason: `no run could be judged: ${reason}` };
  t.skip(`no run could be judged: ${reason}`);
});
