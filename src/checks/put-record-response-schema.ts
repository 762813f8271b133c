import type { Check } from './check.ts';
import { isPutRecord } from './put-record-view.ts';
import { answerShape } from './response-schema.ts';
import { validatePutRecordSuccess } from './schemas.ts';

/** A 200 has PutRecord's documented members; any other answer is an AWS error body (`__type`, message). */
export const putRecordResponseSchema: Check = {
  id: 'put-record.response-schema',
  title: 'PutRecord responses have the documented shape',
  severity: 'must',
  source:
    'AWS-M PutRecordOutput (ShardId, SequenceNumber required; EncryptionType); behaviour.md 5 "PutRecord" (AWS: no EncryptionType when unencrypted; YDB: "NONE"), 1.1 "Error body shape"',
  judge(ctx) {
    const { exchange, profile } = ctx;
    if (!isPutRecord(exchange)) return undefined;
    const encryption = profile.encryptionTypeOnUnencrypted;
    return answerShape(this, exchange, profile, {
      problems: (body) => validatePutRecordSuccess(profile, body),
      expected: `a PutRecord result: ShardId (a string), SequenceNumber (${profile.putRecord.sequenceNumberPattern})${
        encryption ? `, EncryptionType ${encryption}` : ', EncryptionType NONE or KMS if any'
      }`,
    });
  },
};
