/**
 * `kcs load --endpoint` end to end through its programmatic entry point: short real runs against in-process
 * servers (generators in this thread) that write load.json.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.ts';
import type { RunningServer } from '../../src/server/server.ts';
import { parseLoadArgs, type LoadOptions } from '../../src/load/args.ts';
import { executeLoad, type LoadIo } from '../../src/load/load.ts';
import type { LoadResult } from '../../src/load/result.ts';
import { loadResultSchemaErrors } from '../../src/load/result-schema.ts';
import { expectConsistent } from './consistency.ts';
import { call, startServer } from '../helpers/api.ts';

let dir: string;
const output: string[] = [];
const io: LoadIo = {
  stdout: (t) => output.push(t),
  stderr: (t) => output.push(t),
  isTTY: false,
  credentialChain: () => Promise.resolve({ accessKeyId: 'test', secretAccessKey: 'test' }),
};

function options(args: string[]): LoadOptions {
  const parsed = parseLoadArgs(['--report-dir', dir, ...args]);
  if (parsed === 'help') throw new Error('help');
  return parsed;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kcs-load-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('kcs load against a given endpoint', () => {
  let server: RunningServer;
  let signed: RunningServer;
  beforeAll(async () => {
    server = await startServer({ shardWriteLimits: false });
    signed = await startServer({
      shardWriteLimits: false,
      auth: { mode: 'sigv4', credentials: new Map([['AKIDLOAD', 'secret']]) },
    });
  });
  afterAll(async () => {
    await server.close();
    await signed.close();
  });
  const inProcess: LoadIo = { ...io, inProcess: true };

  it('deletes the stream it created and keeps one it was given', async () => {
    await call(server.url, 'CreateStream', { StreamName: 'kept', ShardCount: 1 });
    await executeLoad(
      options(['--endpoint', server.url, '--duration', '300ms', '--connections', '1']),
      inProcess,
    );
    await executeLoad(
      options(['--endpoint', server.url, '--duration', '300ms', '--connections', '1', '--stream', 'kept']),
      inProcess,
    );
    const streams = await call<{ StreamNames: string[] }>(server.url, 'ListStreams', {});
    expect(streams.body.StreamNames).toEqual(['kept']);
  });

  it('signs every request so a SigV4-verifying server accepts them all, in CBOR too', async () => {
    const outcome = await executeLoad(
      options([
        '--endpoint',
        signed.url,
        '--duration',
        '500ms',
        '--rate',
        '100/s',
        '--wire',
        'cbor',
        '--access-key-id',
        'AKIDLOAD',
        '--secret-access-key',
        'secret',
      ]),
      inProcess,
    );
    expect(outcome.result.totals.requests).toBeGreaterThan(40);
    expect(outcome.result.totals.httpErrors).toEqual({});
    expectConsistent(outcome.result);
  });

  it("fails setup with the target's answer when the secret is wrong", async () => {
    const outcome = await executeLoad(
      options([
        '--endpoint',
        signed.url,
        '--duration',
        '300ms',
        '--rate',
        '50/s',
        '--access-key-id',
        'AKIDLOAD',
        '--secret-access-key',
        'wrong',
      ]),
      inProcess,
    ).catch((err: unknown) => err);
    // The stream cannot even be created: setup fails with the target's answer.
    expect(outcome).toMatchObject({ code: 'KCS_LOAD_SETUP' });
    expect(String((outcome as Error).message)).toContain('InvalidSignatureException');
  });

  it('exits 1 on a regression against a baseline, and prints the comparison', async () => {
    const first = await executeLoad(
      options(['--endpoint', server.url, '--duration', '200ms', '--rate', '50/s']),
      inProcess,
    );
    const inflated: LoadResult = {
      ...first.result,
      rates: { ...first.result.rates, recordsPerSecond: first.result.rates.recordsPerSecond * 100 },
    };
    const file = join(dir, 'baseline.json');
    writeFileSync(file, JSON.stringify(inflated));
    output.length = 0;
    const second = await executeLoad(
      options(['--endpoint', server.url, '--duration', '200ms', '--rate', '50/s', '--baseline', file]),
      inProcess,
    );
    expect(second.comparison?.regressed).toBe(true);
    expect(second.exitCode).toBe(1);
    expect(output.join('')).toContain('REGRESSION');
    // A baseline far worse on both counts: whatever this run measures, it is no regression.
    const deflated: LoadResult = {
      ...first.result,
      rates: { ...first.result.rates, recordsPerSecond: 1 },
      latencyMs: { ...first.result.latencyMs, p99: 60_000 },
    };
    writeFileSync(file, JSON.stringify(deflated));
    const third = await executeLoad(
      options([
        '--endpoint',
        server.url,
        '--duration',
        '300ms',
        '--rate',
        '50/s',
        '--baseline',
        file,
        '--max-regression',
        '5',
      ]),
      inProcess,
    );
    expect(third.comparison?.regressed).toBe(false);
    expect(third.exitCode).toBe(0);
  });

  it('refuses a baseline of another scenario before running', async () => {
    const file = join(dir, 'other.json');
    const first = await executeLoad(
      options(['--endpoint', server.url, '--duration', '200ms', '--rate', '50/s']),
      inProcess,
    );
    writeFileSync(file, JSON.stringify(first.result));
    const attempt = executeLoad(
      options(['--endpoint', server.url, '--rate', '60/s', '--baseline', file]),
      inProcess,
    );
    await expect(attempt).rejects.toThrow(UsageError);
    await expect(attempt).rejects.toThrow(/rate: 50 -> 60/);
  });

  it('refuses a k6 result as the baseline of a kcs load run (latency is measured differently)', async () => {
    const file = join(dir, 'k6.json');
    const first = await executeLoad(
      options(['--endpoint', server.url, '--duration', '200ms', '--rate', '50/s']),
      inProcess,
    );
    writeFileSync(file, JSON.stringify({ ...first.result, tool: 'k6' }));
    const attempt = executeLoad(
      options(['--endpoint', server.url, '--duration', '200ms', '--rate', '50/s', '--baseline', file]),
      inProcess,
    );
    await expect(attempt).rejects.toThrow(/tool: k6 -> kcs/);
  });

  it('stops early when aborted and still writes what it measured', async () => {
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 300);
    const outcome = await executeLoad(
      options(['--endpoint', server.url, '--duration', '1m', '--connections', '2']),
      {
        ...inProcess,
        signal: abort.signal,
      },
    );
    expect(outcome.exitCode).toBe(130);
    expect(outcome.result.interrupted).toBe(true);
    expect(outcome.result.measuredSeconds).toBeLessThan(10);
    expect(loadResultSchemaErrors(JSON.parse(readFileSync(outcome.reportPath, 'utf8')))).toEqual([]);
  });
});
