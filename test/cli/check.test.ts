import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fileURLToPath } from 'node:url';
import { CHECK_DEFAULTS, type CheckOptions } from '../../src/check/options.ts';
import { onlyPattern, runCheck } from '../../src/check/run-check.ts';
import { ALL_SUITES, suitesOfAreas } from '../../src/check/suite-runner.ts';
import { closeConnections } from '../../src/client/send.ts';
import { parseCheckArgs } from '../../src/cli/commands/check.ts';
import { parseEndpoint } from '../../src/protocol/endpoint.ts';
import { UsageError } from '../../src/errors.ts';
import type { Report } from '../../src/report/report.ts';
import { reportSchemaErrors } from '../../src/report/report-schema.ts';
import { createServer, type RunningServer } from '../../src/server/server.ts';

describe('parseCheckArgs', () => {
  test('no arguments: the embedded target and the defaults', () => {
    expect(parseCheckArgs([], {})).toEqual({
      profile: 'yds',
      region: CHECK_DEFAULTS.region,
      wire: 'json',
      runs: CHECK_DEFAULTS.runs,
      only: [],
      areas: [],
      reportDir: 'reports',
      maxShards: 8,
    });
  });

  test('every flag', () => {
    const parsed = parseCheckArgs(
      [
        '--endpoint=http://localhost:4567/',
        '--profile=aws',
        '--region=eu-west-1',
        '--wire=cbor',
        '--seed=42',
        '--runs=5',
        '--only=put-records.a,put-records.b',
        '--only=put-records.a',
        '--area=read,protocol',
        '--area',
        'read',
        '--expect-failures=ef.json',
        '--report-dir=out',
        '--access-key-id=AKID',
        '--secret-access-key=SECRET',
        '--max-shards=2',
      ],
      {},
    );
    expect(parsed).toEqual({
      endpoint: parseEndpoint('http://localhost:4567'),
      profile: 'aws',
      region: 'eu-west-1',
      wire: 'cbor',
      seed: 42,
      runs: 5,
      only: ['put-records.a', 'put-records.b'],
      areas: ['read', 'protocol'],
      expectFailures: 'ef.json',
      reportDir: 'out',
      accessKeyId: 'AKID',
      secretAccessKey: 'SECRET',
      maxShards: 2,
    } satisfies CheckOptions);
  });

  test('the region comes from AWS_REGION when not given', () => {
    expect(parseCheckArgs([], { AWS_REGION: 'ap-south-1' })).toMatchObject({ region: 'ap-south-1' });
  });

  test('--help', () => {
    expect(parseCheckArgs(['--endpoint', 'x', '-h'], {})).toBe('help');
  });

  test.each([
    [['--endpoint', 'localhost:4567'], /--endpoint: expected an http/],
    [['--endpoint', 'not a url'], /--endpoint: not a URL/],
    [['--endpoint', 'http://h/?a=1'], /no query/],
    [['--endpoint', 'http://u:p@h/'], /credentials do not belong/],
    [['--profile', 'gcp'], /--profile: expected one of yds, aws/],
    [['--wire', 'xml'], /--wire: expected one of json, cbor/],
    [['--seed=-1'], /--seed: must be between/],
    [['--seed=2147483648'], /--seed: must be between/],
    [['--seed', 'abc'], /--seed: expected a whole number/],
    [['--runs', '0'], /--runs: must be between/],
    [['--max-shards', '1.5'], /--max-shards: expected a whole number/],
    [['--only', 'Put Records'], /--only: not a check id/],
    [
      ['--area', 'reads'],
      /--area: expected one of put-records, put-record, read, shards, resharding, lifecycle, protocol, got 'reads'/,
    ],
    [['--only', 'a,,b'], /--only: not a check id: ''/],
    [['--access-key-id', 'AKID'], /go together/],
    [['--region', 'EU WEST'], /--region: not a region name/],
    [['--report-dir='], /--report-dir: must not be empty/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['extra'], /unexpected argument 'extra'/],
  ])('%j is a usage error', (args, message) => {
    const attempt = (): unknown => parseCheckArgs(args, {});
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(message);
  });
});

describe('onlyPattern', () => {
  test('matches a test whose full name ends with one of the ids, dots taken literally', () => {
    const re = new RegExp(onlyPattern(['put-records.a', 'x.b'])!);
    expect(re.test('put-records put-records.a')).toBe(true);
    expect(re.test('x.b')).toBe(true);
    expect(re.test('put-records put-recordsXa')).toBe(false);
    expect(re.test('put-records put-records.ab')).toBe(false);
    expect(re.test('put-records.a.c')).toBe(false);
  });
  test('no ids, no pattern', () => {
    expect(onlyPattern([])).toBeUndefined();
  });
});

