/**
 * The resharding suite run the way `kcs check --endpoint` runs it, against targets the embedded default does
 * not show: the reference server with a real UPDATING delay (writes land while the change is under way), and
 * a target without the resharding operations (every check skipped, with its answer as the reason).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runCheck } from '../../src/check/run-check.ts';
import type { ReportCheck } from '../../src/report/report.ts';
import { createServer, type RunningServer } from '../../src/server/server.ts';
import { interceptingProxy } from './intercepting-proxy.ts';

const RESHARDING = new Set(['SplitShard', 'MergeShards', 'UpdateShardCount']);

async function reshardingChecks(endpoint: string, reportDir: string): Promise<readonly ReportCheck[]> {
  const { report } = await runCheck(
    { endpoint, profile: 'aws', seed: 7, areas: ['resharding'], reportDir },
    { credentialChain: () => Promise.reject(new Error('none: sign with dummy credentials')) },
  );
  return report.checks;
}

describe('the resharding suite against other targets', () => {
  let server: RunningServer;
  let dir: string;
  beforeAll(async () => {
    server = await createServer({ port: 0, profile: 'aws', updateStreamDelayMs: 150 });
    dir = await mkdtemp(join(tmpdir(), 'kcs-resharding-'));
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  test('a target that stays UPDATING for a while passes every check (writes go in during the change)', async () => {
    const checks = await reshardingChecks(server.url, join(dir, 'updating'));
    expect(checks.map((c) => [c.id, c.status])).toEqual(checks.map((c) => [c.id, 'passed']));
    expect(checks).toHaveLength(9);
  }, 60_000);

  test('a target without SplitShard, MergeShards and UpdateShardCount has every check skipped with its answer', async () => {
    const proxy = await interceptingProxy(server.url, {
      answer: (op) =>
        RESHARDING.has(op) ? { status: 400, body: { __type: 'UnknownOperationException' } } : undefined,
    });
    try {
      const checks = await reshardingChecks(proxy.url, join(dir, 'unsupported'));
      expect(checks).toHaveLength(9);
      for (const c of checks) {
        expect([c.id, c.status]).toEqual([c.id, 'skipped']);
        expect(c.reason).toMatch(
          /the target answered (SplitShard|UpdateShardCount) with HTTP 400 UnknownOperationException/,
        );
      }
    } finally {
      await proxy.close();
    }
  }, 60_000);
});
