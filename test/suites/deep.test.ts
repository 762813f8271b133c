/**
 * The deep suites against a real broken target, run the way `kcs check` runs them (runCheck): the reference server without write limits (it never throttles), behind a proxy
 * that drops one record from every GetRecords answer holding two or more. The checks that read must fail,
 * the throttling checks must skip with their reason, and the others must hold.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCheck } from '../../src/check/run-check.ts';
import type { ReportCheck } from '../../src/report/report.ts';
import { createServer, type RunningServer } from '../../src/server/server.ts';
import { droppingProxy, type DroppingProxy } from './dropping-proxy.ts';

const SEED = 4242;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The deep suites against `endpoint`, as `kcs check --endpoint` runs them; the report's checks by id. */
async function runDeepSuites(endpoint: string, reportDir: string): Promise<Map<string, ReportCheck>> {
  const { report } = await runCheck(
    { endpoint, seed: SEED, runs: 3, wire: 'cbor', reportDir },
    {
      suites: { root: ROOT, include: ['suites/deep/*.suite.ts'] },
      credentialChain: () => Promise.reject(new Error('none: sign with dummy credentials')),
    },
  );
  return new Map(report.checks.map((c) => [c.id, c]));
}

describe('the deep suites against a target that drops a record on read and never throttles', () => {
  let server: RunningServer;
  let proxy: DroppingProxy;
  let outcomes: Map<string, ReportCheck>;
  let dir: string;
  const meta = (id: string): ReportCheck => outcomes.get(id)!;

  beforeAll(async () => {
    server = await createServer({ port: 0, shardWriteLimits: false });
    proxy = await droppingProxy(server.url);
    dir = await mkdtemp(join(tmpdir(), 'kcs-deep-'));
    outcomes = await runDeepSuites(proxy.url, dir);
  }, 60_000);

  afterAll(async () => {
    await proxy.close();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('exactly the checks that see a lost record fail', () => {
    expect(proxy.dropped()).toBeGreaterThan(0);
    const failed = [...outcomes].filter(([, o]) => o.status === 'failed').map(([id]) => id);
    expect(failed.sort()).toEqual([
      'concurrency.no-loss-no-duplicates',
      'model.sequence-matches-model',
      'read-back.acknowledged-present-once',
    ]);
    for (const id of ['read-back.data-identical', 'read-back.shard-order', 'concurrency.per-writer-order'])
      expect(outcomes.get(id)?.status, id).toBe('passed');
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
      expect(outcomes.get(id)?.status, id).toBe('skipped');
      expect(meta(id).reason, id).toMatch(/^could not provoke throttling/);
    }
  });
});
