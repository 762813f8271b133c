import { describe, expect, test } from 'vitest';
import { renderMarkdown } from '../../src/report/markdown.ts';
import {
  buildReport,
  exitCodeOf,
  toJsonSafe,
  type ReportCheck,
  type ReportInput,
} from '../../src/report/report.ts';
import { reportSchemaErrors } from '../../src/report/report-schema.ts';
import { replayCommand } from '../../src/report/replay.ts';

const failed: ReportCheck = {
  id: 'put-records.failed-count-matches',
  title: 'FailedRecordCount equals the number of failed records',
  severity: 'must',
  source: 'seed: PutRecords response',
  status: 'failed',
  durationMs: 12.5,
  reason: 'expected 1; received 0',
  expected: 'FailedRecordCount 1',
  received: 'FailedRecordCount 0 | with a pipe',
  curl: "curl -X POST http://127.0.0.1:4567/ -H 'x-amz-target: Kinesis_20131202.PutRecords' -d '{}'",
  failures: [
    {
      expected: 'FailedRecordCount 1',
      received: 'FailedRecordCount 0 | with a pipe',
      request: {
        operation: 'PutRecords',
        body: { ExplicitHashKey: 2n ** 128n - 1n, Data: new Uint8Array([1, 2]) },
      },
      response: {
        status: 200,
        headers: { 'content-type': 'application/x-amz-json-1.1' },
        body: { form: 'json', bytes: 23, text: '{"FailedRecordCount":0}', clipped: false },
      },
      curl: "curl -X POST http://127.0.0.1:4567/ -H 'x-amz-target: Kinesis_20131202.PutRecords' -d '{}'",
      seed: 42,
      path: '3:0',
    },
  ],
};

function input(checks: ReportCheck[], problems: string[] = []): ReportInput {
  return {
    target: { endpoint: 'http://127.0.0.1:4567', embedded: true, region: 'us-east-1' },
    profile: 'yds',
    wire: 'json',
    seed: 42,
    runs: 20,
    versions: { kcs: '0.1.0', node: 'v20.0.0', vitest: '4.1.12', 'fast-check': '4.11.0' },
    startedAt: new Date('2026-06-15T10:00:00Z'),
    endedAt: new Date('2026-06-15T10:00:05Z'),
    checks,
    problems,
  };
}

const passed: ReportCheck = {
  id: 'a.passes',
  title: 'A',
  severity: 'should',
  status: 'passed',
  durationMs: 1,
};
const skipped: ReportCheck = { ...passed, id: 'a.skipped', status: 'skipped', reason: 'aws only' };

describe('buildReport', () => {
  test('produces JSON the schema accepts, with the embedded target named', () => {
    const report = buildReport(input([failed, passed, skipped]));
    const json: unknown = JSON.parse(JSON.stringify(report));
    expect(reportSchemaErrors(json)).toEqual([]);
    expect(report.target.name).toBe('embedded reference server');
    expect(report.summary).toEqual({ passed: 1, failed: 1, skipped: 1, expectedFailures: 0 });
  });

  test('names a given endpoint by its URL', () => {
    const report = buildReport({
      ...input([]),
      target: { endpoint: 'https://kinesis.example', embedded: false, region: 'eu-west-1' },
    });
    expect(report.target.name).toBe('https://kinesis.example');
  });

  test('turns bigints and bytes into JSON', () => {
    const report = buildReport(input([failed]));
    expect(report.checks[0]!.failures![0]!.request).toEqual({
      operation: 'PutRecords',
      body: { ExplicitHashKey: '340282366920938463463374607431768211455', Data: { base64: 'AQI=' } },
    });
  });
});

describe('report schema', () => {
  const good = (): Record<string, unknown> =>
    JSON.parse(JSON.stringify(buildReport(input([failed, passed])))) as Record<string, unknown>;

  test.each([
    [
      'an unknown status',
      (r: Record<string, unknown>) => ((r['checks'] as Record<string, unknown>[])[1]!['status'] = 'flaky'),
      /status/,
    ],
    ['a missing summary', (r: Record<string, unknown>) => delete r['summary'], /summary/],
    [
      'a failure without a reason',
      (r: Record<string, unknown>) => delete (r['checks'] as Record<string, unknown>[])[0]!['reason'],
      /reason/,
    ],
    ['a non-ISO startedAt', (r: Record<string, unknown>) => (r['startedAt'] = 'yesterday'), /startedAt/],
    ['an extra top-level field', (r: Record<string, unknown>) => (r['extra'] = 1), /additional properties/],
    [
      'a missing fast-check version',
      (r: Record<string, unknown>) => delete (r['versions'] as Record<string, unknown>)['fast-check'],
      /fast-check/,
    ],
  ])('rejects %s', (_name, breakIt, message) => {
    const report = good();
    breakIt(report);
    const errors = reportSchemaErrors(report);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(message);
  });

  test('an expected failure must name its ledger entry', () => {
    const report = good();
    (report['checks'] as Record<string, unknown>[])[0]!['status'] = 'expected-failure';
    expect(reportSchemaErrors(report).join('\n')).toMatch(/expectedFailure/);
  });
});

describe('exitCodeOf', () => {
  test.each([
    ['all passed', [passed, skipped], [], 0],
    ['an expected failure', [{ ...failed, status: 'expected-failure' as const }], [], 0],
    ['a failure', [passed, failed], [], 1],
    ['a stale ledger entry', [passed], ['expected-failures entry for a.passes is stale'], 1],
  ])('%s -> %i', (_name, checks, problems, code) => {
    expect(exitCodeOf({ checks, problems })).toBe(code);
  });
});

describe('renderMarkdown', () => {
  const md = renderMarkdown(buildReport(input([failed, passed], ['a problem'])));

  test('has a summary table row per check, with pipes escaped', () => {
    expect(md).toContain('| check | result | reason |');
    expect(md).toContain('| `a.passes` | passed |  |');
    expect(md).toMatch(/\| `put-records\.failed-count-matches` \| FAILED \| expected 1; received 0 \|/);
    expect(md).toContain('FailedRecordCount 0 | with a pipe');
  });

  test('gives each failure its curl line, seed and replay command', () => {
    expect(md).toContain('```sh\ncurl -X POST http://127.0.0.1:4567/');
    expect(md).toContain(
      "**fast-check:** seed 42, path `3:0` (`fc.assert(property, { seed: 42, path: '3:0' })`)",
    );
    expect(md).toContain(
      '```http\nHTTP 200\ncontent-type: application/x-amz-json-1.1\n\n{"FailedRecordCount":0}\n```',
    );
    expect(md).toContain('kcs check --seed 42 --runs 20 --only put-records.failed-count-matches');
    expect(md).toContain('- a problem');
  });
});

test('replayCommand names the target and non-default settings', () => {
  const report = buildReport({
    ...input([]),
    profile: 'aws',
    wire: 'cbor',
    target: { endpoint: 'http://localhost:4567', embedded: false, region: 'eu-west-1' },
  });
  expect(replayCommand(report, 'x.y')).toBe(
    'kcs check --endpoint http://localhost:4567 --region eu-west-1 --profile aws --wire cbor --seed 42 --runs 20 --only x.y',
  );
});

test('toJsonSafe drops undefined fields and functions', () => {
  expect(toJsonSafe({ a: undefined, b: [1, () => 0], c: new Date('2026-01-01T00:00:00Z') })).toEqual({
    b: [1, undefined],
    c: '2026-01-01T00:00:00.000Z',
  });
});
