import { describe, expect, test } from 'vitest';
import type { DifferentialFinding } from '../../src/compat/differential.ts';
import { renderCompatHtml } from '../../src/compat/html.ts';
import { renderCompatMarkdown } from '../../src/compat/markdown.ts';
import {
  anchorOf,
  buildMatrix,
  compatExitCode,
  formatDuration,
  type TargetRun,
} from '../../src/compat/matrix.ts';
import { buildReport, type ReportCheck } from '../../src/report/report.ts';
import { parseEndpoint } from '../../src/protocol/endpoint.ts';

const VERSIONS = { kcs: '0.1.0', node: 'v20', vitest: '4.1', 'fast-check': '4.11' } as const;

function check(id: string, extra: Partial<ReportCheck> = {}): ReportCheck {
  return { id, title: `title of ${id}`, severity: 'must', status: 'passed', durationMs: 1, ...extra };
}

function run(name: string, kind: TargetRun['spec']['kind'], checks: ReportCheck[], exitCode = 0): TargetRun {
  const report = buildReport({
    target: { endpoint: 'http://127.0.0.1:4567', embedded: kind === 'reference', region: 'us-east-1' },
    profile: 'aws',
    wire: 'json',
    seed: 7,
    runs: 3,
    versions: VERSIONS,
    startedAt: new Date('2026-11-27T10:00:00Z'),
    endedAt: new Date('2026-11-27T10:00:05Z'),
    checks,
    problems: exitCode === 0 ? [] : ['a ledger entry is stale'],
  });
  return {
    spec: { name, kind },
    profile: 'aws',
    exitCode,
    durationMs: 5000,
    report,
    problems: [],
    reportDir: name,
  };
}

const FAILED = check('put-records.b', {
  status: 'failed',
  reason: 'expected HTTP 400; received HTTP 200 <script>alert(1)</script> | piped',
  expected: 'HTTP 400 ValidationException',
  received: 'HTTP 200 <script>alert(1)</script> | piped',
  curl: `curl -sS -i -X POST 'http://127.0.0.1:4567/' --data-binary '{"Records":[]}'`,
});
const EXPECTED = check('put-records.b', {
  status: 'expected-failure',
  reason: 'expected (known-bug, behaviour.md row 7): received HTTP 200',
  received: 'HTTP 200',
  curl: 'curl x',
  expectedFailure: { category: 'known-bug', source: 'behaviour.md row 7' },
});

const DIFF: DifferentialFinding = {
  family: 'limit cases',
  baseline: 'reference',
  target: 'kinesalite',
  verdict: 'differs',
  numRuns: 3,
  numShrinks: 1,
  seed: 7,
  path: '2:0',
  caseName: 'Records of 0 entries',
  request: { operation: 'PutRecords', body: { StreamName: 's', Records: [] } },
  answers: {
    baseline: {
      outcome: { status: 400, type: 'ValidationException' },
      status: 400,
      contentType: 'application/x-amz-json-1.1',
      body: { __type: 'ValidationException', message: 'at least 1 <record>' },
      curl: 'curl base',
    },
    target: {
      outcome: { status: 200, entries: [] },
      status: 200,
      body: { FailedRecordCount: 0, Records: [] },
      curl: 'curl target',
    },
  },
};

function matrix(): ReturnType<typeof buildMatrix> {
  return buildMatrix({
    startedAt: new Date('2026-11-27T10:00:00Z'),
    endedAt: new Date('2026-11-27T10:01:32Z'),
    seed: 7,
    runs: 3,
    only: [],
    versions: VERSIONS,
    runsByTarget: [
      run('reference', 'reference', [check('put-records.a'), check('put-records.b')]),
      run(
        'kinesalite',
        'kinesalite',
        [check('put-records.a'), FAILED, check('model.c', { status: 'skipped', reason: 'n/a' })],
        1,
      ),
      run('kinesis-mock', 'kinesis-mock', [check('put-records.a'), EXPECTED]),
      {
        spec: { name: 'broken', kind: 'url', endpoint: parseEndpoint('http://127.0.0.1:9') },
        profile: 'aws',
        exitCode: 2,
        durationMs: 12,
        problems: ['cannot use http://127.0.0.1:9: ECONNREFUSED'],
        reportDir: 'broken',
      },
    ],
    differential: [DIFF],
    interrupted: false,
  });
}

