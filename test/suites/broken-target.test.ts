/**
 * `kcs check` against the reference server behind a proxy that breaks it on purpose, run in-process as the
 * CLI runs it: what the target said reaches every report even when its errors are not in the wire format,
 * a check broken two independent ways shows both failures in one run, and a ledger entry for one of them
 * leaves the run failing on the other.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { closeConnections } from '../../src/client/send.ts';
import type { CheckOptions } from '../../src/check/options.ts';
import { runCheck } from '../../src/check/run-check.ts';
import { parseCheckArgs } from '../../src/cli/commands/check.ts';
import { CONTENT_TYPES } from '../../src/protocol/wire.ts';
import { escapeHtml } from '../../src/report/html-escape.ts';
import type { ReportCheck } from '../../src/report/report.ts';
import { createServer, type RunningServer } from '../../src/server/server.ts';
import { jsonAnswer, rewritingProxy, type RewritingProxy } from './rewriting-proxy.ts';

const CHECK = 'put-records.invalid-request-rejected';
const MARKER = 'said the target';
const quiet = { stdout: () => undefined, stderr: () => undefined };

let server: RunningServer;
let dir: string;
const proxies: RewritingProxy[] = [];

beforeAll(async () => {
  server = await createServer({ port: 0, profile: 'aws' });
  dir = await mkdtemp(join(tmpdir(), 'kcs-broken-'));
});

afterAll(async () => {
  await Promise.all(proxies.map((p) => p.close()));
  await closeConnections();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

async function check(
  endpoint: string,
  name: string,
  extra: Partial<CheckOptions> = {},
  ids: readonly string[] = [CHECK],
) {
  const options = parseCheckArgs(
    ['--profile', 'aws', '--seed', '5', '--runs', '5', '--only', ids.join(',')],
    {},
  );
  const reportDir = join(dir, name);
  const result = await runCheck(
    { ...(options as CheckOptions), endpoint, accessKeyId: 'a', secretAccessKey: 'b', reportDir, ...extra },
    quiet,
  );
  const checkOf = (id: string): ReportCheck => result.report.checks.find((c) => c.id === id)!;
  const file = (f: string) => readFile(join(reportDir, f), 'utf8');
  return { result, check: checkOf(ids[0]!), checkOf, file };
}

describe('a target whose errors come as application/json', () => {
  test("shows the target's own message in report.json, report.md and report.html", async () => {
    const proxy = await rewritingProxy(server.url, async (_call, forward) => {
      const answer = await forward();
      if (answer.status < 400) return answer;
      const error = JSON.parse(answer.body.toString('utf8')) as { __type: string; message?: string };
      return jsonAnswer(
        answer.status,
        { __type: error.__type, message: `${MARKER}: ${error.message ?? ''}` },
        'application/json',
      );
    });
    proxies.push(proxy);
    const WIRE = 'put-records.content-type-matches-wire';
    const { result, check: c, checkOf, file } = await check(proxy.url, 'json-errors', {}, [WIRE, CHECK]);

    expect(result.exitCode).toBe(1);
    expect(c.status).toBe('failed');
    const failure = c.failures![0]!;
    expect(failure.response).toMatchObject({
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: { form: 'json', clipped: false },
    });
    expect(failure.response!.body.text).toMatch(
      /^\{\n {2}"__type": "ValidationException",\n {2}"message": "said the target: /,
    );
    expect(failure.received).toBe('Content-Type application/json (HTTP 400)');
    expect(await file('report.json')).toContain(MARKER);
    const md = await file('report.md');
    expect(md).toContain(`"message": "${MARKER}: `);
    const html = await file('report.html');
    expect(html).toContain(escapeHtml(`"message": "${MARKER}: `));
    // The answers are still read as JSON, so the content type is the only divergence: the error types,
    // which are right, do not fail a second check and hide the ones that would be wrong.
    expect(checkOf(CHECK).status).toBe('passed');
  });
});

describe('a target broken two independent ways', () => {
  let proxy: RewritingProxy;
  const maxKey = 256;
  beforeAll(async () => {
    proxy = await rewritingProxy(server.url, async (call, forward) => {
      const records = (call.body as { Records?: { PartitionKey?: unknown }[] } | undefined)?.Records;
      if (call.operation !== 'PutRecords' || !Array.isArray(records)) return forward();
      // One: an empty Records list is accepted.
      if (records.length === 0) {
        const ok = jsonAnswer(200, { FailedRecordCount: 0, Records: [] }, CONTENT_TYPES.json);
        return { ...ok, headers: { ...ok.headers, 'x-amzn-requestid': 'broken-1' } };
      }
      // Two: a PartitionKey over the limit is refused with the wrong error type.
      const answer = await forward();
      if (!records.some((r) => typeof r.PartitionKey === 'string' && r.PartitionKey.length > maxKey))
        return answer;
      const error = JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>;
      return {
        ...answer,
        body: Buffer.from(JSON.stringify({ ...error, __type: 'InvalidArgumentException' })),
      };
    });
    proxies.push(proxy);
  });

  const zeroRecords = /^Records of 0 entries/;
  const longKey = /PartitionKey of 2\d\d /;

  test('shows both failures of the same check in one run, each with its case and answer', async () => {
    const { result, check: c } = await check(proxy.url, 'two-ways');
    expect(result.exitCode).toBe(1);
    const failures = c.failures!;
    const empty = failures.filter((f) => zeroRecords.test(f.case ?? ''));
    const key = failures.filter((f) => longKey.test(f.case ?? ''));
    expect(empty).toHaveLength(1);
    expect(empty[0]).toMatchObject({
      received: 'HTTP 200 with FailedRecordCount 0 and 0 Records',
      response: { status: 200, headers: { 'x-amzn-requestid': 'broken-1' } },
    });
    expect(key.length).toBeGreaterThan(0);
    for (const f of key) expect(f.received).toMatch(/^HTTP 400 InvalidArgumentException: /);
    // Nothing else is broken, so nothing else fails.
    expect(failures.length).toBe(empty.length + key.length);
    expect(new Set(failures.map((f) => f.signature)).size).toBe(failures.length);
    expect(c.reason).toMatch(new RegExp(`^${failures.length} distinct failures, the first: expected `));
  });

  test('a ledger entry for one of them leaves the run failing on the other; entries for both make it pass', async () => {
    const entry = {
      check: CHECK,
      category: 'known-bug',
      source: 'this test',
      expires: '2999-12-31',
    };
    const one = join(dir, 'one.json');
    await writeFile(
      one,
      JSON.stringify({ entries: [{ ...entry, case: '/^Records of 0 entries/', match: 'HTTP 200' }] }),
    );
    const partly = await check(proxy.url, 'ledger-one', { expectFailures: one });
    expect(partly.result.exitCode).toBe(1);
    expect(partly.check.status).toBe('failed');
    expect(partly.result.report.problems).toEqual([]);
    const [covered, open] = [
      partly.check.failures!.filter((f) => f.expectedFailure !== undefined),
      partly.check.failures!.filter((f) => f.expectedFailure === undefined),
    ];
    expect(covered.map((f) => f.case)).toEqual([expect.stringMatching(zeroRecords)]);
    expect(open.length).toBeGreaterThan(0);
    for (const f of open) expect(f.case).toMatch(longKey);
    expect(partly.check.received).toMatch(/InvalidArgumentException/);
    expect(partly.check.reason).toMatch(/1 of \d+ expected by the ledger/);

    const both = join(dir, 'both.json');
    await writeFile(
      both,
      JSON.stringify({
        entries: [
          { ...entry, case: '/^Records of 0 entries/', match: 'HTTP 200' },
          { ...entry, case: '/PartitionKey of/', match: '/^HTTP 400 InvalidArgumentException/' },
        ],
      }),
    );
    const all = await check(proxy.url, 'ledger-both', { expectFailures: both });
    expect(all.result.exitCode).toBe(0);
    expect(all.check.status).toBe('expected-failure');
  });
});
