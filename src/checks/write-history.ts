/**
 * Writes as plain data: what was sent (the records with their bytes) and what came back, and what each
 * record's outcome was according to the answer: written where, failed, or unknown (no answer, a 5xx).
 */
import type { Exchange } from '../client/exchange.ts';
import { hashKeyOf } from '../protocol/hash-key.ts';
import type { ShardRange } from './check.ts';
import { shardOf } from './shard-routing.ts';
import { errorMessage, errorType, isObject, present } from './view.ts';

export interface SentRecord {
  readonly partitionKey: string;
  readonly data: Uint8Array;
  readonly explicitHashKey?: string;
}

export interface WriteCall {
  /** Who sent it. One writer sends its calls one after another, in the order they appear in the history. */
  readonly writer: string;
  readonly operation: 'PutRecords' | 'PutRecord';
  readonly records: readonly SentRecord[];
  /** The recorded answer; absent when none came (the request timed out or the connection broke). */
  readonly exchange?: Exchange;
  /** Why there is no exchange. */
  readonly transportError?: string;
}

export type Outcome =
  | { readonly kind: 'written'; readonly shardId: string; readonly sequenceNumber: string }
  /** Reported as not written: a per-record ErrorCode, or a 4xx answer to the whole request. */
  | {
      readonly kind: 'failed';
      readonly errorCode: string;
      readonly errorMessage?: string;
      readonly perRecord: boolean;
    }
  /** May have been written: no answer, a 5xx, or an answer that does not say. */
  | { readonly kind: 'unknown'; readonly reason: string };

const DECIMAL = /^(0|[1-9]\d*)$/;

/** Each record's outcome as the answer reports it, one per record sent. */
export function outcomesOf(call: WriteCall): Outcome[] {
  const n = call.records.length;
  const all = (o: Outcome): Outcome[] => Array.from({ length: n }, () => o);
  const ex = call.exchange;
  if (!ex) return all({ kind: 'unknown', reason: `no answer (${call.transportError ?? 'no exchange'})` });
  if (ex.status >= 500 || ex.body === undefined)
    return all({ kind: 'unknown', reason: `HTTP ${ex.status}${ex.decodeError ? ' (undecodable)' : ''}` });
  if (ex.status !== 200) {
    const message = errorMessage(ex.body);
    return all({
      kind: 'failed',
      errorCode: errorType(ex.body) ?? `HTTP ${ex.status}`,
      ...(message !== undefined ? { errorMessage: message } : {}),
      perRecord: false,
    });
  }
  if (call.operation === 'PutRecord') return all(entryOutcome(ex.body, 'the answer'));
  const entries = isObject(ex.body) && Array.isArray(ex.body['Records']) ? ex.body['Records'] : undefined;
  if (!entries) return all({ kind: 'unknown', reason: 'HTTP 200 without Records' });
  return call.records.map((_, i) =>
    i < entries.length
      ? entryOutcome(entries[i], `result entry ${i}`)
      : { kind: 'unknown', reason: `no result entry ${i}` },
  );
}

function entryOutcome(entry: unknown, what: string): Outcome {
  if (present(entry, 'ErrorCode')) {
    const e = entry as Record<string, unknown>;
    return {
      kind: 'failed',
      errorCode: String(e['ErrorCode']),
      ...(typeof e['ErrorMessage'] === 'string' ? { errorMessage: e['ErrorMessage'] } : {}),
      perRecord: true,
    };
  }
  if (isObject(entry)) {
    const shardId = entry['ShardId'];
    const seq = entry['SequenceNumber'];
    if (typeof shardId === 'string' && typeof seq === 'string' && DECIMAL.test(seq))
      return { kind: 'written', shardId, sequenceNumber: seq };
  }
  return { kind: 'unknown', reason: `${what} has neither a ShardId with a SequenceNumber nor an ErrorCode` };
}

/** One record of the history with where it stands. */
export interface HistoryRecord {
  readonly call: WriteCall;
  /** Position of the call in the history, and of the record in its call. */
  readonly callIndex: number;
  readonly index: number;
  readonly record: SentRecord;
  readonly outcome: Outcome;
}

export interface WrittenRecord extends HistoryRecord {
  readonly outcome: Extract<Outcome, { kind: 'written' }>;
  readonly seq: bigint;
}

export function historyRecords(calls: readonly WriteCall[]): HistoryRecord[] {
  const out: HistoryRecord[] = [];
  calls.forEach((call, callIndex) => {
    const outcomes = outcomesOf(call);
    call.records.forEach((record, index) =>
      out.push({ call, callIndex, index, record, outcome: outcomes[index]! }),
    );
  });
  return out;
}

export function isWritten(r: HistoryRecord): r is WrittenRecord {
  return r.outcome.kind === 'written';
}

/** The acknowledged records, with their sequence numbers as numbers. */
export function writtenRecords(calls: readonly WriteCall[]): WrittenRecord[] {
  return historyRecords(calls)
    .filter((r) => r.outcome.kind === 'written')
    .map((r) => ({
      ...r,
      outcome: r.outcome as Extract<Outcome, { kind: 'written' }>,
      seq: BigInt((r.outcome as Extract<Outcome, { kind: 'written' }>).sequenceNumber),
    }));
}

/** Words for a record in `expected` / `received`: `record 3 of call 7 (writer w1; PartitionKey "k", 24 bytes)`. */
export function describeRecord(r: HistoryRecord): string {
  const key = r.record.partitionKey;
  const shown = JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}...` : key);
  return `record ${r.index} of call ${r.callIndex} (writer ${r.call.writer}; PartitionKey ${shown}, ${r.record.data.length} bytes)`;
}

/** The shard a record belongs in by the documented routing (ExplicitHashKey, else MD5 of the key). */
export function expectedShardOf(record: SentRecord, shards: readonly ShardRange[]): string | undefined {
  const key =
    record.explicitHashKey !== undefined ? BigInt(record.explicitHashKey) : hashKeyOf(record.partitionKey);
  return shardOf(shards, key);
}

/** A record's identity by content: the suite makes every record's Data unique, so equal content is a copy. */
export function contentKey(partitionKey: string, data: Uint8Array): string {
  return `${partitionKey.length}:${partitionKey}:${Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64')}`;
}

/** For each content: how many records with it were acknowledged, and how many may be in the stream at most. */
export function copiesAllowed(
  calls: readonly WriteCall[],
): Map<string, { acknowledged: number; atMost: number }> {
  const out = new Map<string, { acknowledged: number; atMost: number }>();
  for (const r of historyRecords(calls)) {
    const key = contentKey(r.record.partitionKey, r.record.data);
    const c = out.get(key) ?? { acknowledged: 0, atMost: 0 };
    if (r.outcome.kind === 'written') c.acknowledged++;
    if (r.outcome.kind !== 'failed') c.atMost++;
    out.set(key, c);
  }
  return out;
}