describe('buildMatrix', () => {
  test('a row per check ordered by id, a cell per target that ran it', () => {
    const m = matrix();
    expect(m.checks.map((r) => r.id)).toEqual(['model.c', 'put-records.a', 'put-records.b']);
    const b = m.checks[2]!;
    expect(Object.keys(b.cells)).toEqual(['reference', 'kinesalite', 'kinesis-mock']);
    expect(b.cells['reference']).toEqual({ status: 'passed' });
    expect(b.cells['kinesalite']).toMatchObject({
      status: 'failed',
      anchor: 'kinesalite--put-records.b',
      curl: FAILED.curl,
      replay: expect.stringContaining('--only put-records.b'),
    });
    expect(b.cells['kinesis-mock']).toMatchObject({
      status: 'expected-failure',
      reason: 'known-bug: HTTP 200',
      expectedFailure: { category: 'known-bug', source: 'behaviour.md row 7' },
    });
    expect(m.checks[0]!.cells['kinesalite']).toEqual({ status: 'skipped', reason: 'n/a' });
  });

  test('targets carry their counts, problems and exit status; the worst exit status wins', () => {
    const m = matrix();
    expect(m.targets.map((t) => [t.name, t.exitCode, t.summary?.failed])).toEqual([
      ['reference', 0, 0],
      ['kinesalite', 1, 1],
      ['kinesis-mock', 0, 0],
      ['broken', 2, undefined],
    ]);
    expect(m.targets[1]!.problems).toEqual(['a ledger entry is stale']);
    expect(m.targets[3]!.problems).toEqual(['cannot use http://127.0.0.1:9: ECONNREFUSED']);
    expect(m.exitCode).toBe(2);
    expect(m.durationMs).toBe(92_000);
  });

  test('exit status: 0 when every target exits 0, else 1, 2 for an unusable target, 130 when interrupted', () => {
    expect(compatExitCode([{ exitCode: 0 }, { exitCode: 0 }], false)).toBe(0);
    expect(compatExitCode([{ exitCode: 0 }, { exitCode: 1 }], false)).toBe(1);
    expect(compatExitCode([{ exitCode: 1 }, { exitCode: 2 }], false)).toBe(2);
    expect(compatExitCode([{ exitCode: 2 }, { exitCode: 130 }], false)).toBe(130);
    expect(compatExitCode([{ exitCode: 0 }], true)).toBe(130);
  });

  test('anchors are stable and safe as HTML ids', () => {
    expect(anchorOf('Kinesis Mock', 'put-records.b')).toBe('kinesis-mock--put-records.b');
    expect(formatDuration(92_400)).toBe('1 min 32 s');
    expect(formatDuration(8_440)).toBe('8.4 s');
  });
});

describe('compat.md', () => {
  const md = renderCompatMarkdown(matrix());

  test('each failing cell links to its details, which hold the minimal failing request', () => {
    expect(md).toContain(
      '| `put-records.b` | passed | [FAILED](#kinesalite--put-records.b): expected HTTP 400;',
    );
    expect(md).toContain('[expected failure](#kinesis-mock--put-records.b)');
    expect(md).toContain('<a id="kinesalite--put-records.b"></a>');
    expect(md).toContain(FAILED.curl!);
    expect(md).toContain('- **Expected failure:** known-bug (behaviour.md row 7)');
    // A pipe in a reason would split the table row.
    expect(md).toContain('\\| piped');
  });

  test('the targets table has the counts per target; a check a target did not run says so', () => {
    expect(md).toMatch(/\| kinesalite \| .* \| aws \| – \| 1 \| 1 \| 0 \| 1 \| 1 \| 5\.0 s \|/);
    expect(md).toContain('| `model.c` | not run | skipped: n/a | not run | not run |');
    expect(md).toContain('- **broken:** cannot use http://127.0.0.1:9: ECONNREFUSED');
  });

  test('a difference shows both answers side by side', () => {
    expect(md).toContain('[DIFFERS](#diff--kinesalite--reference--limit-cases)');
    expect(md).toContain('`400 ValidationException` / `200 []`');
    expect(md).toContain('<tr><th>reference</th><th>kinesalite</th></tr>');
    expect(md).toContain('at least 1 &lt;record&gt;');
  });
});

describe('compat.html', () => {
  const html = renderCompatHtml(matrix());

  test('self-contained: nothing fetched, no script, every answer escaped', () => {
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(html).not.toMatch(/<script|<link|src=/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  test('cells link to details with the same ids, and the difference is shown in two columns', () => {
    expect(html).toContain('<a href="#kinesalite--put-records.b">FAILED</a>');
    expect(html).toContain('<h3 id="kinesalite--put-records.b">');
    expect(html).toContain('<div class="side">');
    expect(html).toContain('id="diff--kinesalite--reference--limit-cases"');
  });
});
