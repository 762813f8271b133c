/**
 * Follows a listing (ListShards, DescribeStream, ListStreams) page by page, as a consumer does, and records
 * every page as a Walk for the listing checks. Calls refused for the account's request rate
 * (LimitExceededException: AWS-M "ListStreams has a limit of five transactions per second per account",
 * DescribeStream ten) are retried after a pause; only the answer kept is recorded.
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Exchange } from '../../src/client/exchange.ts';
import type { KinesisApi } from '../../src/client/kinesis-api.ts';
import { LIMIT_MEMBER } from '../../src/checks/listing-history.ts';
import { readPage, type ListingOperation, type Walk } from '../../src/checks/listing-view.ts';
import { describeResponse, errorType } from '../../src/checks/view.ts';
import type { OperationName } from '../../src/protocol/operations.ts';
import type { Profile } from '../../src/profiles/profile.ts';

export type Caller = Pick<KinesisApi, 'call'>;

/** Pauses before each retry of a call refused with LimitExceededException. */
const RATE_BACKOFF_MS = [250, 500, 1000, 2000, 4000];

/** One call, retried while the target refuses it for the request rate. */
export function callPaced(
  api: Caller,
  profile: Profile,
  operation: OperationName,
  body: Record<string, unknown>,
  wait: (ms: number) => Promise<unknown> = delay,
): Promise<Exchange> {
  return retriedOnRate(profile, () => api.call(operation, body), wait);
}

/** Sends again, after a pause, while the answer is LimitExceededException; the last answer is kept. */
export async function retriedOnRate(
  profile: Profile,
  send: () => Promise<Exchange>,
  wait: (ms: number) => Promise<unknown> = delay,
): Promise<Exchange> {
  for (let attempt = 0; ; attempt++) {
    const ex = await send();
    if (errorType(ex.body) !== profile.errors.limitExceeded.type || attempt >= RATE_BACKOFF_MS.length)
      return ex;
    await wait(RATE_BACKOFF_MS[attempt]!);
  }
}

export interface WalkSpec {
  readonly operation: ListingOperation;
  readonly name: string;
  /** The stream listed (ListShards, DescribeStream). */
  readonly stream?: string;
  readonly limit?: number;
  /** ExclusiveStartShardId / ExclusiveStartStreamName of the first page. */
  readonly start?: string;
  /**
   * How the next page is asked for: by the NextToken of the last (ListShards; ListStreams when it gives one),
   * or by naming the last item listed (ExclusiveStartShardId, ExclusiveStartStreamName; DescribeStream always).
   */
  readonly continueBy: 'token' | 'start';
  /** ListShards' ShardFilter, sent with the first page. */
  readonly filter?: Record<string, unknown>;
  /** Stop one page after all of these were listed (ListStreams on an account with many other streams). */
  readonly until?: readonly string[];
  readonly maxPages: number;
}

export async function walkListing(api: Caller, profile: Profile, spec: WalkSpec): Promise<Walk> {
  const op = spec.operation;
  const limit = spec.limit !== undefined ? { [LIMIT_MEMBER[op]]: spec.limit } : {};
  const name = spec.stream !== undefined ? { StreamName: spec.stream } : {};
  const startMember = op === 'ListStreams' ? 'ExclusiveStartStreamName' : 'ExclusiveStartShardId';
  const first: Record<string, unknown> = {
    ...name,
    ...limit,
    ...(spec.start !== undefined ? { [startMember]: spec.start } : {}),
    ...(spec.filter ? { ShardFilter: spec.filter } : {}),
  };
  const pages: Exchange[] = [];
  const done = (cutShort?: string): Walk => ({
    name: spec.name,
    operation: op,
    ...(spec.limit !== undefined ? { limit: spec.limit } : {}),
    ...(spec.start !== undefined ? { start: spec.start } : {}),
    pages,
    ...(cutShort !== undefined ? { cutShort } : {}),
  });
  const listed = new Set<string>();
  let afterAll = false;
  let body = first;
  for (;;) {
    const ex = await callPaced(api, profile, op, body);
    pages.push(ex);
    const page = readPage(op, ex);
    if (page.problem !== undefined) return done(`page ${pages.length}: ${describeResponse(ex)}`);
    if (!page.more) return done();
    if (afterAll) return done(`stopped one page after listing ${spec.until!.join(', ')}`);
    page.items.forEach((i) => listed.add(i));
    afterAll = spec.until !== undefined && spec.until.every((i) => listed.has(i));
    if (pages.length >= spec.maxPages) return done(`${spec.maxPages} pages, each saying more remain`);
    const last = page.items[page.items.length - 1];
    if (spec.continueBy === 'token' && page.nextToken !== undefined && op !== 'DescribeStream') {
      body = { NextToken: page.nextToken, ...limit };
    } else if (last !== undefined) {
      body = { ...name, ...limit, [startMember]: last, ...(spec.filter ? { ShardFilter: spec.filter } : {}) };
    } else {
      return done(`page ${pages.length} listed nothing and said more remain`);
    }
  }
}
