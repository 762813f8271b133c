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
      // AWS-M SequenceNumberForOrdering pattern, where the profile validates the member (YDS ignores it).
      SequenceNumberForOrdering: profile.putRecord.validatesSequenceNumberForOrdering
        ? { type: 'String', pattern: profile.putRecord.sequenceNumberPattern }
        : { type: 'String' },
      StreamName: streamNameRule(profile, false),
      StreamARN: streamArnRule(profile),
    };
  },
  run(ctx, input) {
    const stream = activeStream(ctx, streamNameOf(ctx, input));
    const ordering = input['SequenceNumberForOrdering'] as string | undefined;
    // A number the stream did not issue is refused (behaviour.md 5 PutRecord; KL-T putRecord, V-AWS
    // historical); one it did is below the new record's already (store/sequence-number.ts says why).
    if (
      ordering !== undefined &&
      ctx.profile.putRecord.validatesSequenceNumberForOrdering &&
      !stream.hasIssued(ordering)
    ) {
      throw new AwsError(
        ctx.profile.errors.invalidArgument,
        `ExclusiveMinimumSequenceNumber ${ordering} used in PutRecord on stream ${stream.name} under account ${ctx.options.accountId} is invalid.`,
      );
    }
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
