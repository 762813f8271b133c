/**
 * ListShards, DescribeStream, DescribeStreamSummary and ListStreams: one stream of n shards listed at page
 * sizes around n and at the documented bounds, continued by NextToken and by ExclusiveStartShardId, with every
 * ShardFilter type; ListStreams walked over the suite's own streams; Limit values at and past the bounds; a
 * NextToken sent with a StreamName. Recorded once, judged by every check of the area.
 */
import { afterAll, beforeAll, inject, test } from 'vitest';
import type { CheckContext } from '../../src/checks/check.ts';
import { CHECKS, HISTORY_CHECKS, type CheckId, type HistoryCheckId } from '../../src/checks/index.ts';
import type { ListingContext } from '../../src/checks/listing-history.ts';
import { readPage, walkItems, type ListingOperation, type Walk } from '../../src/checks/listing-view.ts';
import { SHARD_FILTER_TYPES, type FilterQuery } from '../../src/checks/shard-filter.ts';
import { limitBoundValues, pageSizes } from '../../src/generators/listing-cases.ts';
import type { WireFormat } from '../../src/protocol/wire.ts';
import { runCheck, type Runner } from '../lib/harness.ts';
import { runHistoryCheck } from '../lib/history-harness.ts';
import { callPaced, walkListing, type WalkSpec } from '../lib/listing-walk.ts';
import { Session } from '../lib/session.ts';

const cfg = inject('kcs');
const session = new Session(cfg);
/** n: the listed stream's shards. 4, because AWS's and kinesis-mock's range boundaries differ for even n. */
const SHARD_COUNT = 4;
/** The listed stream, and two more one-shard streams for ListStreams; the names sort together. */
const STREAMS = [
  { suffix: 'shards-a', shards: SHARD_COUNT },
  { suffix: 'shards-b', shards: 1 },
  { suffix: 'shards-c', shards: 1 },
];
const NEEDED = STREAMS.reduce((n, s) => n + s.shards, 0);
const names = STREAMS.map((s) => session.name(s.suffix));
const stream = names[0]!;
/** ExclusiveStartStreamName sorting just before the suite's streams (a valid name in both profiles). */
const beforeOurs = session.name('shards');
const capped =
  cfg.maxShards < NEEDED
    ? `the shards suite needs ${NEEDED} shards at once, more than the allowed ${cfg.maxShards} (--max-shards)`
    : undefined;

beforeAll(() => (capped ? undefined : session.createStreams(STREAMS)));
afterAll(() => session.close());

/** Pages of ListStreams read from the account's first stream at most (100 names each by default). */
const ACCOUNT_PAGES = 100;
/** A walk of a listing of n items stops after this many pages (a page of 1 item at least, and some room). */
const pagesFor = (n: number): number => n + 3;

function timestamp(wire: WireFormat, ms: number): number | Date {
  // AWS JSON timestamps are epoch seconds with a fraction; CBOR carries a Date (tag 1, epoch milliseconds).
  return wire === 'json' ? ms / 1000 : new Date(ms);
}

let recorded: Promise<ListingContext> | undefined;

function history(): Promise<ListingContext> {
  recorded ??= (async () => {
    const { api, profile } = session;
    const walk = (spec: WalkSpec): Promise<Walk> => walkListing(api, profile, spec);
    const max = profile.streams.listing.maxLimit;
    const reference = await walk({
      operation: 'ListShards',
      name: `MaxResults ${max} (the largest), continued by NextToken`,
      stream,
      limit: max,
      continueBy: 'token',
      maxPages: pagesFor(SHARD_COUNT),
    });
    const ids = walkItems(reference).map((i) => i.item);
    const walks: Walk[] = [reference];
    const shardStarts = [undefined, ids[0], ids[ids.length - 1]].filter((s, i) => i === 0 || s !== undefined);
    for (const operation of ['ListShards', 'DescribeStream'] as const satisfies ListingOperation[]) {
      const styles = operation === 'ListShards' ? (['token', 'start'] as const) : (['start'] as const);
      for (const start of shardStarts)
        for (const size of pageSizes(profile, SHARD_COUNT))
          for (const continueBy of styles) {
            if (start !== undefined && size.limit !== SHARD_COUNT - 1) continue;
            const by = continueBy === 'token' ? 'NextToken' : 'ExclusiveStartShardId';
            walks.push(
              await walk({
                operation,
                name: `${operation === 'ListShards' ? 'MaxResults' : 'Limit'} ${size.label}${start ? `, after ${start}` : ''}, continued by ${by}`,
                stream,
                ...(size.limit !== undefined ? { limit: size.limit } : {}),
                ...(start !== undefined ? { start } : {}),
                continueBy,
                maxPages: pagesFor(SHARD_COUNT),
              }),
            );
          }
    }
    const described = walks.find((w) => w.operation === 'DescribeStream' && w.limit === max && !w.start)!;
    // ListStreams over the suite's streams: a real account has others, listed too and not compared.
    for (const size of pageSizes(profile, names.length))
      for (const continueBy of ['start', 'token'] as const)
        walks.push(
          await walk({
            operation: 'ListStreams',
            name: `Limit ${size.label}, after ${beforeOurs}, continued by ${continueBy === 'token' ? 'NextToken where given' : 'ExclusiveStartStreamName'}`,
            ...(size.limit !== undefined ? { limit: size.limit } : {}),
            start: beforeOurs,
            continueBy,
            until: names,
            maxPages: pagesFor(names.length),
          }),
        );
    for (const start of [names[0]!, names[names.length - 1]!])
      walks.push(
        await walk({
          operation: 'ListStreams',
          name: `Limit ${names.length - 1} (n - 1), after ${start}, continued by ExclusiveStartStreamName`,
          limit: names.length - 1,
          start,
          continueBy: 'start',
          until: names,
          maxPages: pagesFor(names.length),
        }),
      );
    // From the account's first stream, default pages: a real account may list many streams before ours.
    walks.push(
      await walk({
        operation: 'ListStreams',
        name: 'no Limit, from the first stream of the account, continued by ExclusiveStartStreamName',
        continueBy: 'start',
        until: names,
        maxPages: ACCOUNT_PAGES,
      }),
    );
    const summary = await callPaced(api, profile, 'DescribeStreamSummary', { StreamName: stream });
    const filters: FilterQuery[] = [];
    for (const type of SHARD_FILTER_TYPES) {
      const filter: Record<string, unknown> = { Type: type };
      const timestampMs = Date.now();
      if (type === 'AFTER_SHARD_ID') filter['ShardId'] = ids[0];
      if (type === 'AT_TIMESTAMP' || type === 'FROM_TIMESTAMP')
        filter['Timestamp'] = timestamp(cfg.wire, timestampMs);
      const queryWalk = await walk({
        operation: 'ListShards',
        name: `ShardFilter ${type}, MaxResults ${max}`,
        stream,
        limit: max,
        filter,
        continueBy: 'token',
        maxPages: pagesFor(SHARD_COUNT),
      });
      filters.push({
        type,
        ...(type === 'AFTER_SHARD_ID' && ids[0] !== undefined ? { shardId: ids[0] } : {}),
        ...(filter['Timestamp'] !== undefined ? { timestampMs } : {}),
        walk: queryWalk,
      });
    }
    return {
      profile,
      stream,
      shardCount: SHARD_COUNT,
      runStreams: names,
      reference,
      described,
      walks,
      summary,
      filters,
    };
  })();
  return recorded;
}

