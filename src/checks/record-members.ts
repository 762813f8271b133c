import { SIGNATURE_CLOCK_SKEW_MS } from '../profiles/common.ts';
import type { Profile } from '../profiles/profile.ts';
import { lengthIn } from '../protocol/key-length.ts';
import type { WireFormat } from '../protocol/wire.ts';
import { historyFailure, type HistoryCheck, type HistoryFailure } from './history-check.ts';
import { describeRead, readRecordsOf, type ReadRecord } from './read-back-view.ts';
import { SEQUENCE_NUMBER_PATTERN } from './schemas.ts';
import { isObject } from './view.ts';
import { writtenRecords } from './write-history.ts';

/** AWS-M Record: the members GetRecords may return for a record, and no others. */
const MEMBERS = [
  'SequenceNumber',
  'ApproximateArrivalTimestamp',
  'Data',
  'PartitionKey',
  'EncryptionType',
] as const;

type Member = (typeof MEMBERS)[number];

/** The parts of the rule, each reported once (its first record): what a ledger entry's `case` names. */
export type RecordMembersCase = Member | 'record' | 'unknown members';

const SEQUENCE_NUMBER = new RegExp(SEQUENCE_NUMBER_PATTERN);

/**
 * Every record read back has the members the AWS model gives Record, each as documented, and no other:
 * SequenceNumber a decimal string; ApproximateArrivalTimestamp an instant (epoch seconds as a number in JSON
 * 1.1) not before its write was sent nor after the page was answered, give or take the clock skew a SigV4
 * target may have; Data a blob in the wire's form; PartitionKey within the profile's length limits;
 * EncryptionType absent (an unencrypted stream) or the profile's value; nothing else. Whether Data and
 * PartitionKey are the ones written is `read-back.data-identical`'s to judge.
 */
export const recordMembers: HistoryCheck = {
  id: 'read-back.record-members',
  title: 'Records read back have the members GetRecords documents, each well-formed, and no others',
  severity: 'must',
  source:
    'AWS-M Record (SequenceNumber, ApproximateArrivalTimestamp, Data, PartitionKey, EncryptionType) and GetRecords; behaviour.md 5 GetRecords (epoch seconds with a fraction; EncryptionType absent for unencrypted records) and "Timestamps"',
  judge(ctx) {
    if (!ctx.readBack) return { cannotJudge: 'no read-back was recorded' };
    const records = ctx.readBack.flatMap(readRecordsOf);
    if (records.length === 0) return { cannotJudge: 'no record was read back, so none can be judged' };
    const sentAt = new Map<string, number>();
    let firstWrite: number | undefined;
    for (const w of writtenRecords(ctx.calls)) {
      const at = w.call.exchange?.sentAt;
      if (at === undefined) continue;
      sentAt.set(`${w.outcome.shardId}/${w.outcome.sequenceNumber}`, at);
      firstWrite = Math.min(firstWrite ?? at, at);
    }
    const found = new Map<RecordMembersCase, HistoryFailure>();
    for (const r of records) {
      const written = sentAt.get(`${r.shardId}/${r.sequenceNumber}`) ?? firstWrite;
      for (const p of problemsOf(r, ctx.profile, written)) {
        if (found.has(p.case)) continue;
        found.set(p.case, {
          ...historyFailure(this, `${p.expected} at ${describeRead(r)}`, p.received, r.page),
          case: p.case,
        });
      }
    }
    return found.size > 0 ? [...found.values()] : undefined;
  },
};

interface Problem {
  readonly case: RecordMembersCase;
  readonly expected: string;
  readonly received: string;
}

