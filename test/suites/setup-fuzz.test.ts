/**
 * The suite against a target that answers one setup call (CreateStream, DescribeStreamSummary, ListShards,
 * DeleteStream, GetShardIterator, GetRecords) with a random status, Content-Type and body, and passes every
 * other call through to the reference server: whatever comes back, the run ends in a readable verdict (a
 * setup failure naming the call, a failed check, or a pass), never a JavaScript error, and no report file
 * says `TypeError` or `undefined`.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { closeConnections } from '../../src/client/send.ts';
import type { CheckOptions } from '../../src/check/options.ts';
import { runCheck } from '../../src/check/run-check.ts';
import { parseCheckArgs } from '../../src/cli/commands/check.ts';
import { CONTENT_TYPES, encodeCbor } from '../../src/protocol/wire.ts';
import { createServer, type RunningServer } from '../../src/server/server.ts';
import { rewritingProxy, type ProxiedAnswer, type RewritingProxy } from './rewriting-proxy.ts';

const SETUP_OPERATIONS = [
  'CreateStream',
  'DescribeStreamSummary',
  'ListShards',
  'DeleteStream',
  'GetShardIterator',
  'GetRecords',
] as const;
type SetupOperation = (typeof SETUP_OPERATIONS)[number];

/** A check from the PutRecords suite and one from the read-back suite: every setup call above is made. */
const ONLY = ['put-records.request-id-present', 'read-back.data-identical'];
/** Each run starts vitest and creates streams: a few seconds each. */
const RUNS = 6;
const FUZZ_SEED = 20261205;

/** Words the reports must never contain: they would mean a JavaScript error reached the user. */
const FORBIDDEN = /TypeError|undefined/;

interface Sabotage {
  readonly operation: SetupOperation;
  /** Which call of that operation in the run (1 = the first). */
  readonly nth: number;
  readonly status: number;
  readonly contentType: string | undefined;
  readonly body: Buffer;
}

/** JSON values without the forbidden words, so a report quoting the body cannot contain them by chance. */
const json = fc.jsonValue({ maxDepth: 3 }).filter((v) => !FORBIDDEN.test(JSON.stringify(v)));

/** Bodies shaped like the real answers with the wrong types inside, and things that are no answer at all. */
const bodyArb: fc.Arbitrary<Buffer> = fc.oneof(
  fc.constant(Buffer.alloc(0)),
  json.map((v) => Buffer.from(JSON.stringify(v))),
  fc
    .record(
      {
        StreamDescriptionSummary: fc.oneof(json, fc.record({ StreamStatus: json })),
        Shards: fc.oneof(json, fc.array(fc.record({ ShardId: json, HashKeyRange: json }), { maxLength: 2 })),
        ShardIterator: json,
        Records: fc.oneof(json, fc.array(json, { maxLength: 2 })),
        NextShardIterator: json,
        NextToken: json,
      },
      { requiredKeys: [] },
    )
    .map((v) => Buffer.from(JSON.stringify(v))),
  json.map((v) => encodeCbor(v)),
  fc.constant(
    Buffer.from('<html><head><title>500 Internal Server Error</title></head><body>oops</body></html>'),
  ),
  fc.uint8Array({ minLength: 1, maxLength: 48 }).map((b) => Buffer.from(b)),
);

const sabotageArb: fc.Arbitrary<Sabotage> = fc.record({
  operation: fc.constantFrom(...SETUP_OPERATIONS),
  nth: fc.integer({ min: 1, max: 2 }),
  status: fc.constantFrom(200, 200, 400, 404, 500, 503),
  contentType: fc.constantFrom(
    CONTENT_TYPES.json,
    CONTENT_TYPES.cbor,
    'application/json',
    'text/plain',
    'text/html; charset=utf-8',
    undefined,
  ),
  body: bodyArb,
});

describe('setup calls answered at random', () => {
  let server: RunningServer;
  let dir: string;
  let sabotage: Sabotage | undefined;
  let hit = false;
  let proxy: RewritingProxy;
  const seen = new Map<string, number>();

  beforeAll(async () => {
    server = await createServer({ port: 0 });
    dir = await mkdtemp(join(tmpdir(), 'kcs-setup-fuzz-'));
    proxy = await rewritingProxy(server.url, async (call, forward): Promise<ProxiedAnswer> => {
      const n = (seen.get(call.operation) ?? 0) + 1;
      seen.set(call.operation, n);
      const s = sabotage;
      if (!s || s.operation !== call.operation || s.nth !== n) return forward();
      hit = true;
      // The real call still happens, so the stream exists as far as the server knows.
      await forward();
      return {
        status: s.status,
        headers: {
          ...(s.contentType !== undefined ? { 'content-type': s.contentType } : {}),
          'x-amzn-requestid': 'sabotaged',
        },
        body: s.body,
      };
    });
  });

  afterAll(async () => {
    await proxy.close();
    await closeConnections();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('every run ends in a readable verdict', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(sabotageArb, async (s) => {
        sabotage = s;
        hit = false;
        seen.clear();
        const reportDir = join(dir, String(run++));
        const out: string[] = [];
        const options = parseCheckArgs(['--seed', '3', '--runs', '1', '--only', ONLY.join(',')], {});
        const { exitCode, report, files } = await runCheck(
          {
            ...(options as CheckOptions),
            endpoint: proxy.url,
            accessKeyId: 'a',
            secretAccessKey: 'b',
            reportDir,
          },
          { stdout: (t) => void out.push(t), stderr: (t) => void out.push(t) },
        );
        const what = `${s.operation} #${s.nth} answered ${s.status} ${s.contentType ?? '(no content-type)'}`;
        expect([0, 1], what).toContain(exitCode);
        for (const file of files)
          expect(await readFile(file, 'utf8'), `${what}: ${file}`).not.toMatch(FORBIDDEN);
        expect(out.join(''), what).not.toMatch(FORBIDDEN);
        // Every check that did not pass says why, in words.
        for (const c of report.checks)
          if (c.status !== 'passed') expect(c.reason ?? '', `${what}: ${c.id}`).toMatch(/\w{3}/);
        if (!hit || s.status === 200) return;
        // Any other status is outside every setup call's contract: a setup failure names the call.
        expect(exitCode, what).toBe(1);
        const named = report.setupFailures.filter(
          (f) => f.call.startsWith(s.operation) || f.problem.includes(s.operation),
        );
        expect(
          named.length,
          `${what}: ${JSON.stringify(report.setupFailures.map((f) => f.call))}`,
        ).toBeGreaterThan(0);
        for (const f of named) {
          expect(f.response?.status, what).toBe(s.status);
          expect(f.curl, what).toMatch(/^(printf .* \| )?curl /);
        }
      }),
      { seed: FUZZ_SEED, numRuns: RUNS, endOnFailure: true },
    );
  }, 300_000);
});
