/**
 * The whole conformance suite (every area) against the embedded reference server, as `kcs check` runs it,
 * for both profiles, without an expected-failures ledger: every check passes, but for the skips listed (with
 * why) in reference-divergences.ts, and nothing else. A suite that could not pass against the server it ships
 * with would make the README's main command fail.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHECK_IDS, HISTORY_CHECK_IDS } from '../../src/checks/index.ts';
import { runCheck } from '../../src/check/run-check.ts';
import { createServer } from '../../src/server/server.ts';
import { SKIPS } from './reference-divergences.ts';

describe('kcs check against the embedded reference server', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kcs-reference-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const quiet = { stdout: () => undefined, stderr: () => undefined };

  test.each([
    ['yds', 'json'],
    ['aws', 'cbor'],
  ] as const)('profile %s over %s: every check passes, but the listed skips', async (profile, wire) => {
    const result = await runCheck(
      {
        profile,
        wire,
        seed: 11,
        reportDir: join(dir, `${profile}-${wire}`),
      },
      quiet,
    );
    const { checks } = result.report;
    const skipped = Object.fromEntries(
      checks.filter((c) => c.status === 'skipped').map((c) => [c.id, c.reason]),
    );
    expect(Object.keys(skipped).sort()).toEqual(Object.keys(SKIPS[profile]).sort());
    for (const [id, reason] of Object.entries(SKIPS[profile])) expect(skipped[id]).toMatch(reason);
    expect(checks.filter((c) => !['passed', 'skipped'].includes(c.status))).toEqual([]);
    expect(result.exitCode).toBe(0);
    // Every registered check ran: none was left out of the suites.
    const ran = new Set(checks.map((c) => c.id));
    expect([...CHECK_IDS, ...HISTORY_CHECK_IDS].filter((id) => !ran.has(id))).toEqual([]);
  });

  test('with a CREATING and a DELETING delay, the lifecycle checks judge the writes meanwhile', async () => {
    const server = await createServer({
      port: 0,
      host: '127.0.0.1',
      profile: 'aws',
      createStreamDelayMs: 300,
      deleteStreamDelayMs: 300,
    });
    try {
      const result = await runCheck(
        {
          endpoint: server.url,
          profile: 'aws',
          areas: ['lifecycle'],
          seed: 11,
          reportDir: join(dir, 'delays'),
        },
        quiet,
      );
      expect(result.report.checks.map((c) => [c.id, c.status])).toEqual(
        result.report.checks.map((c) => [c.id, 'passed']),
      );
      expect(result.report.checks.map((c) => c.id)).toContain('lifecycle.write-while-creating');
    } finally {
      await server.close();
    }
  });
});
