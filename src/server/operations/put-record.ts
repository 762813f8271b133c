import { AwsError } from '../aws-error.ts';
import type { Operation } from '../operation.ts';
import { activeStream, streamArnRule, streamNameOf, streamNameRule } from './common.ts';
import { recordEntryRule, writeRecords, type RecordInput } from './put-records.ts';

/**
 * PutRecord: one record; a throttled or failed record is a whole-request error here (AWS-M PutRecord:
 * ProvisionedThroughputExceededException; InternalFailureException).
 */
export const putRecord: Operation = {
  plain: true,
  shape(profile) {
    return {
      ...recordEntryRule(profile).members,
      // AWS-M SequenceNumberForOrdering pattern. Our sequence numbers always increase per shard, so the
      // ordering it asks for holds without using its value.
      SequenceNumberForOrdering: { type: 'String', pattern: '0|([1-9]\\d{0,128})' },
      StreamName: streamNameRule(profile, false),
      StreamARN: streamArnRule(profile),
    };
  },
  run(ctx, input) {
    const stream = activeStream(ctx, streamNameOf(ctx, input));
    const [result] = writeRecords(ctx, stream, [input as unknown as RecordInput]);
    if (!result) throw new Error('writeRecords returned no result');
    if ('ErrorCode' in result) {
      const kind =
        result.ErrorCode === ctx.profile.recordErrors.throughputExceeded
          ? ctx.profile.errors.throughputExceeded
          : ctx.profile.errors.internalFailure;
      throw new AwsError(kind, result.ErrorMessage);
    }
    const body: Record<string, unknown> = { ShardId: result.ShardId, SequenceNumber: result.SequenceNumber };
    if (ctx.profile.encryptionTypeOnUnencrypted)
      body['EncryptionType'] = ctx.profile.encryptionTypeOnUnencrypted;
    return body;
  },
};