function problemsOf(r: ReadRecord, profile: Profile, writtenAt: number | undefined): Problem[] {
  const raw = r.raw;
  if (!isObject(raw)) return [{ case: 'record', expected: 'a record object', received: `a ${typeOf(raw)}` }];
  const out: Problem[] = [];
  const has = (m: Member): boolean => raw[m] !== undefined && raw[m] !== null;
  const seq = raw['SequenceNumber'];
  if (typeof seq !== 'string' || !SEQUENCE_NUMBER.test(seq))
    out.push({
      case: 'SequenceNumber',
      expected: 'a SequenceNumber: a decimal string',
      received: has('SequenceNumber') ? `SequenceNumber ${show(seq)}` : 'no SequenceNumber',
    });
  const timestamp = timestampProblem(raw['ApproximateArrivalTimestamp'], r, writtenAt);
  if (timestamp) out.push(timestamp);
  if (r.dataProblem !== undefined)
    out.push({
      case: 'Data',
      expected: `Data as the ${r.page.request.wire.toUpperCase()} wire carries a blob`,
      received: r.dataProblem,
    });
  const key = raw['PartitionKey'];
  const l = profile.putRecords;
  const keyLength = typeof key === 'string' ? lengthIn(l.partitionKeyLengthUnit, key) : -1;
  if (keyLength < l.minPartitionKeyLength || keyLength > l.maxPartitionKeyLength)
    out.push({
      case: 'PartitionKey',
      expected: `a PartitionKey of ${l.minPartitionKeyLength} to ${l.maxPartitionKeyLength} ${l.partitionKeyLengthUnit} units`,
      received: has('PartitionKey')
        ? `PartitionKey ${show(key)}${typeof key === 'string' ? ` (${keyLength} units)` : ''}`
        : 'no PartitionKey',
    });
  const encryption = profile.encryptionTypeOnUnencrypted;
  if (has('EncryptionType') && raw['EncryptionType'] !== encryption)
    out.push({
      case: 'EncryptionType',
      // AWS omits EncryptionType for records of an unencrypted stream (behaviour.md 5, LS-AG); the yds profile
      // allows the NONE its PutRecords answers carry, as YDS sends it (behaviour.md 5, proto).
      expected: `no EncryptionType (the stream is unencrypted)${encryption ? `, or ${JSON.stringify(encryption)}` : ''}`,
      received: `EncryptionType ${show(raw['EncryptionType'])}`,
    });
  const unknown = Object.keys(raw).filter((k) => !(MEMBERS as readonly string[]).includes(k));
  if (unknown.length > 0)
    out.push({
      case: 'unknown members',
      expected: `only the members of Record (${MEMBERS.join(', ')})`,
      received: `also ${unknown.map((k) => JSON.stringify(k)).join(', ')}`,
    });
  return out;
}

/** epoch milliseconds -> `2026-12-05T10:00:00.000Z` (or the number, when it is no date). */
function iso(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}

function timestampProblem(value: unknown, r: ReadRecord, writtenAt: number | undefined): Problem | undefined {
  const wire = r.page.request.wire;
  const problem = (expected: string, received: string): Problem => ({
    case: 'ApproximateArrivalTimestamp',
    expected,
    received,
  });
  const form =
    wire === 'json'
      ? 'an ApproximateArrivalTimestamp: epoch seconds as a number'
      : 'an ApproximateArrivalTimestamp: a CBOR timestamp';
  if (value === undefined || value === null) return problem(form, 'no ApproximateArrivalTimestamp');
  const readings = instantsOf(wire, value);
  if (readings === undefined)
    return problem(form, `ApproximateArrivalTimestamp ${show(value)} (a ${typeOf(value)})`);
  const answeredAt = r.page.sentAt !== undefined ? r.page.sentAt + r.page.durationMs : undefined;
  const earliest = writtenAt !== undefined ? writtenAt - SIGNATURE_CLOCK_SKEW_MS : -Infinity;
  const latest = answeredAt !== undefined ? answeredAt + SIGNATURE_CLOCK_SKEW_MS : Infinity;
  if (readings.some((ms) => ms >= earliest && ms <= latest)) return undefined;
  const at = readings[0]!;
  const window = `between the write (sent ${writtenAt !== undefined ? iso(writtenAt) : 'earlier'}) and the answer (${answeredAt !== undefined ? iso(answeredAt) : 'later'}), give or take ${SIGNATURE_CLOCK_SKEW_MS / 60_000} minutes of clock skew`;
  return problem(
    `an ApproximateArrivalTimestamp ${window}`,
    `ApproximateArrivalTimestamp ${show(value)} (${iso(at)}: ${at < earliest ? 'before the write was sent' : 'after the answer came'})`,
  );
}

/**
 * The instants (epoch ms) a timestamp may mean. JSON 1.1 carries epoch seconds as a number (behaviour.md 5,
 * LS-K, KL). CBOR carries a timestamp (tag 1, decoded as a Date) whose unit is not documented: AWS's SDKs and
 * kinesis-mock write epoch milliseconds where the CBOR standard says seconds (behaviour.md "Timestamps", INF),
 * so both readings are tried.
 */
function instantsOf(wire: WireFormat, value: unknown): number[] | undefined {
  if (wire === 'json')
    return typeof value === 'number' && Number.isFinite(value) ? [value * 1000] : undefined;
  const seconds =
    value instanceof Date ? value.getTime() / 1000 : typeof value === 'number' ? value : Number.NaN;
  return Number.isFinite(seconds) ? [seconds * 1000, seconds] : undefined;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (value instanceof Uint8Array) return 'byte string';
  return typeof value;
}

function show(value: unknown): string {
  if (value instanceof Uint8Array) return `(${value.length} bytes)`;
  if (value instanceof Date) return value.toISOString();
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}...` : text;
}
