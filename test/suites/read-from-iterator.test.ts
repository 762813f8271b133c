import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ApiRequest } from '../../src/client/exchange.ts';
import { KinesisApi } from '../../src/client/kinesis-api.ts';
import { closeConnections } from '../../src/client/send.ts';
import { pageRecords } from '../../src/checks/shard-reads.ts';
import { RecordTagger } from '../../src/generators/tagged-records.ts';
import { PROFILES } from '../../src/profiles/index.ts';
import { parseEndpoint } from '../../src/protocol/endpoint.ts';
import { createServer, type RunningServer } from '../../src/server/server.ts';
import { readPages } from '../../suites/lib/read-from-iterator.ts';
import { readByPlan, shardStarts, writeTo } from '../../suites/lib/read-fixture.ts';
import { ReadPacer } from '../../suites/lib/read-pacer.ts';
import { exchange } from '../checks/fixtures.ts';
import { page, scripted } from './scripted-reader.ts';

const profile = PROFILES.aws;

function options(waits: number[] = []) {
  return {
    profile,
    pacer: new ReadPacer(),
    wait: (ms: number) => {
      waits.push(ms);
      return Promise.resolve();
    },
  };
}

describe('readPages', () => {
  test("follows NextShardIterator with each page's Limit and stops at an empty caught-up page once the awaited record showed", async () => {
    const api = scripted([page(['1', '2']), page(['3']), page([])]);
    const read = await readPages(api, 's', 'it0', { ...options(), awaited: 3n, limit: (p) => [2, 7][p % 2] });
    expect(pageRecords(read.pages).map((r) => r.sequenceNumber)).toEqual(['1', '2', '3']);
    expect(read.next).toBe('it-');
    expect(api.asked.map((r) => r.body)).toEqual([
      { ShardIterator: 'it0', Limit: 2 },
      { ShardIterator: 'it-1-2', Limit: 7 },
      { ShardIterator: 'it-3', Limit: 2 },
    ]);
  });

  test('with nothing awaited, the first empty caught-up page ends the read', async () => {
    const api = scripted([page([])]);
    expect((await readPages(api, 's', 'it0', options())).pages).toHaveLength(1);
  });

  test('reads on at once while the target says it is behind, polls while it says it is caught up', async () => {
    const waits: number[] = [];
    const api = scripted([page([], 900), page([]), page(['5']), page([])]);
    const read = await readPages(api, 's', 'it0', { ...options(waits), awaited: 5n });
    expect(pageRecords(read.pages).map((r) => r.sequenceNumber)).toEqual(['5']);
    expect(waits).toEqual([50]);
  });

  test('where the profile does not say 0 at the tip (yds), an empty page after the awaited record ends the read', async () => {
    const api = scripted([page(['1'], 40), page([], 40)]);
    const read = await readPages(api, 's', 'it0', { ...options(), profile: PROFILES.yds, awaited: 1n });
    expect(read.pages).toHaveLength(2);
  });

  test('stops at the first page with records when asked to, and after maxPages', async () => {
    expect(
      (
        await readPages(scripted([page([]), page(['1'])]), 's', 'i', {
          ...options(),
          untilRecords: true,
          awaited: 1n,
        })
      ).pages,
    ).toHaveLength(2);
    expect(
      (await readPages(scripted([page(['1'])]), 's', 'i', { ...options(), maxPages: 1, awaited: 9n })).next,
    ).toBe('it-1');
  });

  test('retries a throttled page and stops short, saying why, on an error', async () => {
    const waits: number[] = [];
    const throttled = (req: ApiRequest) =>
      exchange(req, 400, { __type: 'ProvisionedThroughputExceededException', message: 'Rate exceeded' });
    const read = await readPages(
      scripted([throttled, page(['1']), (req) => exchange(req, 500, { __type: 'InternalFailure' })]),
      's',
      'i',
      { ...options(waits), awaited: 2n },
    );
    expect(waits).toEqual([100]);
    expect(read.incomplete).toBe('GetRecords answered HTTP 500 InternalFailure');
  });

  test('a closed shard (no NextShardIterator) ends the read', async () => {
    const closed = (req: ApiRequest) => exchange(req, 200, { Records: [], MillisBehindLatest: 0 });
    const read = await readPages(scripted([closed]), 's', 'i', { ...options(), awaited: 4n });
    expect(read).toEqual({ pages: [expect.anything()] });
  });
});

describe('readByPlan against the reference server', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await createServer({ port: 0, profile: 'aws' });
  });
  afterAll(async () => {
    await closeConnections();
    await server.close();
  });

  test.each(['json', 'cbor'] as const)(
    'LATEST reads one empty page, then what is written after it (%s)',
    async (wire) => {
      const api = new KinesisApi({ endpoint: parseEndpoint(server.url), region: 'us-east-1' }, { wire });
      const stream = `read-plan-${wire}`;
      await api.createStream(stream, 1);
      const [shard] = await api.listShards(stream);
      const tagger = new RecordTagger('t');
      const before = await writeTo(api, stream, shard!, tagger, 3);
      const read = await readByPlan(
        api,
        {
          name: 'LATEST',
          stream,
          shardId: shard!.shardId,
          position: { ShardIteratorType: 'LATEST' },
          limit: 1,
          later: () => writeTo(api, stream, shard!, tagger, 2),
        },
        { profile, pacer: new ReadPacer() },
      );
      expect(read.incomplete).toBeUndefined();
      expect(read.laterAfterPages).toBe(1);
      expect(pageRecords(read.pages.slice(0, 1))).toEqual([]);
      expect(pageRecords(read.pages).map((r) => r.sequenceNumber)).toEqual(
        read.later.map((r) => r.sequenceNumber),
      );
      expect(read.later.every((r) => !before.some((b) => b.sequenceNumber === r.sequenceNumber))).toBe(true);
      expect((await shardStarts(api, stream)).get(shard!.shardId)).toMatch(/^\d+$/);
    },
  );
});
