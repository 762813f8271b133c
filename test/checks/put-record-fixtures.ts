/** PutRecord exchanges built by hand: a correct answer, and the one member a test breaks. */
import type { ApiRequest } from '../../src/client/exchange.ts';
import type { Profile } from '../../src/profiles/profile.ts';
import { yds } from './fixtures.ts';

export interface SentPutRecord {
  readonly PartitionKey: string;
  readonly ExplicitHashKey?: string;
  readonly SequenceNumberForOrdering?: string;
}

export function putRecordRequest(record: SentPutRecord): ApiRequest {
  return { operation: 'PutRecord', wire: 'json', body: { StreamName: 's', Data: 'AA==', ...record } };
}

/** A correct 200 for a record placed in `shardId` with `sequenceNumber`, as `profile` documents it. */
export function putRecordAnswer(
  shardId: string,
  sequenceNumber = '49590338271490256608559692538361571095921575989136588898',
  profile: Profile = yds,
): Record<string, unknown> {
  return {
    ShardId: shardId,
    SequenceNumber: sequenceNumber,
    ...(profile.encryptionTypeOnUnencrypted ? { EncryptionType: profile.encryptionTypeOnUnencrypted } : {}),
  };
}
