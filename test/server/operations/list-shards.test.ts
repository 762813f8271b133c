/**
 * ListShards in both profiles: paging (MaxResults at n-1, n and n+1, the documented page cap, NextToken and
 * its rules and expiry), ExclusiveStartShardId, every ShardFilter type of the AWS model after a resharding,
 * expired shards, and each lifecycle state. The server's clock is set with fake Date (nothing else is
 * faked), so shard times and token ages are exact, not waited for.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROFILES } from '../../../src/profiles/index.ts';
import {
  call,
  expectError,
  expectMessage,
  expectViolations,
  violation,
  type ApiResponse,
} from '../../helpers/api.ts';
import { expectByArn, HELD_STATES, PROFILE_NAMES, streamArn, useServers } from './fixtures.ts';
import { shardId, type DescribedShard } from './shards.ts';

interface ListShardsOutput {
  readonly Shards: DescribedShard[];
  readonly NextToken?: string;
}

const T0 = Date.UTC(2026, 11, 5, 12, 0, 0);
const SECOND = 1000;
const HOUR = 3_600_000;

describe.each(PROFILE_NAMES)('ListShards (%s profile)', (name) => {
  const profile = PROFILES[name];
  const L = profile.streams.listing;
  const ERR = profile.errors;
  const server = useServers(name);
  const list = (body: Record<string, unknown>, url = server.url): Promise<ApiResponse<ListShardsOutput>> =>
    call<ListShardsOutput>(url, 'ListShards', body);
  const ids = (res: ApiResponse<ListShardsOutput>): string[] => res.body.Shards.map((s) => s.ShardId);
  /** Every page from `first` on, following NextToken with `MaxResults`. */
  async function allPages(first: Record<string, unknown>, maxResults: number): Promise<string[][]> {
    const pages: string[][] = [];
    let res = await list({ ...first, MaxResults: maxResults });
    pages.push(ids(res));
    while (res.body.NextToken !== undefined && pages.length < 100) {
      res = await list({ NextToken: res.body.NextToken, MaxResults: maxResults });
      expect(res.status, res.text).toBe(200);
      pages.push(ids(res));
    }
    return pages;
  }

  afterEach(() => {
    vi.useRealTimers();
  });

  describe('paging', () => {
    it('returns every shard exactly once across pages, in ShardId order', async () => {
      const stream = await server.fresh(7);
      const pages = await allPages({ StreamName: stream }, 3);
      expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
      expect(pages.flat()).toEqual(Array.from({ length: 7 }, (_, i) => shardId(i)));
    });

    it('starts after ExclusiveStartShardId, and lists nothing after an unknown shard', async () => {
      const stream = await server.fresh(4);
      expect(ids(await list({ StreamName: stream, ExclusiveStartShardId: shardId(1) }))).toEqual([
        shardId(2),
        shardId(3),
      ]);
      expect(ids(await list({ StreamName: stream, ExclusiveStartShardId: shardId(9) }))).toEqual([]);
    });

    it(`caps a page at ${L.listShardsPage} shards, the default too`, async () => {
      const stream = await server.fresh(L.listShardsPage + 1);
      for (const body of [{ StreamName: stream }, { StreamName: stream, MaxResults: L.maxLimit }]) {
        const res = await list(body);
        expect(res.body.Shards).toHaveLength(L.listShardsPage);
        expect(ids(await list({ NextToken: res.body.NextToken! }))).toEqual([shardId(L.listShardsPage)]);
      }
    });

    it(`takes MaxResults 1 and ${L.maxLimit}, and refuses 0 and ${L.maxLimit + 1}`, async () => {
      const stream = await server.fresh(2);
      expect(ids(await list({ StreamName: stream, MaxResults: 1 }))).toEqual([shardId(0)]);
      expect(ids(await list({ StreamName: stream, MaxResults: L.maxLimit }))).toEqual([
        shardId(0),
        shardId(1),
      ]);
      expectViolations(await list({ StreamName: stream, MaxResults: 0 }), profile, [
        violation('0', 'maxResults', 'Member must have value greater than or equal to 1'),
      ]);
      expectViolations(await list({ StreamName: stream, MaxResults: L.maxLimit + 1 }), profile, [
        violation(
          String(L.maxLimit + 1),
          'maxResults',
          `Member must have value less than or equal to ${L.maxLimit}`,
        ),
      ]);
    });
  });

  describe('NextToken', () => {
    it('is refused with StreamName, or with ExclusiveStartShardId; one of NextToken and StreamName is needed', async () => {
      const stream = await server.fresh(3);
      const token = (await list({ StreamName: stream, MaxResults: 1 })).body.NextToken!;
      expectMessage(
        await list({ NextToken: token, StreamName: stream }),
        ERR.invalidArgument,
        'NextToken and StreamName cannot be provided together.',
      );
      const byArn = await list({ NextToken: token, StreamARN: streamArn(stream) });
      await expectByArn(profile, byArn, () =>
        expectMessage(byArn, ERR.invalidArgument, 'NextToken and StreamName cannot be provided together.'),
      );
      expectError(await list({ NextToken: token, ExclusiveStartShardId: shardId(0) }), ERR.invalidArgument);
      expectMessage(
        await list({}),
        ERR.invalidArgument,
        'Either NextToken or StreamName should be provided.',
      );
    });

    it('refuses a token it did not issue', async () => {
      expectMessage(await list({ NextToken: 'not-a-token' }), ERR.invalidArgument, 'Invalid NextToken.');
    });

    it(`expires after ${L.nextTokenTtlMs} ms (AWS-M: 300 seconds)`, async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(T0);
      const stream = await server.fresh(3);
      const token = (await list({ StreamName: stream, MaxResults: 1 })).body.NextToken!;
      vi.setSystemTime(T0 + L.nextTokenTtlMs);
      expect((await list({ NextToken: token })).status).toBe(200);
      vi.setSystemTime(T0 + L.nextTokenTtlMs + 1);
      expectMessage(
        await list({ NextToken: token }),
        ERR.expiredNextToken,
        'The timestamp for the NextToken has expired.',
      );
    });

    it('belongs to its stream: a stream re-created under the same name refuses it', async () => {
      const stream = await server.fresh(3);
      const token = (await list({ StreamName: stream, MaxResults: 1 })).body.NextToken!;
      expect((await call(server.url, 'DeleteStream', { StreamName: stream })).status).toBe(200);
      expect((await call(server.url, 'CreateStream', { StreamName: stream, ShardCount: 3 })).status).toBe(
        200,
      );
      expectMessage(await list({ NextToken: token }), ERR.invalidArgument, 'Invalid NextToken.');
    });
  });

  describe('ShardFilter', () => {
    /**
     * Shards 0 and 1 from T0; at T0 + 10 s shard 0 splits into 2 and 3; at T0 + 20 s shards 2 and 3 merge
     * into 4. Open now: 1 and 4.
     */
    async function reshardedStream(): Promise<string> {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(T0);
      const stream = await server.fresh(2);
      vi.setSystemTime(T0 + 10 * SECOND);
      expect(
        (
          await call(server.url, 'SplitShard', {
            StreamName: stream,
            ShardToSplit: '0',
            NewStartingHashKey: '1000',
          })
        ).status,
      ).toBe(200);
      vi.setSystemTime(T0 + 20 * SECOND);
      expect(
        (
          await call(server.url, 'MergeShards', {
            StreamName: stream,
            ShardToMerge: '2',
            AdjacentShardToMerge: '3',
          })
        ).status,
      ).toBe(200);
      vi.setSystemTime(T0 + 30 * SECOND);
      return stream;
    }
    const at = (ms: number): Date => new Date(ms);
    const filtered = async (stream: string, filter: Record<string, unknown>): Promise<number[]> => {
      // Timestamps in JSON are epoch seconds.
      const f =
        filter['Timestamp'] instanceof Date
          ? { ...filter, Timestamp: filter['Timestamp'].getTime() / 1000 }
          : filter;
      const res = await list({ StreamName: stream, ShardFilter: f });
      expect(res.status, res.text).toBe(200);
      return ids(res).map((id) => Number(id.slice(-12)));
    };

    it('AT_LATEST lists the open shards; FROM_TRIM_HORIZON (the default) every one kept', async () => {
      const stream = await reshardedStream();
      expect(await filtered(stream, { Type: 'AT_LATEST' })).toEqual([1, 4]);
      expect(await filtered(stream, { Type: 'FROM_TRIM_HORIZON' })).toEqual([0, 1, 2, 3, 4]);
      expect(ids(await list({ StreamName: stream }))).toHaveLength(5);
    });

    it('AT_TRIM_HORIZON lists the shards open at the oldest kept time', async () => {
      const stream = await reshardedStream();
      expect(await filtered(stream, { Type: 'AT_TRIM_HORIZON' })).toEqual([0, 1]);
    });

    it('AT_TIMESTAMP lists the shards open at that time', async () => {
      const stream = await reshardedStream();
      expect(await filtered(stream, { Type: 'AT_TIMESTAMP', Timestamp: at(T0 + 5 * SECOND) })).toEqual([
        0, 1,
      ]);
      expect(await filtered(stream, { Type: 'AT_TIMESTAMP', Timestamp: at(T0 + 15 * SECOND) })).toEqual([
        1, 2, 3,
      ]);
      expect(await filtered(stream, { Type: 'AT_TIMESTAMP', Timestamp: at(T0 + 25 * SECOND) })).toEqual([
        1, 4,
      ]);
      // Before the stream existed: its first shards.
      expect(await filtered(stream, { Type: 'AT_TIMESTAMP', Timestamp: at(T0 - HOUR) })).toEqual([0, 1]);
    });

    it('FROM_TIMESTAMP lists the shards closed at or after that time and the open ones', async () => {
      const stream = await reshardedStream();
      expect(await filtered(stream, { Type: 'FROM_TIMESTAMP', Timestamp: at(T0 + 5 * SECOND) })).toEqual([
        0, 1, 2, 3, 4,
      ]);
      expect(await filtered(stream, { Type: 'FROM_TIMESTAMP', Timestamp: at(T0 + 15 * SECOND) })).toEqual([
        1, 2, 3, 4,
      ]);
      expect(await filtered(stream, { Type: 'FROM_TIMESTAMP', Timestamp: at(T0 + 25 * SECOND) })).toEqual([
        1, 4,
      ]);
    });

    it('AFTER_SHARD_ID lists the shards after the one given', async () => {
      const stream = await reshardedStream();
      expect(await filtered(stream, { Type: 'AFTER_SHARD_ID', ShardId: shardId(2) })).toEqual([3, 4]);
    });

    it('keeps the filter across NextToken pages', async () => {
      const stream = await reshardedStream();
      const pages = await allPages({ StreamName: stream, ShardFilter: { Type: 'AT_LATEST' } }, 1);
      expect(pages).toEqual([[shardId(1)], [shardId(4)]]);
    });

    it('refuses a type without the member it needs', async () => {
      const stream = await server.fresh(1);
      expectMessage(
        await list({ StreamName: stream, ShardFilter: { Type: 'AFTER_SHARD_ID' } }),
        ERR.invalidArgument,
        'ShardId must be supplied in a ShardFilter with a Type of AFTER_SHARD_ID',
      );
      for (const type of ['AT_TIMESTAMP', 'FROM_TIMESTAMP']) {
        expectMessage(
          await list({ StreamName: stream, ShardFilter: { Type: type } }),
          ERR.invalidArgument,
          'Timestamp must be supplied in a ShardFilter with a Type of FROM_TIMESTAMP or AT_TIMESTAMP',
        );
      }
    });

    it('refuses a type the model does not list, and a filter without Type', async () => {
      const stream = await server.fresh(1);
      expectViolations(await list({ StreamName: stream, ShardFilter: { Type: 'CHILD_SHARDS' } }), profile, [
        violation(
          'CHILD_SHARDS',
          'shardFilter.type',
          'Member must satisfy enum value set: [AFTER_SHARD_ID, AT_TRIM_HORIZON, FROM_TRIM_HORIZON, AT_LATEST, AT_TIMESTAMP, FROM_TIMESTAMP]',
        ),
      ]);
      expectViolations(await list({ StreamName: stream, ShardFilter: {} }), profile, [
        violation(null, 'shardFilter.type', 'Member must not be null'),
      ]);
    });
  });

  it('does not list a closed shard once its records are past the retention period (AWS-M: expired shards)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const stream = await server.fresh(1);
    expect(
      (
        await call(server.url, 'SplitShard', {
          StreamName: stream,
          ShardToSplit: '0',
          NewStartingHashKey: '1000',
        })
      ).status,
    ).toBe(200);
    const retention = 24 * HOUR;
    vi.setSystemTime(T0 + retention);
    expect(ids(await list({ StreamName: stream }))).toEqual([shardId(0), shardId(1), shardId(2)]);
    vi.setSystemTime(T0 + retention + 1);
    expect(ids(await list({ StreamName: stream }))).toEqual([shardId(1), shardId(2)]);
  });

  describe('in each lifecycle state', () => {
    it('lists no shards of a CREATING stream (as DescribeStream, KL-T createStream, V-AWS)', async () => {
      const { url, name: stream } = server.states.CREATING;
      expect(ids(await list({ StreamName: stream }, url))).toEqual([]);
    });

    it.each(HELD_STATES.filter((s) => s !== 'CREATING'))('lists the shards of a %s stream', async (state) => {
      const { url, name: stream } = server.states[state];
      expect(ids(await list({ StreamName: stream }, url))).toEqual([shardId(0), shardId(1)]);
    });
  });
});
