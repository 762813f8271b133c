import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { RECORD_ERRORS } from '../../src/profiles/common.ts';
import type { RunningServer } from '../../src/server/server.ts';
import { parseLoadArgs, type LoadOptions } from '../../src/load/args.ts';
import { executeLoad, type LoadIo } from '../../src/load/load.ts';
import { encodeRecordTag } from '../../src/load/payload.ts';
import type { WriterAcks } from '../../src/load/samples.ts';
import { ReadBackAnalyzer } from '../../src/load/verify.ts';
import { startServer } from '../helpers/api.ts';

function acks(writer: number, acknowledged: number[], issued: number, sequential: boolean): WriterAcks {
  const bitmap = new Uint8Array(Math.ceil(issued / 8));
  for (const c of acknowledged) bitmap[c >>> 3]! |= 1 << (c & 7);
  return { writer, sequential, bitmap, issued };
}

const tag = (writer: number, counter: number, run = 7): Uint8Array =>
  encodeRecordTag({ run, writer, counter });

describe('ReadBackAnalyzer', () => {
  it('finds nothing wrong with a clean read-back', () => {
    const a = new ReadBackAnalyzer(7, [acks(1, [0, 1, 2, 3], 4, true)], 2);
    for (const c of [0, 1]) a.observe('s0', tag(1, c));
    for (const c of [2, 3]) a.observe('s1', tag(1, c));
    expect(a.result()).toEqual({
      acknowledged: 4,
      found: 4,
      lost: 0,
      duplicated: 0,
      reordered: 0,
      unacknowledgedFound: 0,
    });
  });

  it('counts lost, duplicated and unacknowledged-but-written records', () => {
    const a = new ReadBackAnalyzer(7, [acks(1, [0, 1, 2], 4, true)], 2);
    a.observe('s0', tag(1, 0));
    a.observe('s0', tag(1, 0));
    a.observe('s0', tag(1, 2));
    a.observe('s0', tag(1, 3));
    expect(a.result()).toMatchObject({
      acknowledged: 3,
      found: 4,
      lost: 1,
      duplicated: 1,
      reordered: 0,
      unacknowledgedFound: 1,
    });
  });

  it('judges a sequential writer across requests, per shard', () => {
    const a = new ReadBackAnalyzer(7, [acks(1, [0, 1, 2, 3], 4, true)], 2);
    // Shard s0 has request 1 (counters 2, 3) before request 0: reordered. s1 is independent.
    a.observe('s0', tag(1, 2));
    a.observe('s0', tag(1, 0));
    a.observe('s1', tag(1, 1));
    a.observe('s0', tag(1, 3));
    expect(a.result().reordered).toBe(1);
  });

  it('judges an unordered writer (open model) within each request only', () => {
    const a = new ReadBackAnalyzer(7, [acks(1, [0, 1, 2, 3, 4, 5], 6, false)], 3);
    // Requests 0 (0..2) and 1 (3..5) interleave: allowed. Within request 1, 5 before 4: reordered.
    for (const c of [3, 0, 1, 5, 2, 4]) a.observe('s0', tag(1, c));
    expect(a.result()).toMatchObject({ found: 6, lost: 0, reordered: 1 });
  });

  it('ignores records of other runs, other writers and data that carries no tag', () => {
    const a = new ReadBackAnalyzer(7, [acks(1, [0], 1, true)], 1);
    a.observe('s0', tag(1, 0, 8));
    a.observe('s0', tag(2, 0));
    a.observe('s0', new Uint8Array(24));
    expect(a.result()).toMatchObject({ found: 0, lost: 1 });
  });
});

/**
 * A proxy in front of the reference server that breaks three PutRecords requests in three ways while
 * answering as if all went well: #3 drops its first record, #5 is written twice, #7 is written reversed.
 */
