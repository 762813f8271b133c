import { AwsError } from '../aws-error.ts';
import type { Operation, OperationContext } from '../operation.ts';
import type { Shard } from '../store/shard.ts';
import type { Stream } from '../store/stream.ts';
import {
  existingStream,
  listLimitRule,
  nextTokenRule,
  shardIdRule,
  streamNameOf,
  streamShape,
} from './common.ts';
import { describeShard } from './shard-description.ts';
import { decodeToken, encodeToken } from './tokens.ts';

/** AWS-M ShardFilterType. */
const FILTER_TYPES = [
  'AFTER_SHARD_ID',
  'AT_TRIM_HORIZON',
  'FROM_TRIM_HORIZON',
  'AT_LATEST',
  'AT_TIMESTAMP',
  'FROM_TIMESTAMP',
] as const;
type FilterType = (typeof FILTER_TYPES)[number];

interface ShardFilter {
  readonly Type: FilterType;
  readonly ShardId?: string;
  readonly Timestamp?: Date;
}

/** What a NextToken carries: the stream, the last shard index listed, the filter (timestamp in ms), when issued. */
interface ListShardsToken {
  s: string;
  c: number;
  a: number;
  f?: { y: FilterType; h?: string; m?: number };
  t: number;
}

function isListShardsToken(v: Record<string, unknown>): boolean {
  const f = v['f'] as Record<string, unknown> | undefined;
  return (
    typeof v['s'] === 'string' &&
    Number.isSafeInteger(v['c']) &&
    Number.isSafeInteger(v['a']) &&
    Number.isSafeInteger(v['t']) &&
    (f === undefined ||
      (typeof f === 'object' &&
        f !== null &&
        (FILTER_TYPES as readonly unknown[]).includes(f['y']) &&
        (f['h'] === undefined || typeof f['h'] === 'string') &&
        (f['m'] === undefined || Number.isSafeInteger(f['m']))))
  );
}

/**
 * Whether ShardFilter keeps a shard (AWS-M ShardFilter.Type). A time before the stream existed means its
 * creation (AWS-M: FROM_TIMESTAMP before TRIM_HORIZON is "Corrected to TRIM_HORIZON"; the same correction
 * is assumed for AT_TIMESTAMP, so a consumer starting from an old time finds the first shards).
 */
function keeps(stream: Stream, shard: Shard, filter: ShardFilter, nowMs: number): boolean {
  const openAt = (ms: number): boolean =>
    shard.createdMs <= ms && (shard.closedMs === undefined || shard.closedMs >= ms);
  const trimHorizon = stream.trimHorizonMs(nowMs);
  switch (filter.Type) {
    case 'AFTER_SHARD_ID':
    case 'FROM_TRIM_HORIZON':
      return true;
    case 'AT_TRIM_HORIZON':
      return openAt(trimHorizon);
    case 'AT_LATEST':
      return shard.isOpen;
    case 'AT_TIMESTAMP':
      return openAt(Math.max(filter.Timestamp!.getTime(), stream.createdMs));
    case 'FROM_TIMESTAMP':
      return (
        shard.closedMs === undefined || shard.closedMs >= Math.max(filter.Timestamp!.getTime(), trimHorizon)
      );
  }
}

function checkFilter(ctx: OperationContext, filter: ShardFilter): void {
  // AWS-M ShardFilter: "If you specify the AFTER_SHARD_ID type, you must also provide the value for the
  // optional ShardId property ... If you specify the AT_TIMESTAMP or FROM_TIMESTAMP_ID type, you must also
  // provide the value for the optional Timestamp property." The texts are kinesis-mock's
  // (api/ListShardsRequest.scala), not recorded against AWS.
  const invalid = (message: string): AwsError => new AwsError(ctx.profile.errors.invalidArgument, message);
  if (filter.Type === 'AFTER_SHARD_ID' && filter.ShardId === undefined)
    throw invalid('ShardId must be supplied in a ShardFilter with a Type of AFTER_SHARD_ID');
  if ((filter.Type === 'AT_TIMESTAMP' || filter.Type === 'FROM_TIMESTAMP') && filter.Timestamp === undefined)
    throw invalid(
      'Timestamp must be supplied in a ShardFilter with a Type of FROM_TIMESTAMP or AT_TIMESTAMP',
    );
}

