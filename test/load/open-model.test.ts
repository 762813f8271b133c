/**
 * Coordinated omission: a target that stalls once for 300 ms. The open model keeps starting requests on
 * schedule and measures each from its intended start, so the stall shows in its tail percentiles; the closed
 * model sends nothing while its request waits, so only one sample (the max) sees the stall.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseEndpoint } from '../../src/protocol/endpoint.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { aggregate, type ResultMeta } from '../../src/load/aggregate.ts';
import type { LoadResult } from '../../src/load/result.ts';
import { runGenerators, type RunPlan } from '../../src/load/run.ts';

const STALL_MS = 300;
/** The stall starts with the first request this long after the first one. */
const STALL_AFTER_MS = 300;

interface StallServer {
  readonly url: string;
  close(): Promise<void>;
}

/** Answers PutRecords with success for every record; holds every request that arrives during one 300 ms window. */
async function stallingServer(): Promise<StallServer> {
  let first = 0;
  let stallFrom = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const now = Date.now();
      first ||= now;
      if (!stallFrom && now - first >= STALL_AFTER_MS) stallFrom = now;
      const { Records } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { Records: unknown[] };
      const body = JSON.stringify({
        FailedRecordCount: 0,
        Records: Records.map((_, i) => ({ SequenceNumber: String(i + 1), ShardId: 'shardId-000000000000' })),
      });
      const answer = (): void => {
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(body);
      };
      const holdMs = stallFrom && now < stallFrom + STALL_MS ? stallFrom + STALL_MS - now : 0;
      if (holdMs > 0) setTimeout(answer, holdMs);
      else answer();
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

const META: Omit<ResultMeta, 'scenario'> = {
  tool: 'kcs',
  target: { endpoint: 'http://127.0.0.1', embedded: false },
  versions: {},
  machine: { cpuModel: 'cpu', cores: 1, node: process.version, os: 'test' },
  startedAt: new Date(0).toISOString(),
  endedAt: new Date(0).toISOString(),
};

async function measure(
  url: string,
  model: Pick<RunPlan, 'model' | 'rate' | 'connections'> & { maxInFlight?: number },
): Promise<LoadResult> {
  const plan: RunPlan = {
    endpoint: parseEndpoint(url),
    stream: 's',
    maxInFlight: 1024,
    durationMs: 1000,
    maxRequests: 100_000,
    recordsPerRequest: 5,
    recordSize: { kind: 'fixed', bytes: 10 },
    keys: ['k'],
    wire: 'json',
    seed: 1,
    generators: 1,
    region: 'us-east-1',
    requestTimeoutMs: 5000,
    ...model,
  };
  const run = await runGenerators(plan, { inProcess: true });
  return aggregate({
    reports: run.reports,
    seconds: run.seconds,
    startAtEpochMs: run.startAtEpochMs,
    meta: {
      ...META,
      scenario: {
        model: plan.model,
        ...(plan.rate ? { rate: plan.rate } : { connections: plan.connections! }),
        durationMs: plan.durationMs,
        recordsPerRequest: 5,
        recordSize: '10',
        partitionKeys: '1',
        shards: 1,
        stream: 's',
        wire: 'json',
        seed: 1,
      },
    },
  });
}

describe('latency under a stall of the target', () => {
  let server: StallServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('the open model counts from the intended start, so queued requests carry the stall', async () => {
    server = await stallingServer();
    const r = await measure(server.url, { model: 'open', rate: 100 });
    // 100 requests due; about 30 were due during the stall and waited up to 300 ms.
    expect(r.totals.requests).toBeGreaterThanOrEqual(95);
    expect(r.totals.dropped).toBe(0);
    expect(r.latencyMs.max).toBeGreaterThanOrEqual(STALL_MS * 0.95);
    expect(r.latencyMs.p99).toBeGreaterThanOrEqual(STALL_MS * 0.8);
    expect(r.latencyMs.p90).toBeGreaterThanOrEqual(STALL_MS / 3);
    // The stall shows in the time series too: the second holding it has a tail near 300 ms.
    expect(Math.max(...r.timeSeries.map((s) => s.p99))).toBeGreaterThanOrEqual(STALL_MS * 0.8);
  });

  it('the closed model sends nothing while it waits, so the stall is one sample: only the max shows it', async () => {
    server = await stallingServer();
    const r = await measure(server.url, { model: 'closed', connections: 1 });
    expect(r.totals.requests).toBeGreaterThan(200);
    expect(r.latencyMs.max).toBeGreaterThanOrEqual(STALL_MS * 0.95);
    expect(r.latencyMs.p99).toBeLessThan(STALL_MS / 2);
  });

  it('the open model drops (and counts) requests beyond its in-flight cap instead of queueing them', async () => {
    server = await stallingServer();
    const r = await measure(server.url, { model: 'open', rate: 100, maxInFlight: 2 });
    // About 30 requests fall due during the stall; 2 may be in flight.
    expect(r.totals.dropped).toBeGreaterThanOrEqual(20);
    expect(r.totals.requests + r.totals.dropped).toBeGreaterThanOrEqual(95);
  });
});
