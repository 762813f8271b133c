import type { Profile } from '../../profiles/profile.ts';
import { AwsError } from '../aws-error.ts';
import type { Operation, OperationContext } from '../operation.ts';
import type { Shard, StoredRecord } from '../store/shard.ts';
import type { IntegerRule } from '../validation/rules.ts';
import { shardNotFound, streamArnRule } from './common.ts';
import { decodeToken, encodeToken, isIteratorToken, type IteratorToken } from './tokens.ts';

/** AWS-M ChildShard: a closed shard's children, each with its parents and hash-key range. */
function childShards(shard: Shard): object[] {
  return shard.children.map((child) => ({
    ShardId: child.id,
    ParentShards: child.lineage
      ? [
          child.lineage.parentShardId,
          ...(child.lineage.adjacentParentShardId ? [child.lineage.adjacentParentShardId] : []),
        ]
      : [],
    HashKeyRange: {
      StartingHashKey: child.range.startingHashKey.toString(),
      EndingHashKey: child.range.endingHashKey.toString(),
    },
  }));
}

/**
 * Limit where it is one of the model's constraints (AWS-M GetRecordsInput.Limit: 1..10000; 0 too where the
 * profile reads 0 as no Limit); a bare integer where the target checks it on its own (pageLimit).
 */
function limitRule(profile: Profile): IntegerRule {
  const g = profile.getRecords;
  if (g.limitMessage !== null) return { type: 'Integer' };
  return { type: 'Integer', min: g.zeroLimit === 'default' ? 0 : 1, max: g.maxLimit };
}

/**
 * The records a page may hold: the Limit given, or the maximum where it is absent (AWS-M: "The default value
 * is 10,000") or 0 and the profile reads 0 so (YDS, behaviour.md 6 row 29b). A Limit outside 1..maxLimit the
 * target checks on its own is refused with its error and message (YDS: datastreams_proxy.cpp).
 */
function pageLimit(profile: Profile, given: number | undefined): number {
  const g = profile.getRecords;
  if (given === undefined || (given === 0 && g.zeroLimit === 'default')) return g.maxLimit;
  if (g.limitMessage !== null && (given < 1 || given > g.maxLimit)) {
    throw new AwsError(
      g.limitError,
      g.limitMessage.replace('{limit}', String(given)).replace('{max}', String(g.maxLimit)),
    );
  }
  return given;
}

/**
 * MillisBehindLatest of an open shard's page. AWS: how far the page's last record is behind the shard's
 * newest, 0 once caught up (behaviour.md 5, LS-AG, LS-K, V-AWS). YDS: now minus the write time of the page's
 * last record, 0 on an empty page (behaviour.md 6 row 30; datastreams_proxy.cpp TGetRecordsActor::Handle).
 */
function millisBehindLatest(
  ctx: OperationContext,
  shard: Shard,
  records: readonly StoredRecord[],
  caughtUp: boolean,
): number {
  const lastRead = records[records.length - 1]?.arrivalMs;
  if (!ctx.profile.getRecords.zeroBehindWhenCaughtUp)
    return lastRead === undefined ? 0 : Math.max(0, ctx.nowMs - lastRead);
  const newest = shard.lastArrivalMs();
  return caughtUp || newest === undefined ? 0 : Math.max(0, newest - (lastRead ?? newest));
}

export const getRecords: Operation = {
  shape(profile) {
    return {
      ShardIterator: { type: 'String', notNull: true, minLength: 1, maxLength: 512 },
      Limit: limitRule(profile),
      StreamARN: streamArnRule(profile),
    };
  },
  run(ctx, input) {
    const errors = ctx.profile.errors;
    const token = decodeToken<IteratorToken>(input['ShardIterator'] as string, isIteratorToken);
    // behaviour.md 5 (KL-T): "Invalid ShardIterator."
    if (!token) throw new AwsError(errors.invalidArgument, 'Invalid ShardIterator.');
    if (ctx.nowMs - token.t > ctx.profile.iteratorTtlMs) {
      throw new AwsError(
        errors.expiredIterator,
        `Iterator expired. The iterator was created at time ${new Date(token.t).toUTCString()} while right now it is ` +
          `${new Date(ctx.nowMs).toUTCString()} which is further in the future than the tolerated delay of ${ctx.profile.iteratorTtlMs} milliseconds.`,
      );
    }
    const limit = pageLimit(ctx.profile, input['Limit'] as number | undefined);
    const stream = ctx.store.get(token.s);
    const shard = stream && stream.createdMs === token.c ? stream.findShard(token.h) : undefined;
    if (!stream || !shard) {
      throw shardNotFound(ctx, token.h, token.s);
    }
    const { records, nextCounter } = shard.read(token.n, limit, ctx.profile.getRecords.maxBytes);
    const caughtUp = nextCounter >= shard.latestCounter();
    const body: Record<string, unknown> = {
      Records: records.map((r) => ({
        SequenceNumber: r.sequenceNumber,
        ApproximateArrivalTimestamp: new Date(r.arrivalMs),
        Data: r.data,
        PartitionKey: r.partitionKey,
      })),
    };
    if (caughtUp && !shard.isOpen) {
      // A closed shard read to its end: no NextShardIterator, and its children to read next (AWS-M
      // GetRecords NextShardIterator: "If set to null, the shard has been closed"; ChildShards: "returned
      // ... only when the end of the current shard is reached").
      body['MillisBehindLatest'] = 0;
      body['ChildShards'] = childShards(shard);
      return body;
    }
    // AWS omits EncryptionType for unencrypted records and ChildShards for open shards (behaviour.md 5, LS-AG).
    body['NextShardIterator'] = encodeToken({
      ...token,
      n: nextCounter,
      t: ctx.nowMs,
    } satisfies IteratorToken);
    body['MillisBehindLatest'] = millisBehindLatest(ctx, shard, records, caughtUp);
    return body;
  },
};
