/**
 * Per-shard write limits (AWS-LIM: 1 MiB/s or 1,000 records/s per shard) and injected failures. A
 * throttled record fails alone inside a 200 (behaviour.md 4.3); PutRecord fails as a whole request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILES } from '../../src/profiles/index.ts';
import { hashKeyOf } from '../../src/protocol/hash-key.ts';
import type { ServerOptions } from '../../src/server/options.ts';
import type { RunningServer } from '../../src/server/server.ts';
import {
  call,
  createStream,
  expectError,
  listShardRanges,
  readShard,
  shardFor,
  startServer,
  type ApiResponse,
} from '../helpers/api.ts';

interface Entry {
  readonly SequenceNumber?: string;
  readonly ShardId?: string;
  readonly ErrorCode?: string;
  readonly ErrorMessage?: string;
}
interface PutRecordsOutput {
  readonly FailedRecordCount: number;
  readonly Records: Entry[];
}

const profile = PROFILES.yds;
const L = profile.putRecords;
const KIB = 1024;

const data = (n: number): string => Buffer.alloc(n, 0x62).toString('base64');
const failed = (res: ApiResponse<PutRecordsOutput>): boolean[] =>
  res.body.Records.map((r) => r.ErrorCode !== undefined);

/** FailedRecordCount counts the failed entries; failed entries carry no ShardId/SequenceNumber and vice versa. */
function expectConsistent(res: ApiResponse<PutRecordsOutput>, count: number): void {
  expect(res.status, res.text.slice(0, 300)).toBe(200);
  expect(res.body.Records).toHaveLength(count);
  expect(res.body.FailedRecordCount).toBe(failed(res).filter(Boolean).length);
  for (const r of res.body.Records) {
    if (r.ErrorCode === undefined) {
      expect(typeof r.ShardId).toBe('string');
      expect(typeof r.SequenceNumber).toBe('string');
    } else {
      expect(profile.recordErrorCodes).toContain(r.ErrorCode);
      expect(r.ShardId).toBeUndefined();
      expect(r.SequenceNumber).toBeUndefined();
      expect(r.ErrorMessage).toBeTruthy();
    }
  }
}