describe('runCheck on the fixture suites', () => {
  // Two tiny suites standing in for the real ones, so the runner is tested on its own.
  const fixture = {
    suites: {
      root: fileURLToPath(new URL('../../', import.meta.url)),
      include: ['test/fixtures/check/*.suite.ts'],
    },
  };
  let dir: string;
  let server: RunningServer;
  const base = parseCheckArgs([], {}) as CheckOptions;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kcs-check-'));
    server = await createServer({ port: 0 });
  });

  afterAll(async () => {
    await closeConnections();
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  function capture(): {
    out: string[];
    err: string[];
    io: { stdout: (t: string) => void; stderr: (t: string) => void };
  } {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) } };
  }

  test('a failing check exits 1 and every report is written', async () => {
    const reportDir = join(dir, 'embedded');
    const { out, io } = capture();
    const result = await runCheck({ ...base, seed: 7, reportDir }, { ...fixture, ...io });

    expect(result.exitCode).toBe(1);
    const report = JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8')) as Report;
    expect(reportSchemaErrors(report)).toEqual([]);
    expect(report.summary).toEqual({ passed: 1, failed: 1, skipped: 1, expectedFailures: 0 });
    expect(report.target).toMatchObject({ embedded: true, name: 'embedded reference server' });
    expect(report.seed).toBe(7);
    const byId = new Map(report.checks.map((c) => [c.id, c]));
    expect(byId.get('fixture.skipped')).toMatchObject({
      status: 'skipped',
      reason: 'does not apply to this profile',
    });
    expect(byId.get('fixture.fails')).toMatchObject({
      status: 'failed',
      severity: 'must',
      received: 'FailedRecordCount 1 but 0 records carry an ErrorCode',
      curl: expect.stringMatching(/^curl -X POST http:\/\/127\.0\.0\.1:\d+\//),
      failures: [{ seed: 7, path: '0:1', received: 'FailedRecordCount 1 but 0 records carry an ErrorCode' }],
    });

    const md = await readFile(join(reportDir, 'report.md'), 'utf8');
    expect(md).toContain('| `fixture.fails` | FAILED |');
    const html = await readFile(join(reportDir, 'report.html'), 'utf8');
    expect(html).toContain('<a href="#check-fixture.fails">FAILED</a>');
    expect(result.files.map((f) => f.slice(reportDir.length + 1))).toEqual([
      'report.json',
      'report.md',
      'report.html',
      'junit.xml',
    ]);
    expect(md).toContain('```sh\ncurl -X POST');
    const junit = await readFile(join(reportDir, 'junit.xml'), 'utf8');
    expect(junit).toMatch(/<testcase [^>]*name="fixture &gt; fixture\.passes"/);
    expect(junit).toMatch(/<failure/);

    const text = out.join('');
    expect(text).toMatch(/^FAIL {2}fixture\.fails {2}\d+ ms/m);
    expect(text).toMatch(/^pass {2}fixture\.passes {2}\d+ ms$/m);
    expect(text).toMatch(/^fixture\.fails +FAILED +expected FailedRecordCount/m);
    expect(text).toContain('seed 7; replay a check with: kcs check --seed 7 --runs 20 --only fixture.fails');
  });

  test('against an endpoint, a failure the ledger expects exits 0', async () => {
    const reportDir = join(dir, 'endpoint');
    const ledger = join(dir, 'ef.json');
    await writeFile(
      ledger,
      JSON.stringify({
        entries: [
          {
            check: 'fixture.fails',
            category: 'known-bug',
            match: '/0 records carry/',
            source: 'fixture',
            expires: '2999-12-31',
          },
        ],
      }),
    );
    const { err, io } = capture();
    const result = await runCheck(
      { ...base, endpoint: server.url, seed: 8, reportDir, expectFailures: ledger },
      { ...fixture, ...io, credentialChain: () => Promise.reject(new Error('no credentials')) },
    );

    expect(result.exitCode).toBe(0);
    expect(result.report.summary).toEqual({ passed: 1, failed: 0, skipped: 1, expectedFailures: 1 });
    expect(result.report.target).toEqual({
      endpoint: server.url,
      embedded: false,
      name: server.url,
      region: 'us-east-1',
    });
    expect(result.report.checks.find((c) => c.id === 'fixture.fails')).toMatchObject({
      status: 'expected-failure',
      expectedFailure: { category: 'known-bug', source: 'fixture' },
    });
    expect(err.join('')).toMatch(/dummy/);
  });

  test('--only runs the named check and nothing else counts', async () => {
    const reportDir = join(dir, 'only');
    const result = await runCheck(
      { ...base, seed: 9, reportDir, only: ['fixture.passes'] },
      { ...fixture, ...capture().io },
    );

    expect(result.exitCode).toBe(0);
    expect(result.report.checks.map((c) => [c.id, c.status])).toEqual([['fixture.passes', 'passed']]);
    expect(result.report.only).toEqual(['fixture.passes']);
  });

  test('an unreachable endpoint is a one-line usage error before anything runs', async () => {
    const closed = await createServer({ port: 0 });
    await closed.close();
    const reportDir = join(dir, 'unreachable');
    const attempt = runCheck(
      { ...base, endpoint: closed.url, reportDir, accessKeyId: 'a', secretAccessKey: 'b' },
      { ...fixture, ...capture().io },
    );
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(attempt).rejects.toThrow(`cannot use ${closed.url}: ECONNREFUSED`);
    await expect(readFile(join(reportDir, 'report.json'))).rejects.toThrow(/ENOENT/);
  });

  test('an unreadable ledger is a usage error', async () => {
    await expect(
      runCheck(
        { ...base, reportDir: join(dir, 'x'), expectFailures: join(dir, 'missing.json') },
        { ...fixture, ...capture().io },
      ),
    ).rejects.toThrow(/--expect-failures: cannot read .*ENOENT/);
  });
});

describe('areas', () => {
  test('each area loads its own suite folders only', () => {
    expect(suitesOfAreas(['put-records']).include).toEqual([
      'suites/put-records/*.suite.ts',
      'suites/deep/*.suite.ts',
    ]);
    expect(suitesOfAreas(['read', 'protocol']).include).toEqual([
      'suites/read/*.suite.ts',
      'suites/protocol/*.suite.ts',
    ]);
    expect(suitesOfAreas(['read']).root).toBe(ALL_SUITES.root);
  });
});
