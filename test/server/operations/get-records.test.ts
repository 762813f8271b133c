/**
 * GetRecords in both profiles, beyond the read-back tests of test/server/lifecycle.test.ts: a closed shard
 * gives its records, then no NextShardIterator and its ChildShards once read to the end (AWS-M GetRecords);
 * an open shard never does; Limit at n-1, n and n+1 of its bounds and of the records there are, 0 as each
 * profile reads it; MillisBehindLatest as each profile counts it; JSON timestamps in epoch seconds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILES } from '../../../src/profiles/index.ts';
import { call, expectMessage, expectViolations, violation, type ApiResponse } from '../../helpers/api.ts';
import { operationServer, PROFILE_NAMES, type OperationServer } from './fixtures.ts';
import { describeShards, shardId } from './shards.ts';

interface Page {
  readonly Records: { PartitionKey: string; ApproximateArrivalTimestamp: number }[];
  readonly NextShardIterator?: string;
  readonly MillisBehindLatest: number;
  readonly ChildShards?: {
    ShardId: string;
    ParentShards: string[];
    HashKeyRange: { StartingHashKey: string; EndingHashKey: string };
  }[];
}

describe.each(PROFILE_NAMES)('GetRecords (%s profile)', (name) => {
  const profile = PROFILES[name];
  let server: OperationServer;
  const horizon = async (stream: string, index: number): Promise<string> => {
    const res = await call<{ ShardIterator: string }>(server.url, 'GetShardIterator', {
      StreamName: stream,
      ShardId: shardId(index),
      ShardIteratorType: 'TRIM_HORIZON',
    });
    expect(res.status, res.text).toBe(200);
    return res.body.ShardIterator;
  };
  const get = (body: Record<string, unknown>): Promise<ApiResponse<Page>> =>
    call<Page>(server.url, 'GetRecords', body);
  const putAll = async (stream: string, keys: readonly string[], ehk = '0'): Promise<void> => {
    const res = await call<{ FailedRecordCount: number }>(server.url, 'PutRecords', {
      StreamName: stream,
      Records: keys.map((k) => ({ PartitionKey: k, ExplicitHashKey: ehk, Data: 'AA==' })),
    });
    expect(res.body.FailedRecordCount).toBe(0);
  };

  beforeAll(async () => {
    server = await operationServer(name);
  });
  afterAll(() => server.close());

  it('reads a split parent to its end, then gives no iterator and both children', async () => {
    const stream = await server.fresh(1);
    await putAll(stream, ['a', 'b', 'c']);
    const at = 1n << 127n;
    expect(
      (
        await call(server.url, 'SplitShard', {
          StreamName: stream,
          ShardToSplit: '0',
          NewStartingHashKey: at.toString(),
        })
      ).status,
    ).toBe(200);
    const keys: string[] = [];
    let it: string | undefined = await horizon(stream, 0);
    let last: Page | undefined;
    for (let pages = 0; it !== undefined && pages < 10; pages++) {
      last = (await get({ ShardIterator: it, Limit: 1 })).body;
      keys.push(...last.Records.map((r) => r.PartitionKey));
      if (last.NextShardIterator !== undefined) expect(last.ChildShards).toBeUndefined();
      it = last.NextShardIterator;
    }
    expect(keys).toEqual(['a', 'b', 'c']);
    expect(last!.NextShardIterator).toBeUndefined();
    expect(last!.MillisBehindLatest).toBe(0);
    const max = ((1n << 128n) - 1n).toString();
    expect(last!.ChildShards).toEqual([
      {
        ShardId: shardId(1),
        ParentShards: [shardId(0)],
        HashKeyRange: { StartingHashKey: '0', EndingHashKey: (at - 1n).toString() },
      },
      {
        ShardId: shardId(2),
        ParentShards: [shardId(0)],
        HashKeyRange: { StartingHashKey: at.toString(), EndingHashKey: max },
      },
    ]);
  });

  it('ends a closed shard in the page that reads its last records', async () => {
    const stream = await server.fresh(2);
    await putAll(stream, ['x', 'y']);
    expect(
      (
        await call(server.url, 'MergeShards', {
          StreamName: stream,
          ShardToMerge: '0',
          AdjacentShardToMerge: '1',
        })
      ).status,
    ).toBe(200);
    const res = await get({ ShardIterator: await horizon(stream, 0) });
    expect(res.body.Records.map((r) => r.PartitionKey)).toEqual(['x', 'y']);
    expect(res.body.NextShardIterator).toBeUndefined();
    const shards = await describeShards(server.url, stream);
    expect(res.body.ChildShards).toEqual([
      {
        ShardId: shardId(2),
        ParentShards: [shardId(0), shardId(1)],
        HashKeyRange: { StartingHashKey: '0', EndingHashKey: shards[1]!.HashKeyRange.EndingHashKey },
      },
    ]);
  });

  it('keeps an iterator on an open shard, caught up or not, and never names children', async () => {
    const stream = await server.fresh(1);
    const empty = await get({ ShardIterator: await horizon(stream, 0) });
    expect(empty.body.Records).toEqual([]);
    expect(empty.body.NextShardIterator).toBeDefined();
    expect(empty.body.ChildShards).toBeUndefined();
    await putAll(stream, ['a']);
    const one = await get({ ShardIterator: empty.body.NextShardIterator! });
    expect(one.body.Records).toHaveLength(1);
    expect(one.body.NextShardIterator).toBeDefined();
    expect('ChildShards' in one.body).toBe(false);
  });

  it('writes ApproximateArrivalTimestamp in JSON as epoch seconds', async () => {
    const before = Date.now();
    const stream = await server.fresh(1);
    await putAll(stream, ['t']);
    const after = Date.now();
    const [record] = (await get({ ShardIterator: await horizon(stream, 0) })).body.Records;
    expect(record!.ApproximateArrivalTimestamp * 1000).toBeGreaterThanOrEqual(before);
    expect(record!.ApproximateArrivalTimestamp * 1000).toBeLessThanOrEqual(after);
  });

  describe(`Limit (1..${profile.getRecords.maxLimit})`, () => {
    const max = profile.getRecords.maxLimit;
    /**
     * The answer to a Limit outside 1..max. AWS: the model's constraint, a ValidationException in AWS's
     * aggregated form (KL-T getRecords, V-AWS). YDS: ValidationException "Limit 'N' is out of bounds [1;
     * 10000]" (behaviour.md 5 YDB column; YDB-T ErroneousRequestGetRecords; datastreams_proxy.cpp).
     */
    const expectOutside = (res: ApiResponse<Page>, limit: number): void => {
      if (name === 'aws')
        expectViolations(res, profile, [
          violation(
            String(limit),
            'limit',
            limit < 1
              ? 'Member must have value greater than or equal to 1'
              : `Member must have value less than or equal to ${max}`,
          ),
        ]);
      else
        expectMessage(
          res,
          { type: 'ValidationException', status: 400 },
          `Limit '${limit}' is out of bounds [1; ${max}]`,
        );
    };

    it('takes 1, max - 1 and max; refuses max + 1 and -1', async () => {
      const stream = await server.fresh(1);
      await putAll(stream, ['a', 'b']);
      const it0 = await horizon(stream, 0);
      expect((await get({ ShardIterator: it0, Limit: 1 })).body.Records).toHaveLength(1);
      for (const limit of [max - 1, max])
        expect((await get({ ShardIterator: it0, Limit: limit })).body.Records).toHaveLength(2);
      for (const limit of [max + 1, -1])
        expectOutside(await get({ ShardIterator: it0, Limit: limit }), limit);
    });

    it('returns at most Limit records: n - 1, n and n + 1 of the n there are', async () => {
      const stream = await server.fresh(1);
      await putAll(stream, ['a', 'b', 'c']);
      const it0 = await horizon(stream, 0);
      for (const [limit, keys] of [
        [2, ['a', 'b']],
        [3, ['a', 'b', 'c']],
        [4, ['a', 'b', 'c']],
      ] as const)
        expect(
          (await get({ ShardIterator: it0, Limit: limit })).body.Records.map((r) => r.PartitionKey),
        ).toEqual(keys);
    });

    // AWS refuses 0 like any Limit below 1 (KL-T getRecords, V-AWS); YDS reads it as no Limit, the default
    // 10000 (behaviour.md 6 row 29b; datastreams_proxy.cpp: `Limit == 0 ? MAX_LIMIT : Limit`).
    it(name === 'aws' ? 'refuses 0' : 'reads 0 as no Limit', async () => {
      const stream = await server.fresh(1);
      await putAll(stream, ['a', 'b']);
      const res = await get({ ShardIterator: await horizon(stream, 0), Limit: 0 });
      if (name === 'aws') expectOutside(res, 0);
      else expect(res.body.Records.map((r) => r.PartitionKey)).toEqual(['a', 'b']);
    });
  });

  describe('MillisBehindLatest', () => {
    it('is 0 on an empty page', async () => {
      const stream = await server.fresh(1);
      expect((await get({ ShardIterator: await horizon(stream, 0) })).body.MillisBehindLatest).toBe(0);
    });

    // AWS: 0 once caught up (behaviour.md 5, LS-AG, LS-K, V-AWS). YDS: now minus the write time of the
    // page's last record (behaviour.md 6 row 30; datastreams_proxy.cpp TGetRecordsActor::Handle).
    it(
      name === 'aws' ? 'is 0 on the page that catches up' : "counts from the page's last record's write",
      async () => {
        const stream = await server.fresh(1);
        const before = Date.now();
        await putAll(stream, ['a']);
        const written = Date.now();
        await until(() => Date.now() >= written + 5);
        const asked = Date.now();
        const res = await get({ ShardIterator: await horizon(stream, 0) });
        const answered = Date.now();
        expect(res.body.Records).toHaveLength(1);
        const behind = res.body.MillisBehindLatest;
        if (name === 'aws') expect(behind).toBe(0);
        else {
          expect(behind).toBeGreaterThanOrEqual(asked - written);
          expect(behind).toBeLessThanOrEqual(answered - before);
        }
      },
    );
  });
});

/** Polls `check` until it holds: waiting on a condition, never a fixed sleep. */
async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 1));
}