describe('default shard write limits', () => {
  let server: RunningServer;
  let url: string;
  let burstBytes: number;

  beforeAll(async () => {
    server = await startServer({ profile: profile.name });
    url = server.url;
    const limits = server.options.shardWriteLimits;
    if (limits === false) throw new Error('expected the default limits');
    // The server documents the profile's limits by default.
    expect({ bytesPerSecond: limits.bytesPerSecond, recordsPerSecond: limits.recordsPerSecond }).toEqual(
      profile.shardWriteLimits,
    );
    burstBytes = limits.bytesPerSecond * limits.burstSeconds;
  });
  afterAll(() => server.close());

  const put = (stream: string, records: object[]): Promise<ApiResponse<PutRecordsOutput>> =>
    call<PutRecordsOutput>(url, 'PutRecords', { StreamName: stream, Records: records });

  it('fails the records beyond the byte burst of a shard, each with a message naming account, stream and shard', async () => {
    const stream = 'one-shard-bytes';
    await createStream(url, stream, 1);
    const [shard] = await listShardRanges(url, stream);
    // maxRecords records of 4 KiB: about twice what one shard takes in a second.
    const records = Array.from({ length: L.maxRecords }, (_, i) => ({
      PartitionKey: `key-${String(i).padStart(3, '0')}`,
      Data: data(4 * KIB),
    }));
    const size = 4 * KIB + records[0]!.PartitionKey.length;
    expect(records.length * size).toBeGreaterThan(burstBytes);
    const res = await put(stream, records);
    expectConsistent(res, records.length);
    const pattern = failed(res);
    const firstFailure = pattern.indexOf(true);
    // Requests are judged at one instant, so the bucket does not refill within the batch: a prefix fits.
    // The record that crosses the limit is still admitted (the bucket goes into debt, as AWS lets large records burst).
    expect(firstFailure).toBe(Math.ceil(burstBytes / size));
    expect(pattern.slice(firstFailure).every(Boolean)).toBe(true);
    for (const r of res.body.Records.slice(firstFailure)) {
      expect(r.ErrorCode).toBe(profile.recordErrors.throughputExceeded);
      expect(r.ErrorMessage).toContain(server.options.accountId);
      expect(r.ErrorMessage).toContain(stream);
      expect(r.ErrorMessage).toContain(shard!.shardId);
    }
    // Throttled records are not stored.
    expect(await readShard(url, stream, shard!.shardId)).toHaveLength(firstFailure);
  });

  it('keeps writing to an idle shard while another shard of the same batch is throttled', async () => {
    const stream = 'two-shards';
    await createStream(url, stream, 2);
    const ranges = await listShardRanges(url, stream);
    const keyFor = (shardId: string): string => {
      for (let i = 0; ; i++) if (shardFor(ranges, hashKeyOf(`k${i}`)) === shardId) return `k${i}`;
    };
    const [busy, idle] = [ranges[0]!.shardId, ranges[1]!.shardId];
    const [busyKey, idleKey] = [keyFor(busy), keyFor(idle)];
    const records = Array.from({ length: L.maxRecords }, (_, i) =>
      i % 2 === 0
        ? { PartitionKey: busyKey, Data: data(8 * KIB) }
        : { PartitionKey: idleKey, Data: data(16) },
    );
    const res = await put(stream, records);
    expectConsistent(res, records.length);
    const entries = res.body.Records;
    const busyEntries = entries.filter((_, i) => i % 2 === 0);
    const idleEntries = entries.filter((_, i) => i % 2 === 1);
    expect(busyEntries.some((r) => r.ErrorCode === profile.recordErrors.throughputExceeded)).toBe(true);
    expect(
      busyEntries.filter((r) => r.ErrorCode !== undefined).every((r) => r.ErrorMessage!.includes(busy)),
    ).toBe(true);
    // Every idle-shard record succeeds, including those after the busy shard's first failure.
    expect(idleEntries.map((r) => r.ShardId)).toEqual(idleEntries.map(() => idle));
    expect(res.body.FailedRecordCount).toBe(busyEntries.filter((r) => r.ErrorCode !== undefined).length);
  });

  it(`fails records beyond ${profile.shardWriteLimits.recordsPerSecond} records/s on one shard`, async () => {
    const stream = 'one-shard-records';
    await createStream(url, stream, 1);
    const batch = Array.from({ length: L.maxRecords }, (_, i) => ({ PartitionKey: `k${i}`, Data: '' }));
    const burstBatches = profile.shardWriteLimits.recordsPerSecond / L.maxRecords;
    for (let b = 0; b < burstBatches; b++) {
      const res = await put(stream, batch);
      expectConsistent(res, batch.length);
      expect(res.body.FailedRecordCount).toBe(0);
    }
    // The bucket is empty now and refills 1 record per ms: a whole batch would need half a second.
    const res = await put(stream, batch);
    expectConsistent(res, batch.length);
    expect(res.body.FailedRecordCount).toBeGreaterThan(0);
    expect(res.body.Records.at(-1)!.ErrorCode).toBe(profile.recordErrors.throughputExceeded);
  });

  it('answers a throttled PutRecord with a whole-request ProvisionedThroughputExceededException', async () => {
    // One record per second per shard: the second PutRecord within that second is throttled, whatever the
    // timing of the test machine (a full second would have to pass between two requests).
    const slow = await startServer({
      profile: profile.name,
      shardWriteLimits: { recordsPerSecond: 1, burstSeconds: 1 },
    });
    try {
      const stream = 'one-shard-put-record';
      await createStream(slow.url, stream, 1);
      const [shard] = await listShardRanges(slow.url, stream);
      const first = await call(slow.url, 'PutRecord', {
        StreamName: stream,
        PartitionKey: 'k',
        Data: data(16),
      });
      expect(first.status).toBe(200);
      const res = await call(slow.url, 'PutRecord', {
        StreamName: stream,
        PartitionKey: 'k',
        Data: data(16),
      });
      expectError(res, profile.errors.throughputExceeded);
      const message = (res.body as { message?: string }).message;
      expect(message).toContain(shard!.shardId);
      expect(message).toContain(stream);
      expect(message).toContain(slow.options.accountId);
    } finally {
      await slow.close();
    }
  });

  // AWS-LR: records may burst above the per-second rate, and a documented maximum-size record is valid.
  it('takes one record of the maximum size on an idle shard (PutRecords)', async () => {
    const stream = 'idle-max-record';
    await createStream(url, stream, 1);
    const res = await put(stream, [
      { PartitionKey: 'k'.repeat(L.maxPartitionKeyLength), Data: data(L.maxDataBytes) },
    ]);
    expectConsistent(res, 1);
    expect(res.body.FailedRecordCount).toBe(0);
  });

  it('takes one record of the maximum size on an idle shard (PutRecord)', async () => {
    const stream = 'idle-max-record-single';
    await createStream(url, stream, 1);
    const res = await call(url, 'PutRecord', {
      StreamName: stream,
      PartitionKey: 'k'.repeat(L.maxPartitionKeyLength),
      Data: data(L.maxDataBytes),
    });
    expect(res.status, res.text).toBe(200);
  });
});