async function faultyProxy(target: string): Promise<{ url: string; close(): Promise<void> }> {
  let puts = 0;
  const forward = async (
    headers: Record<string, string>,
    body: string,
  ): Promise<{ status: number; text: string }> => {
    const res = await request(target, { method: 'POST', headers, body });
    return { status: res.statusCode, text: await res.body.text() };
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = {
        'content-type': String(req.headers['content-type']),
        'x-amz-target': String(req.headers['x-amz-target']),
      };
      const text = Buffer.concat(chunks).toString('utf8');
      void (async () => {
        let reply: { status: number; text: string };
        const n = headers['x-amz-target'].endsWith('.PutRecords') ? ++puts : 0;
        if (n === 3 || n === 7) {
          const input = JSON.parse(text) as { Records: unknown[] };
          const dropped = n === 3 ? input.Records.shift() : undefined;
          if (n === 7) input.Records.reverse();
          reply = await forward(headers, JSON.stringify(input));
          const output = JSON.parse(reply.text) as { Records: unknown[] };
          if (n === 7) output.Records.reverse();
          if (dropped) output.Records.unshift({ SequenceNumber: '1', ShardId: 'shardId-000000000000' });
          reply = { status: reply.status, text: JSON.stringify(output) };
        } else if (n === 5) {
          await forward(headers, text);
          reply = await forward(headers, text);
        } else {
          reply = await forward(headers, text);
        }
        res.writeHead(reply.status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(reply.text);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('kcs load --verify', () => {
  let server: RunningServer;
  let throttled: RunningServer;
  let dir: string;
  const output: string[] = [];
  const io: LoadIo = {
    stdout: (t) => output.push(t),
    stderr: (t) => output.push(t),
    isTTY: false,
    inProcess: true,
    credentialChain: () => Promise.resolve({ accessKeyId: 'test', secretAccessKey: 'test' }),
  };
  const options = (endpoint: string, extra: string[]): LoadOptions => {
    const parsed = parseLoadArgs(['--endpoint', endpoint, '--verify', '--report-dir', dir, '-q', ...extra]);
    if (parsed === 'help') throw new Error('help');
    return parsed;
  };

  beforeAll(async () => {
    server = await startServer({ shardWriteLimits: false });
    throttled = await startServer();
    dir = mkdtempSync(join(tmpdir(), 'kcs-load-verify-'));
  });
  afterAll(async () => {
    await server.close();
    await throttled.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('catches a target that loses, duplicates and reorders acknowledged records', async () => {
    const proxy = await faultyProxy(server.url);
    try {
      const outcome = await executeLoad(
        options(proxy.url, [
          '--duration',
          '700ms',
          '--connections',
          '1',
          '--records-per-request',
          '10',
          '--partition-keys',
          '1',
          '--record-size',
          '40',
        ]),
        io,
      );
      const v = outcome.result.verification!;
      expect(v).toMatchObject({ lost: 1, duplicated: 10, reordered: 9, unacknowledgedFound: 0 });
      expect(v.acknowledged).toBe(outcome.result.totals.records);
      expect(v.found).toBe(v.acknowledged - 1 + 10);
      expect(outcome.exitCode).toBe(1);
      expect(output.join('')).toContain('verify    FAILED');
    } finally {
      await proxy.close();
    }
  });

  it('passes on the reference server, with throttled records left out of what must be found', async () => {
    const outcome = await executeLoad(
      options(throttled.url, [
        '--duration',
        '700ms',
        '--rate',
        '50/s',
        '--records-per-request',
        '50',
        '--partition-keys',
        '1',
        '--shards',
        '1',
      ]),
      io,
    );
    const { verification: v, totals } = outcome.result;
    // 2,500 records/s at one shard: most are throttled, none of those may count as lost.
    expect(totals.recordErrors[RECORD_ERRORS.throughputExceeded]).toBeGreaterThan(0);
    expect(v).toEqual({
      acknowledged: totals.records,
      found: totals.records,
      lost: 0,
      duplicated: 0,
      reordered: 0,
      unacknowledgedFound: 0,
    });
    expect(outcome.exitCode).toBe(0);
  });
});
