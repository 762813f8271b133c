/**
 * PutRecords conformance: every check of the registry, one test each, named by its id. Random valid batches
 * (fast-check, shrunk on failure) go to a 4-shard stream; the enumerated limit cases and a throttling burst
 * go once to a 2-shard stream and every check judges the exchanges they produced.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, inject, test } from 'vitest';
import { CHECKS, type CheckId } from '../../src/checks/index.ts';
import type { CheckContext } from '../../src/checks/check.ts';
import { batchArb, putRecordsRequest } from '../../src/generators/batch.ts';
import { burstBatches } from '../../src/generators/burst.ts';
import { boundaryCases } from '../../src/generators/cases.ts';
import { invalidRequestArb } from '../../src/generators/invalid.ts';
import { runCheck, type Runner } from '../lib/harness.ts';
import { Session } from '../lib/session.ts';

const cfg = inject('kcs');
const session = new Session(cfg);
const MAIN = { suffix: 'put-records', shards: 4 };
const BULK = { suffix: 'put-records-limits', shards: 2 };
const main = session.name(MAIN.suffix);
const bulk = session.name(BULK.suffix);

beforeAll(() => session.createStreams([MAIN, BULK]));
afterAll(() => session.close());

type Observed = readonly { readonly name: string; readonly ctx: CheckContext }[];
let observed: Promise<Observed> | undefined;

/** The enumerated cases and the burst, sent once (in order, one at a time) and judged by every check. */
function observations(): Promise<Observed> {
  observed ??= (async () => {
    const out: { name: string; ctx: CheckContext }[] = [];
    const env = { stream: bulk, missingStream: session.name('missing'), wire: cfg.wire };
    for (const c of boundaryCases(session.profile, cfg.wire)) {
      out.push({ name: c.name, ctx: await session.send(c.request(env), c.expectation) });
    }
    const burst = burstBatches(session.profile);
    for (let i = 0; i < burst.length; i++) {
      const request = putRecordsRequest(bulk, burst[i]!, cfg.wire);
      out.push({
        name: `burst batch ${i + 1} of ${burst.length} to one shard`,
        ctx: await session.send(request),
      });
    }
    return out;
  })();
  return observed;
}

const validBatch = batchArb(session.profile);

/** Random valid batches to the main stream (accepted), judged together with the observations. */
async function validBatches(run: Runner): Promise<void> {
  run.judge(await observations());
  await run.property(validBatch, async (records) => [
    await session.send(putRecordsRequest(main, records, cfg.wire), { kind: 'accepted' }),
  ]);
}

/** Also random invalid requests: checks of any response (schema, headers) see error answers too. */
async function anyRequests(run: Runner): Promise<void> {
  run.judge(await observations());
  const env = { stream: main, missingStream: session.name('missing'), wire: cfg.wire };
  const arb = fc.oneof(
    validBatch.map((records) => ({
      request: putRecordsRequest(main, records, cfg.wire),
      expectation: undefined,
    })),
    invalidRequestArb(session.profile).map((c) => ({ request: c.request(env), expectation: c.expectation })),
  );
  await run.property(arb, async ({ request, expectation }) => [await session.send(request, expectation)]);
}

type Body = (run: Runner) => Promise<void>;
/** The exchange checks of this area; the other areas' suites run theirs. */
type PutRecordsCheckId = Extract<CheckId, `put-records.${string}`>;

const BODIES: Record<PutRecordsCheckId, Body> = {
  'put-records.response-schema': anyRequests,
  'put-records.content-type-matches-wire': anyRequests,
  'put-records.request-id-present': anyRequests,
  'put-records.records-length-matches': validBatches,
  'put-records.failed-count-matches': validBatches,
  'put-records.entry-exclusive': validBatches,
  'put-records.error-code-documented': validBatches,
  'put-records.invalid-request-rejected': anyRequests,
  'put-records.valid-request-accepted': validBatches,
  'put-records.shard-routing': validBatches,
  'put-records.sequence-order': validBatches,
};

// No describe block: the test's name is exactly the check id (the reporters' contract).
for (const [id, body] of Object.entries(BODIES) as [PutRecordsCheckId, Body][]) {
  const check = CHECKS[id];
  test(check.id, (t) => runCheck(t, check, session, body));
}