describe('shardWriteLimits: false', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({ profile: profile.name, shardWriteLimits: false });
  });
  afterAll(() => server.close());

  it('never throttles', async () => {
    await createStream(server.url, 'unlimited', 1);
    const records = Array.from({ length: L.maxRecords }, (_, i) => ({
      PartitionKey: `k${i}`,
      Data: data(4 * KIB),
    }));
    // Three batches: more than a second's worth of both records and bytes, sent at once.
    for (let b = 0; b < 3; b++) {
      const res = await call<PutRecordsOutput>(server.url, 'PutRecords', {
        StreamName: 'unlimited',
        Records: records,
      });
      expectConsistent(res, records.length);
      expect(res.body.FailedRecordCount).toBe(0);
    }
  });
});

describe('failRate and seed', () => {
  const options: ServerOptions = { profile: profile.name, shardWriteLimits: false, failRate: 0.5, seed: 7 };
  const COUNT = 200;
  const servers: RunningServer[] = [];
  afterAll(() => Promise.all(servers.map((s) => s.close())));

  /** A fresh server, one stream, two batches: the failure patterns and what was stored. */
  async function run(
    opts: ServerOptions,
  ): Promise<{ patterns: boolean[][]; res: ApiResponse<PutRecordsOutput>[]; stored: number }> {
    const server = await startServer(opts);
    servers.push(server);
    await createStream(server.url, 'flaky', 2);
    const records = Array.from({ length: COUNT }, (_, i) => ({ PartitionKey: `k${i}`, Data: data(8) }));
    const res: ApiResponse<PutRecordsOutput>[] = [];
    for (let b = 0; b < 2; b++) {
      res.push(
        await call<PutRecordsOutput>(server.url, 'PutRecords', { StreamName: 'flaky', Records: records }),
      );
    }
    let stored = 0;
    for (const shard of await listShardRanges(server.url, 'flaky')) {
      stored += (await readShard(server.url, 'flaky', shard.shardId)).length;
    }
    return { patterns: res.map(failed), res, stored };
  }

  it('fails about half the records with InternalFailure and a message, and stores only the others', async () => {
    const { res, stored } = await run(options);
    let failures = 0;
    for (const r of res) {
      expectConsistent(r, COUNT);
      const bad = r.body.Records.filter((e) => e.ErrorCode !== undefined);
      expect(bad.every((e) => e.ErrorCode === profile.recordErrors.internalFailure)).toBe(true);
      expect(r.body.FailedRecordCount).toBeGreaterThan(COUNT * 0.3);
      expect(r.body.FailedRecordCount).toBeLessThan(COUNT * 0.7);
      failures += r.body.FailedRecordCount;
    }
    expect(stored).toBe(2 * COUNT - failures);
  });

  it('gives the identical failure pattern for the same seed on a new server, and another for another seed', async () => {
    const a = await run(options);
    const b = await run(options);
    const c = await run({ ...options, seed: 8 });
    expect(b.patterns).toEqual(a.patterns);
    expect(c.patterns).not.toEqual(a.patterns);
    // The two batches of one server differ: the generator moves on.
    expect(a.patterns[1]).not.toEqual(a.patterns[0]);
  });
});
