/**
 * Reading the listing operations (ListShards, DescribeStream, ListStreams) as plain data, tolerantly: what
 * one page lists and whether it says more remain, and a walk, the pages of one listing followed to its end.
 * AWS-M: ListShardsOutput.Shards and NextToken are optional (an empty list may be omitted: behaviour.md 5,
 * YDB column); StreamDescription.HasMoreShards and ListStreamsOutput.HasMoreStreams are required.
 */
import type { Exchange } from '../client/exchange.ts';
import { isObject, present, type Fields } from './view.ts';

export type ListingOperation = 'ListShards' | 'DescribeStream' | 'ListStreams';

/** A shard as ListShards and DescribeStream describe it (AWS-M Shard). */
export interface ShardInfo {
  readonly shardId: string;
  readonly startingHashKey: bigint;
  readonly endingHashKey: bigint;
  readonly parentShardId?: string;
  readonly adjacentParentShardId?: string;
  readonly startingSequenceNumber?: string;
  /** AWS-M SequenceNumberRange.EndingSequenceNumber: "Shards that are in the OPEN state have ... null". */
  readonly endingSequenceNumber?: string;
}

export function isOpen(shard: ShardInfo): boolean {
  return shard.endingSequenceNumber === undefined;
}

/** What one answer of a listing says. */
export interface Page {
  /** Shard ids (ListShards, DescribeStream) or stream names (ListStreams), in the order listed. */
  readonly items: readonly string[];
  /** The shards, for ListShards and DescribeStream. */
  readonly shards: readonly ShardInfo[];
  /** Whether the answer says more remain: NextToken, HasMoreShards, HasMoreStreams. Undefined: it does not say. */
  readonly more: boolean | undefined;
  readonly nextToken?: string;
  /** Why the page cannot be read: not a 200, or a listed item without the members the model requires. */
  readonly problem?: string;
}

const DECIMAL = /^(0|[1-9]\d*)$/;

/** The page an exchange of `operation` answered. */
export function readPage(operation: ListingOperation, ex: Exchange): Page {
  const empty = { items: [], shards: [], more: undefined };
  if (ex.status !== 200 || !isObject(ex.body)) return { ...empty, problem: `HTTP ${ex.status}` };
  const body = ex.body;
  const token =
    typeof body['NextToken'] === 'string' && body['NextToken'] !== '' ? body['NextToken'] : undefined;
  if (operation === 'ListStreams') {
    const names = body['StreamNames'];
    if (!Array.isArray(names) || names.some((n) => typeof n !== 'string'))
      return { ...empty, problem: 'StreamNames is not a list of names' };
    const more = body['HasMoreStreams'];
    return {
      items: names as string[],
      shards: [],
      more: typeof more === 'boolean' ? more : undefined,
      ...(token !== undefined ? { nextToken: token } : {}),
    };
  }
  let list: unknown;
  let more: boolean | undefined;
  if (operation === 'ListShards') {
    list = body['Shards'] ?? [];
    more = token !== undefined;
  } else {
    const description = body['StreamDescription'];
    if (!isObject(description)) return { ...empty, problem: 'no StreamDescription' };
    list = description['Shards'];
    more = typeof description['HasMoreShards'] === 'boolean' ? description['HasMoreShards'] : undefined;
  }
  if (!Array.isArray(list)) return { ...empty, problem: 'Shards is not a list' };
  const shards: ShardInfo[] = [];
  for (let i = 0; i < list.length; i++) {
    const shard = shardInfo(list[i]);
    if (typeof shard === 'string') return { ...empty, problem: `shard ${i}: ${shard}` };
    shards.push(shard);
  }
  return {
    items: shards.map((s) => s.shardId),
    shards,
    more,
    ...(token !== undefined ? { nextToken: token } : {}),
  };
}

/** A Shard member, or what is wrong with it. */
export function shardInfo(value: unknown): ShardInfo | string {
  if (!isObject(value) || typeof value['ShardId'] !== 'string') return 'no ShardId';
  const range = value['HashKeyRange'];
  const start = isObject(range) ? range['StartingHashKey'] : undefined;
  const end = isObject(range) ? range['EndingHashKey'] : undefined;
  if (typeof start !== 'string' || typeof end !== 'string' || !DECIMAL.test(start) || !DECIMAL.test(end))
    return `${value['ShardId']} has no decimal HashKeyRange`;
  const seq = isObject(value['SequenceNumberRange']) ? value['SequenceNumberRange'] : {};
  return {
    shardId: value['ShardId'],
    startingHashKey: BigInt(start),
    endingHashKey: BigInt(end),
    ...optional('parentShardId', value, 'ParentShardId'),
    ...optional('adjacentParentShardId', value, 'AdjacentParentShardId'),
    ...optional('startingSequenceNumber', seq, 'StartingSequenceNumber'),
    ...optional('endingSequenceNumber', seq, 'EndingSequenceNumber'),
  };
}

/** A string member as an optional field (absent and null are both "not there", as AWS omits nulls). */
function optional<K extends string>(key: K, from: Fields, member: string): Partial<Record<K, string>> {
  return present(from, member) ? ({ [key]: String(from[member]) } as Record<K, string>) : {};
}

/** One listing followed from its first page until the target said no more remain. */
export interface Walk {
  /** How it was walked, for messages: `MaxResults 3 (n - 1), continued by NextToken`. */
  readonly name: string;
  readonly operation: ListingOperation;
  /** The Limit / MaxResults sent with every page; undefined: the target's default. */
  readonly limit?: number;
  /** ExclusiveStartShardId / ExclusiveStartStreamName of the first page. */
  readonly start?: string;
  readonly pages: readonly Exchange[];
  /** Why the walk stopped before a page said no more remain (a bound on pages, an unreadable page). */
  readonly cutShort?: string;
}

/** Every item a walk listed, with the page it was on. */
export function walkItems(walk: Walk): { item: string; page: number }[] {
  return walk.pages.flatMap((ex, page) => readPage(walk.operation, ex).items.map((item) => ({ item, page })));
}

/** The items of `all` (in listed order) after `start`, or all of them when there is no start. */
export function itemsAfter(all: readonly string[], start: string | undefined): string[] {
  if (start === undefined) return [...all];
  const at = all.indexOf(start);
  return at < 0 ? [...all] : all.slice(at + 1);
}

/** Every shard a walk of ListShards or DescribeStream listed (pages that cannot be read are left out). */
export function walkShards(walk: Walk): ShardInfo[] {
  return walk.pages.flatMap((ex) => readPage(walk.operation, ex).shards);
}

/** The first page of a walk that cannot be read, with its index and the reason. */
export function unreadablePage(walk: Walk): { page: number; problem: string } | undefined {
  for (let page = 0; page < walk.pages.length; page++) {
    const { problem } = readPage(walk.operation, walk.pages[page]!);
    if (problem !== undefined) return { page, problem };
  }
  return undefined;
}
