/**
 * report.html: the summary, a row per check, every failure folded with its request, replay lines and response,
 * the setup failures, all escaped; then the page as a browser renders it (headless Chromium, when installed):
 * it renders, the failures are in it, and the browser logs nothing to its console (no blocked resource, no
 * script).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { bodyView } from '../../src/report/exchange-view.ts';
import { escapeHtml } from '../../src/report/html-escape.ts';
import { buildReport, type Report, type ReportCheck } from '../../src/report/report.ts';
import { checkAnchor, renderReportHtml } from '../../src/report/report-html.ts';
import { reportSchemaErrors } from '../../src/report/report-schema.ts';
import { CHROMIUM, chromiumFlags, hasChromium } from '../helpers/chromium.ts';

const run = promisify(execFile);

const HOSTILE = '"><script>alert(1)</script>';
const MOTO_MESSAGE = "1 validation error detected: Value '[]' at 'records' failed to satisfy constraint";
const MOTO_BODY = JSON.stringify({ __type: 'ValidationException', message: MOTO_MESSAGE });

function answer(status: number, contentType: string, body: string) {
  const raw = Buffer.from(body);
  return {
    status,
    headers: { 'content-type': contentType, 'x-amzn-requestid': 'r-1' },
    body: bodyView({
      rawBody: raw,
      body: undefined,
      decodeError: `cannot decode a '${contentType}' body`,
      headers: { 'content-type': contentType },
    }),
  };
}

const failing: ReportCheck = {
  id: 'put-records.invalid-request-rejected',
  title: 'Invalid requests are rejected',
  severity: 'must',
  source: 'seed',
  status: 'failed',
  durationMs: 12,
  reason: '2 distinct failures, the first: expected HTTP 400 ValidationException; received HTTP 400 ...',
  expected: 'HTTP 400 ValidationException for Records of 0 entries',
  received: 'HTTP 400 with an undecodable body',
  curl: "curl -sS -i -X POST 'http://127.0.0.1:5123/' --data-binary '{}'",
  failures: [
    {
      case: 'Records of 0 entries (limits 1..500)',
      expected: 'HTTP 400 ValidationException for Records of 0 entries (limits 1..500)',
      received: `HTTP 400 with an undecodable body ${HOSTILE}`,
      signature:
        'case Records of 0 entries; expected HTTP 400 ValidationException; received PutRecords HTTP 400',
      request: { operation: 'PutRecords', wire: 'json', body: { StreamName: 's', Records: [] } },
      curl: "curl -sS -i -X POST 'http://127.0.0.1:5123/' --data-binary '{\"Records\":[]}'",
      response: answer(
        400,
        'application/json',
        JSON.stringify({ __type: 'ValidationException', message: MOTO_MESSAGE }),
      ),
      seed: 7,
    },
    {
      case: 'a PartitionKey of 257 utf16 units',
      expected: 'HTTP 400 ValidationException for a PartitionKey of 257 utf16 units',
      received: 'HTTP 500 with an undecodable body',
      signature:
        'case a PartitionKey of N; expected HTTP 400 ValidationException; received PutRecords HTTP 500',
      request: {
        operation: 'PutRecords',
        wire: 'json',
        body: { StreamName: 's', Records: [{ PartitionKey: 'k' }] },
      },
      curl: "curl -sS -i -X POST 'http://127.0.0.1:5123/' --data-binary '{}'",
      response: answer(500, 'text/html', '<html><body><h1>Internal Server Error</h1></body></html>'),
      seed: 7,
      path: '4:1:0',
      expectedFailure: { category: 'known-bug', source: 'behaviour.md row 11' },
    },
  ],
};

const passed: ReportCheck = {
  id: 'a.passes',
  title: 'A',
  severity: 'should',
  status: 'passed',
  durationMs: 1,
};
const blocked: ReportCheck = {
  id: 'read-back.data-identical',
  title: 'B',
  severity: 'must',
  status: 'skipped',
  durationMs: 0,
  reason: 'could not run: CreateStream kcs-1-read-back answered HTTP 200 with a body that is not JSON',
  blockedBy: [0],
};

function report(): Report {
  return buildReport({
    target: { endpoint: 'http://127.0.0.1:5123', embedded: false, region: 'us-east-1' },
    profile: 'aws',
    wire: 'json',
    seed: 7,
    runs: 20,
    versions: { kcs: '0.1.0', node: 'v20.0.0', vitest: '4.1.12', 'fast-check': '4.11.0' },
    startedAt: new Date('2026-12-05T10:00:00Z'),
    endedAt: new Date('2026-12-05T10:00:17Z'),
    checks: [failing, passed, blocked],
    setupFailures: [
      {
        call: 'CreateStream kcs-1-read-back',
        problem: "answered HTTP 200 with a body that is not JSON (cannot decode a 'text/plain' body)",
        request: { operation: 'CreateStream', wire: 'json', body: { StreamName: 'kcs-1-read-back' } },
        curl: "curl -sS -i -X POST 'http://127.0.0.1:5123/'",
        response: answer(200, 'text/plain', `OK ${HOSTILE}`),
        checks: ['read-back.data-identical'],
      },
    ],
    problems: [`a problem ${HOSTILE}`],
  });
}

describe('renderReportHtml', () => {
  const r = report();
  const html = renderReportHtml(r);

  it('is built from a report the schema accepts', () => {
    expect(reportSchemaErrors(JSON.parse(JSON.stringify(r)))).toEqual([]);
  });

  it('has the summary and a row per check, failed ones linked to their section', () => {
    expect(html).toMatch(
      /1 passed, 1 failed, 0 expected failures, 1 skipped; 1 setup call broke its contract; 1 check could not run; exit status 1/,
    );
    for (const id of [failing.id, passed.id, blocked.id]) expect(html).toContain(`<code>${id}</code>`);
    expect(html).toContain(`<a href="#${checkAnchor(failing.id)}">FAILED</a>`);
    expect(html).toContain(`<section id="${checkAnchor(failing.id)}">`);
  });

  it('folds every failure in a <details> with its request, replay lines and whole response', () => {
    expect(html.match(/<details/g)).toHaveLength(3); // two failures, one setup failure
    expect(html).toContain('<summary>Failure 1 of 2: Records of 0 entries (limits 1..500)</summary>');
    expect(html).toContain('<summary>Failure 2 of 2: a PartitionKey of 257 utf16 units</summary>');
    expect(html).toContain(
      escapeHtml(
        'kcs check --endpoint http://127.0.0.1:5123 --region us-east-1 --profile aws --seed 7 --runs 20 --only put-records.invalid-request-rejected',
      ),
    );
    expect(html).toContain(escapeHtml(`fc.assert(property, { seed: 7, path: '4:1:0' })`));
    expect(html).toContain(escapeHtml(`"message": "${MOTO_MESSAGE}"`));
    expect(html).toContain(
      escapeHtml(
        `body: JSON, ${MOTO_BODY.length} bytes; not the request's wire format: cannot decode a 'application/json' body`,
      ),
    );
    expect(html).toContain(escapeHtml('<html><body><h1>Internal Server Error</h1></body></html>'));
    expect(html).toContain('known-bug (behaviour.md row 11)');
  });

  it('shows the setup failure with the checks it kept from running', () => {
    expect(html).toContain('<h2>Setup failures</h2>');
    expect(html).toContain('Checks that could not run: <code>read-back.data-identical</code>.');
  });

  it('escapes everything from the target and fetches nothing', () => {
    expect(html).not.toContain(HOSTILE);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(|src=/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  });
});

describe('report.html in headless Chromium', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** The DOM after parsing, and the console messages the browser logged while loading the page. */
  async function load(html: string, name: string): Promise<{ dom: string; console: string[] }> {
    dir ??= await mkdtemp(join(tmpdir(), 'kcs-report-html-'));
    const file = join(dir, name);
    await writeFile(file, html);
    const { stdout, stderr } = await run(
      CHROMIUM,
      [
        ...chromiumFlags(join(dir, 'profile')),
        // Console messages (and the CSP's complaints) go to stderr as `...:CONSOLE:<line>] "message"`.
        '--enable-logging=stderr',
        '--v=0',
        '--dump-dom',
        pathToFileURL(file).href,
      ],
      { timeout: 20_000, maxBuffer: 16 << 20 },
    );
    return { dom: stdout, console: stderr.split('\n').filter((l) => /:CONSOLE[:(]/.test(l)) };
  }

  it.skipIf(!hasChromium)(
    `renders with the failures in it and nothing on the console (needs ${CHROMIUM}: apt-get install -y chromium)`,
    async () => {
      const page = await load(renderReportHtml(report()), 'report.html');
      expect(page.console).toEqual([]);
      // The browser parsed the failures as foldable elements and kept the target's words.
      expect(page.dom.match(/<details/g)).toHaveLength(3);
      expect(page.dom).toContain('Failure 2 of 2: a PartitionKey of 257 utf16 units');
      expect(page.dom).toContain(MOTO_MESSAGE);
      expect(page.dom).not.toContain('<script>alert(1)</script>');
      // The console check can fail: a page that loads an image the policy forbids is caught.
      const broken = await load(
        renderReportHtml(report()).replace('</body>', '<img src="https://example.invalid/x.png"></body>'),
        'broken.html',
      );
      expect(broken.console.length).toBeGreaterThan(0);
    },
  );
});
