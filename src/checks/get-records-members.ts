import { lengthIn } from '../protocol/key-length.ts';
import { fullMatch } from '../protocol/full-match.ts';
import { SEQUENCE_NUMBER_SYNTAX } from '../profiles/common.ts';
import { isTimestampShaped, TIMESTAMP_FORMS } from './arrival-time.ts';
import { historyFailure, type HistoryCheck, type HistoryFailure } from './history-check.ts';
import { readRecordsOf } from './read-back-view.ts';
import { ordinal, showValue, type ReadContext } from './shard-reads.ts';
import { isObject } from './view.ts';

/** AWS-M Record: every member GetRecords may return for a record, and no other. */
const MEMBERS = ['SequenceNumber', 'ApproximateArrivalTimestamp', 'Data', 'PartitionKey', 'EncryptionType'];

/**
 * Every record a GetRecords page returns has the members of the model's Record, each of its type, and no
 * other: SequenceNumber a decimal string, ApproximateArrivalTimestamp a timestamp in the wire's form (how
 * it is encoded and whether the instant is right is `get-records.arrival-timestamp`'s to judge), Data a blob
 * in the wire's form (base64 text in JSON 1.1, a byte string in CBOR 1.1), PartitionKey a string within the
 * key limits, EncryptionType absent on an unencrypted stream or the profile's value.
 */
export const getRecordsMembers: HistoryCheck<ReadContext> = {
  id: 'get-records.record-members',
  title: 'Records in GetRecords answers have the members of the model, each of its type, and no others',
  severity: 'must',
  source:
    'AWS-M Record (required SequenceNumber, Data, PartitionKey; ApproximateArrivalTimestamp, EncryptionType); behaviour.md 5 GetRecords (AWS omits EncryptionType for unencrypted records; YDS sends "NONE") and 1.1 (Data as base64 text or a byte string)',
  judge(ctx) {
    const l = ctx.profile.putRecords;
    const encryption = ctx.profile.encryptionTypeOnUnencrypted;
    // Each member is a part of the rule of its own: its first failing record is reported (its case).
    const found = new Map<string, HistoryFailure>();
    let judged = 0;
    for (const read of ctx.reads) {
      // One page at a time, so that a record's position is its index in its page.
      for (const r of read.pages.flatMap((page) =>
        readRecordsOf({ shardId: read.shardId, exchanges: [page] }),
      )) {
        judged++;
        const index = r.position;
        const record = (r.page.body as { Records: unknown[] }).Records[index];
        const at = `the ${ordinal(index + 1)} record of a page of ${read.name}`;
        const fail = (part: string, expected: string, received: string): void => {
          if (!found.has(part))
            found.set(part, {
              ...historyFailure(this, `${expected} in ${at}`, received, r.page),
              case: part,
            });
        };
        if (!isObject(record)) {
          fail('record', 'a record object', showValue(record));
          continue;
        }
        const seq = record['SequenceNumber'];
        if (typeof seq !== 'string' || !fullMatch(SEQUENCE_NUMBER_SYNTAX).test(seq))
          fail('SequenceNumber', 'a SequenceNumber: a decimal string', `SequenceNumber ${showValue(seq)}`);
        const timestamp = record['ApproximateArrivalTimestamp'];
        if (timestamp === undefined || timestamp === null)
          fail('ApproximateArrivalTimestamp', 'an ApproximateArrivalTimestamp', 'none');
        else if (!isTimestampShaped(r.page, index))
          fail(
            'ApproximateArrivalTimestamp',
            `an ApproximateArrivalTimestamp as ${TIMESTAMP_FORMS[r.page.request.wire]}`,
            `ApproximateArrivalTimestamp ${showValue(timestamp)}`,
          );
        if (r.dataProblem !== undefined)
          fail('Data', `Data as the ${r.page.request.wire.toUpperCase()} wire carries a blob`, r.dataProblem);
        const key = record['PartitionKey'];
        const keyLength = typeof key === 'string' ? lengthIn(l.partitionKeyLengthUnit, key) : -1;
        if (keyLength < l.minPartitionKeyLength || keyLength > l.maxPartitionKeyLength)
          fail(
            'PartitionKey',
            `a PartitionKey of ${l.minPartitionKeyLength} to ${l.maxPartitionKeyLength} characters`,
            `PartitionKey ${showValue(key)}`,
          );
        const type = record['EncryptionType'];
        if (type !== undefined && type !== null && type !== encryption)
          fail(
            'EncryptionType',
            `no EncryptionType (the stream is unencrypted)${encryption ? ` or ${JSON.stringify(encryption)}` : ''}`,
            `EncryptionType ${showValue(type)}`,
          );
        const unknown = Object.keys(record).filter((k) => !MEMBERS.includes(k));
        if (unknown.length > 0)
          fail(
            'unknown members',
            `only the members of Record (${MEMBERS.join(', ')})`,
            `also ${unknown.join(', ')}`,
          );
      }
    }
    if (judged === 0) return { cannotJudge: 'no GetRecords page returned a record' };
    const failures = [...found.values()];
    return failures.length <= 1 ? failures[0] : failures;
  },
};