/**
 * ListShards: the stream's shards in ShardId order, without expired ones (AWS-M: "This action does not list
 * expired shards"), filtered by ShardFilter, a page at a time. A NextToken carries the rest of the listing.
 */
export const listShards: Operation = {
  shape(profile) {
    return streamShape(profile, {
      NextToken: nextTokenRule(profile),
      ExclusiveStartShardId: shardIdRule(profile),
      MaxResults: listLimitRule(profile),
      StreamCreationTimestamp: { type: 'Timestamp' },
      ShardFilter: {
        type: 'Structure',
        members: {
          Type: { type: 'String', notNull: true, enum: FILTER_TYPES },
          ShardId: shardIdRule(profile),
          Timestamp: { type: 'Timestamp' },
        },
      },
    });
  },
  run(ctx, input) {
    const invalid = (message: string): AwsError => new AwsError(ctx.profile.errors.invalidArgument, message);
    const tokenText = input['NextToken'] as string | undefined;
    const hasName = input['StreamName'] !== undefined || input['StreamARN'] !== undefined;
    // Messages as kinesalite's actions/listShards.js reproduces AWS.
    if (tokenText !== undefined && hasName)
      throw invalid('NextToken and StreamName cannot be provided together.');
    if (tokenText === undefined && !hasName)
      throw invalid('Either NextToken or StreamName should be provided.');
    let filter = input['ShardFilter'] as ShardFilter | undefined;
    let stream: Stream;
    let afterIndex = -1;
    if (tokenText !== undefined) {
      // AWS-M ExclusiveStartShardId and StreamCreationTimestamp: "You cannot specify this parameter if you
      // specify NextToken" (the text is ours).
      for (const member of ['ExclusiveStartShardId', 'StreamCreationTimestamp']) {
        if (input[member] !== undefined)
          throw invalid(`NextToken and ${member} cannot be provided together.`);
      }
      const token = decodeToken<ListShardsToken>(tokenText, isListShardsToken);
      if (!token) throw invalid('Invalid NextToken.');
      if (ctx.nowMs - token.t > ctx.profile.streams.listing.nextTokenTtlMs) {
        throw new AwsError(
          ctx.profile.errors.expiredNextToken,
          'The timestamp for the NextToken has expired.',
        );
      }
      stream = existingStream(ctx, token.s);
      if (stream.createdMs !== token.c) throw invalid('Invalid NextToken.');
      afterIndex = token.a;
      if (!filter && token.f) {
        filter = {
          Type: token.f.y,
          ...(token.f.h !== undefined ? { ShardId: token.f.h } : {}),
          ...(token.f.m !== undefined ? { Timestamp: new Date(token.f.m) } : {}),
        };
      }
    } else {
      stream = existingStream(ctx, streamNameOf(ctx, input));
    }
    if (filter) checkFilter(ctx, filter);
    // ExclusiveStartShardId, or the ShardFilter's ShardId ("identical in functionality", AWS-M).
    const after =
      (input['ExclusiveStartShardId'] as string | undefined) ??
      (filter?.Type === 'AFTER_SHARD_ID' ? filter.ShardId : undefined);
    if (after !== undefined) {
      const shard = stream.findShard(after);
      afterIndex = Math.max(afterIndex, shard ? shard.index : stream.shards.length);
    }
    const page = ctx.profile.streams.listing.listShardsPage;
    const max = Math.min((input['MaxResults'] as number | undefined) ?? page, page);
    const rest = (stream.status === 'CREATING' ? [] : stream.shards).filter(
      (s) =>
        s.index > afterIndex &&
        !stream.isExpired(s, ctx.nowMs) &&
        (filter === undefined || keeps(stream, s, filter, ctx.nowMs)),
    );
    const listed = rest.slice(0, max);
    const body: Record<string, unknown> = { Shards: listed.map(describeShard) };
    if (rest.length > max) {
      const token: ListShardsToken = {
        s: stream.name,
        c: stream.createdMs,
        a: listed[listed.length - 1]!.index,
        t: ctx.nowMs,
      };
      if (filter) {
        token.f = {
          y: filter.Type,
          ...(filter.ShardId !== undefined ? { h: filter.ShardId } : {}),
          ...(filter.Timestamp !== undefined ? { m: filter.Timestamp.getTime() } : {}),
        };
      }
      body['NextToken'] = encodeToken(token);
    }
    return body;
  },
};
