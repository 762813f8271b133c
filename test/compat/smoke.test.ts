/**
 * The fast end-to-end run of `kcs compat` that `npm test` keeps: kinesalite (the quicker emulator to start)
 * with a few checks, once with its ledger (exit 0) and once with the entry for its known failure taken out
 * (exit 1). The full matrix is `npm run compat`.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { closeConnections } from '../../src/client/send.ts';
import { runCompat } from '../../src/compat/compat.ts';
import type { CompatOptions } from '../../src/compat/options.ts';
import type { CompatReport } from '../../src/compat/matrix.ts';
import { parseLedger } from '../../src/report/expected-failures.ts';
import { probeEndpoint } from '../../src/check/probe.ts';
import { parseEndpoint } from '../../src/protocol/endpoint.ts';

const LEDGER_DIR = fileURLToPath(new URL('../../compat/ledgers/', import.meta.url));
const KNOWN_FAILURE = 'put-records.invalid-request-rejected';
const PASSING = 'put-records.request-id-present';

describe('kcs compat against kinesalite', () => {
  let dir: string;
  const output: string[] = [];
  const io = {
    stdout: (t: string) => void output.push(t),
    stderr: (t: string) => void output.push(t),
    // The PutRecords suite alone: the deep suites' collection would take most of the time budget
    // (--only filters tests, not files).
    suites: {
      root: fileURLToPath(new URL('../../', import.meta.url)),
      include: ['suites/put-records/*.suite.ts'],
    },
  };
  const options = (reportDir: string, ledgerDir: string): CompatOptions => ({
    targets: [{ name: 'kinesalite', kind: 'kinesalite' }],
    profile: 'aws',
    region: 'us-east-1',
    seed: 1,
    runs: 1,
    only: [KNOWN_FAILURE, PASSING],
    areas: [],
    reportDir,
    ledgerDir,
    diffRuns: 0,
  });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kcs-compat-'));
  });

  afterAll(async () => {
    await closeConnections();
    await rm(dir, { recursive: true, force: true });
  });

  test('with its ledger the run exits 0, the known failure is an expected failure, and kinesalite is stopped', async () => {
    const reportDir = join(dir, 'with-ledger');
    const { exitCode, report, files } = await runCompat(options(reportDir, LEDGER_DIR), io);

    expect(exitCode, output.join('')).toBe(0);
    const [target] = report.targets;
    expect(target).toMatchObject({ name: 'kinesalite', exitCode: 0, profile: 'aws' });
    expect(target!.software).toMatch(/^kinesalite \d+\.\d+\.\d+$/);
    expect(target!.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const cells = Object.fromEntries(report.checks.map((r) => [r.id, r.cells['kinesalite']]));
    expect(cells[KNOWN_FAILURE]).toMatchObject({
      status: 'expected-failure',
      curl: expect.stringMatching(/^curl /),
    });
    expect(cells[PASSING]).toEqual({ status: 'passed' });

    const written = JSON.parse(await readFile(files[0]!, 'utf8')) as CompatReport;
    expect(written.checks).toEqual(report.checks);
    expect(await readFile(files[1]!, 'utf8')).toContain(`[expected failure](#kinesalite--${KNOWN_FAILURE})`);
    expect(await readFile(files[2]!, 'utf8')).toContain(`id="kinesalite--${KNOWN_FAILURE}"`);
    // Stopped: its port no longer answers.
    expect(
      (await probeEndpoint({ endpoint: parseEndpoint(target!.endpoint!), region: 'us-east-1' }, 1000)).ok,
    ).toBe(false);
  });

  test('with the entry for its known failure removed from the ledger, the run exits 1', async () => {
    const ledger = parseLedger(
      await readFile(join(LEDGER_DIR, 'kinesalite.json'), 'utf8'),
      'kinesalite.json',
    );
    expect(ledger.entries.map((e) => e.check)).toContain(KNOWN_FAILURE);
    const ledgerDir = join(dir, 'ledgers');
    await mkdir(ledgerDir);
    await writeFile(
      join(ledgerDir, 'kinesalite.json'),
      JSON.stringify({ entries: ledger.entries.filter((e) => e.check !== KNOWN_FAILURE) }),
    );

    const { exitCode, report } = await runCompat(options(join(dir, 'without-entry'), ledgerDir), io);

    expect(exitCode).toBe(1);
    expect(report.targets[0]).toMatchObject({ name: 'kinesalite', exitCode: 1 });
    const row = report.checks.find((r) => r.id === KNOWN_FAILURE);
    expect(row?.cells['kinesalite']?.status).toBe('failed');
  });
});