type Observed = readonly { readonly name: string; readonly ctx: CheckContext }[];
let observed: Promise<Observed> | undefined;

/** The Limit values at and past the bounds, for each listing, and a ListShards NextToken sent with a StreamName. */
function observations(): Promise<Observed> {
  observed ??= (async () => {
    const { api, profile } = session;
    const out: { name: string; ctx: CheckContext }[] = [];
    const send = async (name: string, operation: ListingOperation, body: Record<string, unknown>) => {
      const exchange = await callPaced(api, profile, operation, body);
      out.push({ name, ctx: { profile, exchange } });
    };
    for (const value of limitBoundValues(profile)) {
      await send(`ListShards MaxResults ${value}`, 'ListShards', { StreamName: stream, MaxResults: value });
      await send(`DescribeStream Limit ${value}`, 'DescribeStream', { StreamName: stream, Limit: value });
      await send(`ListStreams Limit ${value}`, 'ListStreams', {
        Limit: value,
        ExclusiveStartStreamName: beforeOurs,
      });
    }
    const { walks } = await history();
    const paged = walks.find((w) => w.operation === 'ListShards' && w.pages.length > 1);
    const token = paged && readPage('ListShards', paged.pages[0]!).nextToken;
    if (token !== undefined)
      await send('ListShards with NextToken and StreamName', 'ListShards', {
        StreamName: stream,
        NextToken: token,
      });
    return out;
  })();
  return observed;
}

const EXCHANGE_IDS = [
  'list-shards.max-results-bounds',
  'list-shards.next-token-with-stream-name',
  'describe-stream.limit-bounds',
  'list-streams.limit-bounds',
] as const satisfies readonly CheckId[];

const HISTORY_IDS = [
  'list-shards.pages-complete',
  'list-shards.page-size-honoured',
  'list-shards.next-token-matches',
  'list-shards.shard-filter',
  'describe-stream.pages-complete',
  'describe-stream.page-size-honoured',
  'describe-stream.has-more-shards-matches',
  'list-streams.pages-complete',
  'list-streams.page-size-honoured',
  'list-streams.has-more-streams-matches',
  'shards.hash-ranges-cover',
  'shards.hash-ranges-split',
  'shards.open-count-agrees',
] as const satisfies readonly HistoryCheckId[];

/** A check skipped with the reason when the shard cap leaves no room for the suite's streams. */
function withCap<T extends { skipReason?: (p: typeof session.profile) => string | undefined }>(check: T): T {
  return capped ? { ...check, skipReason: () => capped } : check;
}

// No describe block: the test's name is exactly the check id (the reporters' contract).
for (const id of EXCHANGE_IDS) {
  const check = withCap(CHECKS[id]);
  test(id, (t) =>
    runCheck(t, check, session, async (run: Runner) => {
      const cases = await observations();
      if (
        id === 'list-shards.next-token-with-stream-name' &&
        !cases.some((c) => c.name.includes('NextToken'))
      ) {
        const reason = 'no ListShards page gave a NextToken to send back with a StreamName';
        t.task.meta.kcs = { ...t.task.meta.kcs!, skipReason: reason };
        t.skip(reason);
        return;
      }
      run.judge(cases);
    }),
  );
}
for (const id of HISTORY_IDS) {
  const check = withCap(HISTORY_CHECKS[id]);
  test(id, (t) => runHistoryCheck(t, check, session, history));
}
