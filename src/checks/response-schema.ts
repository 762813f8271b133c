import { bodyHint } from '../client/exchange.ts';
import type { Check } from './check.ts';
import { validateError, validateSuccess } from './schemas.ts';
import { failure, isPutRecords } from './view.ts';

/** A 200 has PutRecords' documented shape; any other answer is an AWS error body (`__type`, message). */
export const responseSchema: Check = {
  id: 'put-records.response-schema',
  title: 'PutRecords responses have the documented shape',
  severity: 'must',
  source:
    'seed putrecords.md "Response" and "Errors"; AWS-M PutRecordsOutput; behaviour.md 1.1 "Error body shape", 3',
  judge(ctx) {
    const { exchange, profile } = ctx;
    if (!isPutRecords(exchange)) return undefined;
    if (exchange.decodeError)
      return failure(
        this,
        `a ${exchange.request.wire.toUpperCase()} body`,
        `HTTP ${exchange.status} with an undecodable body: ${exchange.decodeError}${bodyHint(exchange)}`,
      );
    if (exchange.status === 200) {
      const problems = validateSuccess(profile, exchange.body);
      if (problems === undefined) return undefined;
      return failure(
        this,
        `a PutRecords result: FailedRecordCount (integer >= 0), Records (entries with a decimal SequenceNumber and a ShardId, or an ErrorCode and ErrorMessage)${
          profile.encryptionTypeOnUnencrypted ? `, EncryptionType ${profile.encryptionTypeOnUnencrypted}` : ''
        }`,
        `HTTP 200 where ${problems}`,
      );
    }
    if (exchange.body === undefined)
      return failure(
        this,
        `an error body with __type (profile ${profile.name})`,
        `HTTP ${exchange.status} with an empty body`,
      );
    const problems = validateError(exchange.body);
    if (problems === undefined) return undefined;
    return failure(
      this,
      'an error body {"__type": string, "message"?: string}',
      `HTTP ${exchange.status} where ${problems}`,
    );
  },
};
