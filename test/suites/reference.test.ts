/**
 * The whole conformance suite (base and deep) against the embedded reference server, as `kcs check` runs
 * it: every check passes with no expected-failures file, for both profiles. A suite that could not pass
 * against the server it ships with would make the README's main command fail.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHECK_IDS, CHECKS, HISTORY_CHECK_IDS, HISTORY_CHECKS } from '../../src/checks/index.ts';
import { runCheck } from '../../src/check/run-check.ts';
import { getProfile } from '../../src/profiles/index.ts';
import type { ProfileName } from '../../src/profiles/profile.ts';

/** The reason a check declares it does not apply to a profile (resharding on yds), or undefined. */
function declaredSkip(id: string, profile: ProfileName): string | undefined {
  const check = Object.hasOwn(CHECKS, id)
    ? CHECKS[id as keyof typeof CHECKS]
    : HISTORY_CHECKS[id as keyof typeof HISTORY_CHECKS];
  return check.skipReason?.(getProfile(profile));
}

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
  ] as const)('profile %s over %s: every check passes', async (profile, wire) => {
    const result = await runCheck(
      { profile, wire, seed: 11, reportDir: join(dir, `${profile}-${wire}`) },
      quiet,
    );
    // A check that declares it does not apply to the profile is skipped with that reason; nothing else may be.
    const notPassed = result.report.checks.filter(
      (c) =>
        c.status !== 'passed' &&
        !(c.status === 'skipped' && c.reason !== undefined && c.reason === declaredSkip(c.id, profile)),
    );
    expect(notPassed).toEqual([]);
    expect(result.exitCode).toBe(0);
    // Every registered check ran: none was left out of the suites.
    const ran = new Set(result.report.checks.map((c) => c.id));
    expect([...CHECK_IDS, ...HISTORY_CHECK_IDS].filter((id) => !ran.has(id))).toEqual([]);
  });
});
