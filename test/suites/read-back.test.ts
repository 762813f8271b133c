import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseEndpoint } from '../../src/protocol/endpoint.ts';
import type { ApiRequest } from '../../src/client/exchange.ts';
import { KinesisApi } from '../../src/client/kinesis-api.ts';
import { closeConnections } from '../../src/client/send.ts';
import { readRecordsOf } from '../../src/checks/read-back-view.ts';
import { PROFILES } from '../../src/profiles/index.ts';
import { createServer, type RunningServer } from '../../src/server/server.ts';
import { highestAcknowledged, readShard, readStream } from '../../suites/lib/read-back.ts';
import { ReadPacer } from '../../suites/lib/read-pacer.ts';
import { writeInOrder } from '../../suites/lib/recorder.ts';
import { RecordTagger } from '../../src/generators/tagged-records.ts';
import { exchange } from '../checks/fixtures.ts';
import { page, scripted } from './scripted-reader.ts';

const profile = PROFILES.yds;

describe('readStream against the reference server', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await createServer({ port: 0 });
  });
  afterAll(async () => {
    await closeConnections();
    await server.close();
  });

  test.each(['json', 'cbor'] as const)(
    'reads every written record, in pages, to the tip (%s)',
    async (wire) => {
      const api = new KinesisApi({ endpoint: parseEndpoint(server.url), region: 'us-east-1' }, { wire });
      const stream = `read-back-${wire}`;
      await api.createStream(stream, 2);
      const shards = await api.listShards(stream);
      const tagger = new RecordTagger('t');
      const batches = [0, 1, 2].map((b) =>
        tagger.records(Array.from({ length: 9 }, (_, i) => ({ partitionKey: `k${b}-${i}`, dataBytes: 20 }))),
      );
      const calls = await writeInOrder(api, stream, 'w0', batches);
      const reads = await readStream(api, stream, shards, {
        profile,
        pacer: new ReadPacer(),
        pageLimit: 4,
        awaited: highestAcknowledged(calls),
      });
      expect(reads.map((r) => r.incomplete)).toEqual([undefined, undefined]);
      const records = reads.flatMap(readRecordsOf);
      expect(records).toHaveLength(27);
      // Several pages per shard, each within the Limit, and the data as sent.
      for (const r of reads) expect(r.exchanges.length).toBeGreaterThan(3);
      const sent = new Set(batches.flat().map((r) => Buffer.from(r.data).toString('hex')));
      expect(
        records.every((r) => r.dataProblem === undefined && sent.has(Buffer.from(r.data!).toString('hex'))),
      ).toBe(true);
    },
  );
});

const iterator = (req: ApiRequest) => exchange(req, 200, { ShardIterator: 'it0' });
const throttled = (req: ApiRequest) =>
  exchange(req, 400, { __type: profile.errors.throughputExceeded.type, message: 'Rate exceeded for Shard' });

describe('readShard', () => {
  test('backs off a throttled read, paces after it, and polls at the tip until the awaited record shows', async () => {
    const waits: number[] = [];
    const pacer = new ReadPacer(5, { now: () => 0, sleep: () => Promise.resolve() });
    let paced = 0;
    const take = pacer.take.bind(pacer);
    pacer.take = async (shard) => {
      await take(shard);
      paced++;
    };
    const api = scripted([iterator, throttled, page(['1']), page([]), page(['2']), page([])]);
    const read = await readShard(api, 's', 'shardId-000000000000', {
      profile,
      pacer,
      pageLimit: 10,
      awaited: new Map([['shardId-000000000000', 2n]]),
      wait: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
    });
    expect(read.incomplete).toBeUndefined();
    expect(readRecordsOf(read).map((r) => r.sequenceNumber)).toEqual(['1', '2']);
    expect(waits).toEqual([100, 50]);
    expect(paced).toBe(6);
    expect(api.asked.slice(1).map((r) => (r.body as { Limit: number }).Limit)).toEqual([10, 10, 10, 10, 10]);
  });

  test('a page behind the tip is not the end, an empty caught-up page is', async () => {
    const api = scripted([iterator, page([], 5000), page(['1']), page([])]);
    const read = await readShard(api, 's', 'x', { profile, pacer: new ReadPacer(), pageLimit: 10 });
    expect(read.incomplete).toBeUndefined();
    expect(api.asked).toHaveLength(4);
  });

  test('stops short, saying why, on an error answer or after its settle polls', async () => {
    const failed = await readShard(
      scripted([iterator, (req) => exchange(req, 500, { __type: 'InternalFailure' })]),
      's',
      'x',
      { profile, pacer: new ReadPacer(), pageLimit: 10 },
    );
    expect(failed.incomplete).toBe('GetRecords answered HTTP 500 InternalFailure');
    const gone = await readShard(
      scripted([(req) => exchange(req, 400, { __type: 'ResourceNotFoundException' })]),
      's',
      'x',
      {
        profile,
        pacer: new ReadPacer(),
        pageLimit: 10,
      },
    );
    expect(gone.incomplete).toBe('GetShardIterator TRIM_HORIZON answered HTTP 400 ResourceNotFoundException');
    // The awaited record never shows: the read ends at the tip after its polls, complete; the checks judge what is missing.
    const waits: number[] = [];
    const never = await readShard(
      scripted([iterator, ...Array.from({ length: 6 }, () => page([]))]),
      's',
      'x',
      {
        profile,
        pacer: new ReadPacer(),
        pageLimit: 10,
        awaited: new Map([['x', 9n]]),
        wait: (ms) => {
          waits.push(ms);
          return Promise.resolve();
        },
      },
    );
    expect(never.incomplete).toBeUndefined();
    expect(waits).toEqual([50, 100, 200, 400, 800]);
  });
});
