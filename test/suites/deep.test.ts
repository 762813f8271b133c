/**
 * The deep suites against a real broken target, run the way `kcs check` runs them (vitest's Node API with
 * vitest.suites.config.ts): the reference server without write limits (it never throttles), behind a proxy
 * that drops one record from every GetRecords answer holding two or more. The checks that read must fail,
 * the throttling checks must skip with their reason, and the others must hold.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Reporter, TestCase } from 'vitest/node';
import type { CheckRecord } from '../../src/report/check-result.ts';
import { createServer, type RunningServer } from '../../src/server/server.ts';
import { droppingProxy, type DroppingProxy } from './dropping-proxy.ts';

interface Outcome {
  readonly state: string;
  readonly meta: CheckRecord | undefined;
}

class Outcomes implements Reporter {
  readonly byId = new Map<string, Outcome>();
  onTestCaseResult(testCase: TestCase): void {
    this.byId.set(testCase.name, { state: testCase.result().state, meta: testCase.meta().kcs });
  }
}

const SEED = 4242;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the suite files matching `filters` against `endpoint`; KCS_* are set for the run and restored after. */
async function runSuites(endpoint: string, filters: string[]): Promise<Map<string, Outcome>> {
  const vars: Record<string, string> = {
    KCS_ENDPOINT: endpoint,
    KCS_SEED: String(SEED),
    KCS_RUNS: '3',
    KCS_WIRE: 'cbor',
  };
  const names = [
    ...Object.keys(vars),
    'KCS_PROFILE',
    'KCS_ACCESS_KEY_ID',
    'KCS_SECRET_ACCESS_KEY',
    'KCS_STREAM_PREFIX',
    'KCS_MAX_SHARDS',
  ];
  const before = Object.fromEntries(names.map((k) => [k, process.env[k]]));
  const exitCode = process.exitCode;
  for (const k of names) delete process.env[k];
  Object.assign(process.env, vars);
  const outcomes = new Outcomes();
  try {
    const { startVitest } = await import('vitest/node');
    const vitest = await startVitest(
      'test',
      filters,
      // One worker for every file: the nested run stays fast.
      { root: ROOT, config: 'vitest.suites.config.ts', watch: false, isolate: false, reporters: [outcomes] },
      {},
      {},
    );
    await vitest.close();
  } finally {
    for (const k of names) {
      if (before[k] === undefined) delete process.env[k];
      else process.env[k] = before[k];
    }
    // vitest sets the exit code when a suite fails: here that is what the test expects.
    process.exitCode = exitCode;
  }
  return outcomes.byId;
}

describe('the deep suites against a target that drops a record on read and never throttles', () => {
  let server: RunningServer;
  let proxy: DroppingProxy;
  let outcomes: Map<string, Outcome>;
  const meta = (id: string): CheckRecord => outcomes.get(id)!.meta!;

  beforeAll(async () => {
    server = await createServer({ port: 0, shardWriteLimits: false });
    proxy = await droppingProxy(server.url);
    outcomes = await runSuites(proxy.url, ['suites/deep/']);
  }, 60_000);

  afterAll(async () => {
    await proxy.close();
    await server.close();
  });

  test('exactly the checks that see a lost record fail', () => {
    expect(proxy.dropped()).toBeGreaterThan(0);
    const failed = [...outcomes].filter(([, o]) => o.state === 'failed').map(([id]) => id);
    expect(failed.sort()).toEqual([
      'concurrency.no-loss-no-duplicates',
      'model.sequence-matches-model',
      'read-back.acknowledged-present-once',
    ]);
    for (const id of ['read-back.data-identical', 'read-back.shard-order', 'concurrency.per-writer-order'])
      expect(outcomes.get(id)?.state, id).toBe('passed');
  });

  test('the read-back failure names the record and carries a replayable request', () => {
    const failure = meta('read-back.acknowledged-present-once').failures![0]!;
    expect(failure.expected).toMatch(
      /^record \d+ of call \d+ \(writer w0; .*\) once, in shardId-\d+ at \d+$/,
    );
    expect(failure.received).toMatch(/^no record at \d+ in shardId-\d+$/);
    expect(failure.seed).toBe(SEED);
    // CBOR bodies are replayed from base64.
    expect(failure.curl).toMatch(/^printf %s '[A-Za-z0-9+/=]+' \| base64 -d \| curl /);
  });

  test('the model failure is shrunk and carries its seed and path', () => {
    const failure = meta('model.sequence-matches-model').failures![0]!;
    expect(failure.seed).toBe(SEED);
    expect(failure.path).toMatch(/^\d+(:\d+)*$/);
    expect(failure.expected).toMatch(
      /^record 1 of the answer to step \d+ \(GetRecords with Limit \d+ from iterator \d+/,
    );
    expect(failure.request).toMatchObject({ operation: 'GetRecords', wire: 'cbor' });
  });

  test('a target that never throttles gets the throttling checks skipped with the reason, not passed', () => {
    for (const id of [
      'throttling.per-record-failure',
      'throttling.message-names-shard',
      'throttling.batch-continues',
      'read-back.throttled-absent',
    ]) {
      expect(outcomes.get(id)?.state, id).toBe('skipped');
      expect(meta(id).skipReason, id).toMatch(/^could not provoke throttling/);
    }
  });
});
