import { describe, expect, test } from 'vitest';
import { walkItems } from '../../src/checks/listing-view.ts';
import { callPaced, retriedOnRate, walkListing } from '../../suites/lib/listing-walk.ts';
import { exchange, yds } from '../checks/fixtures.ts';
import { FakeLister, RUN_STREAMS, STREAM } from '../checks/listing-fixtures.ts';

describe('walkListing', () => {
  test('follows NextToken, or the last item listed, to the last page', async () => {
    for (const continueBy of ['token', 'start'] as const) {
      const walk = await walkListing(new FakeLister(), yds, {
        operation: 'ListShards',
        name: 'x',
        stream: STREAM,
        limit: 3,
        continueBy,
        maxPages: 5,
      });
      expect(walk.pages).toHaveLength(2);
      expect(walk.cutShort).toBeUndefined();
      expect(walkItems(walk).map((i) => i.page)).toEqual([0, 0, 0, 1]);
      expect(walk.pages[1]!.request.body).toEqual(
        continueBy === 'token'
          ? { NextToken: '3', MaxResults: 3 }
          : { StreamName: STREAM, MaxResults: 3, ExclusiveStartShardId: 'shardId-000000000002' },
      );
    }
  });

  test('stops at the page bound against a NextToken that never ends', async () => {
    const lister = new FakeLister(yds, undefined, undefined, (op, _req, answer) =>
      op === 'ListShards' ? { ...answer, NextToken: '0' } : answer,
    );
    const walk = await walkListing(lister, yds, {
      operation: 'ListShards',
      name: 'x',
      stream: STREAM,
      limit: 2,
      continueBy: 'token',
      maxPages: 4,
    });
    expect(walk.pages).toHaveLength(4);
    expect(walk.cutShort).toBe('4 pages, each saying more remain');
  });

  test('stops at an empty page that says more remain, when it has no item to continue after', async () => {
    const lister = new FakeLister(yds, undefined, undefined, (op, _req, answer) =>
      op === 'DescribeStream' ? { StreamDescription: { Shards: [], HasMoreShards: true } } : answer,
    );
    const walk = await walkListing(lister, yds, {
      operation: 'DescribeStream',
      name: 'x',
      stream: STREAM,
      continueBy: 'start',
      maxPages: 4,
    });
    expect(walk.cutShort).toBe('page 1 listed nothing and said more remain');
  });

  test('stops one page after listing every item it waits for (ListStreams on a busy account)', async () => {
    const many = [
      ...RUN_STREAMS,
      ...Array.from({ length: 20 }, (_, i) => `zz-${String(i).padStart(2, '0')}`),
    ];
    const walk = await walkListing(new FakeLister(yds, undefined, many), yds, {
      operation: 'ListStreams',
      name: 'x',
      limit: 1,
      start: 'kcs-test-shards',
      continueBy: 'start',
      until: RUN_STREAMS,
      maxPages: 50,
    });
    expect(walkItems(walk).map((i) => i.item)).toEqual([...RUN_STREAMS, 'zz-00']);
    expect(walk.cutShort).toMatch(/^stopped one page after listing /);
  });

  test('records a page answered with an error and stops', async () => {
    const lister = new FakeLister(yds, undefined, undefined, () => ({
      status: 400,
      body: { __type: 'ResourceNotFoundException', message: 'no' },
    }));
    const walk = await walkListing(lister, yds, {
      operation: 'ListShards',
      name: 'x',
      stream: STREAM,
      continueBy: 'token',
      maxPages: 4,
    });
    expect(walk.pages).toHaveLength(1);
    expect(walk.cutShort).toBe('page 1: HTTP 400 ResourceNotFoundException: no');
  });
});

describe('callPaced', () => {
  test('retries a call refused for the request rate, then keeps the answer', async () => {
    let calls = 0;
    const waits: number[] = [];
    const api = {
      call: async () => {
        calls++;
        const request = { operation: 'ListStreams' as const, wire: 'json' as const, body: {} };
        return calls < 3
          ? exchange(request, 400, { __type: 'LimitExceededException', message: 'Rate exceeded' })
          : exchange(request, 200, { StreamNames: [], HasMoreStreams: false });
      },
    };
    const ex = await callPaced(api, yds, 'ListStreams', {}, async (ms) => void waits.push(ms));
    expect(ex.status).toBe(200);
    expect(waits).toEqual([250, 500]);
  });

  test('gives up after its pauses and keeps the last refusal', async () => {
    const request = { operation: 'SplitShard' as const, wire: 'json' as const, body: {} };
    const refused = exchange(request, 400, { __type: 'LimitExceededException', message: 'Rate exceeded' });
    const waits: number[] = [];
    const ex = await retriedOnRate(
      yds,
      async () => refused,
      async (ms) => void waits.push(ms),
    );
    expect(ex).toBe(refused);
    expect(waits).toEqual([250, 500, 1000, 2000, 4000]);
  });
});
