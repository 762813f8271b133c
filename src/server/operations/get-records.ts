import { AwsError } from '../aws-error.ts';
import type { Operation } from '../operation.ts';
import type { Shard } from '../store/shard.ts';
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

export const getRecords: Operation = {
  shape(profile) {
    return {
      ShardIterator: { type: 'String', notNull: true, minLength: 1, maxLength: 512 },
      Limit: { type: 'Integer', min: 1, max: profile.getRecords.maxLimit },
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
    const stream = ctx.store.get(token.s);
    const shard = stream && stream.createdMs === token.c ? stream.findShard(token.h) : undefined;
    if (!stream || !shard) {
      throw shardNotFound(ctx, token.h, token.s);
    }
    const limit = (input['Limit'] as number | undefined) ?? ctx.profile.getRecords.maxLimit;
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
    const last = shard.lastArrivalMs();
    // AWS omits EncryptionType for unencrypted records and ChildShards for open shards (behaviour.md 5, LS-AG).
    body['NextShardIterator'] = encodeToken({
      ...token,
      n: nextCounter,
      t: ctx.nowMs,
    } satisfies IteratorToken);
    body['MillisBehindLatest'] =
      caughtUp || last === undefined
        ? 0
        : Math.max(0, last - (records[records.length - 1]?.arrivalMs ?? last));
    return body;
  },
};
