/**
 * The model of a model-based run: each shard's log as the acknowledged writes of the run built it, and the
 * iterators the run holds, each at a position in one log. Every step (a recorded call) is judged against
 * the model, then applied to it. Runs start from LATEST (or from sequence numbers of their own records), so
 * what a stream held before the run does not matter and one stream serves every run.
 */
import type { Exchange } from '../client/exchange.ts';
import type { Profile } from '../profiles/profile.ts';
import type { ShardRange } from './check.ts';
import type { HistoryFailure } from './history-check.ts';
import { describeResponse, errorType, isObject, present } from './view.ts';
import { contentKey, expectedShardOf, type SentRecord } from './write-history.ts';

export type IteratorStart =
  | { readonly type: 'LATEST' }
  | { readonly type: 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER'; readonly sequenceNumber: string };

/** One recorded call of a run. Iterators are named by numbers the run gives them in order. */
export type ModelStep =
  | { readonly kind: 'PutRecords'; readonly records: readonly SentRecord[]; readonly exchange: Exchange }
  | { readonly kind: 'PutRecord'; readonly record: SentRecord; readonly exchange: Exchange }
  | {
      readonly kind: 'GetShardIterator';
      readonly shardId: string;
      readonly start: IteratorStart;
      readonly exchange: Exchange;
    }
  | {
      readonly kind: 'GetRecords';
      readonly iterator: number;
      readonly limit: number;
      readonly exchange: Exchange;
    }
  | { readonly kind: 'ListShards'; readonly exchange: Exchange };

export interface ModelRecord {
  readonly sequenceNumber: string;
  readonly seq: bigint;
  readonly partitionKey: string;
  readonly data: Uint8Array;
}

export interface ModelContext {
  readonly profile: Profile;
  readonly shards: readonly ShardRange[];
  readonly steps: readonly ModelStep[];
}

const DECIMAL = /^(0|[1-9]\d*)$/;

/** The judge of one step, by the check whose id and words it reports under. */
export interface StepJudge {
  fail(expected: string, received: string, evidence: Exchange): HistoryFailure;
}

export class ShardLogModel {
  private readonly logs = new Map<string, ModelRecord[]>();
  private readonly iterators: { shardId: string; position: number }[] = [];
  private steps = 0;

  constructor(
    readonly profile: Profile,
    readonly shards: readonly ShardRange[],
    private readonly judge: StepJudge,
  ) {
    for (const s of shards) this.logs.set(s.shardId, []);
  }

  /** The records the model holds for a shard, oldest first. */
  log(shardId: string): readonly ModelRecord[] {
    return this.logs.get(shardId) ?? [];
  }

  /** How many iterators the run holds; iterator n is the n-th one a call returned. */
  iteratorCount(): number {
    return this.iterators.length;
  }

  /** The shard iterator n reads. */
  iteratorShard(n: number): string | undefined {
    return this.iterators[n]?.shardId;
  }

  /** Judges a step's answer against the model and, when it holds, applies the step. */
  apply(step: ModelStep): HistoryFailure | undefined {
    const n = this.steps++;
    switch (step.kind) {
      case 'PutRecords':
        return this.putRecords(n, step.records, step.exchange);
      case 'PutRecord':
        return this.putRecord(n, step.record, step.exchange);
      case 'GetShardIterator':
        return this.getShardIterator(n, step.shardId, step.start, step.exchange);
      case 'GetRecords':
        return this.getRecords(n, step.iterator, step.limit, step.exchange);
      case 'ListShards':
        return this.listShards(n, step.exchange);
    }
  }

  private putRecords(n: number, records: readonly SentRecord[], ex: Exchange): HistoryFailure | undefined {
    const what = `step ${n} (PutRecords of ${records.length} records)`;
    if (ex.status !== 200 || !isObject(ex.body))
      return this.judge.fail(`HTTP 200 to ${what}: every record is valid`, describeResponse(ex), ex);
    const entries = Array.isArray(ex.body['Records']) ? ex.body['Records'] : undefined;
    if (!entries || entries.length !== records.length)
      return this.judge.fail(
        `${records.length} result entries to ${what}`,
        entries ? `${entries.length} result entries` : 'no Records',
        ex,
      );
    const failed = entries.filter((e) => present(e, 'ErrorCode')).length;
    if (ex.body['FailedRecordCount'] !== failed)
      return this.judge.fail(
        `FailedRecordCount ${failed} in the answer to ${what}`,
        `FailedRecordCount ${JSON.stringify(ex.body['FailedRecordCount'])}`,
        ex,
      );
    // Judge every entry before applying any, so a failing step leaves the model as it was.
    const appended: [string, ModelRecord][] = [];
    const last = new Map<string, bigint>();
    for (let i = 0; i < records.length; i++) {
      const entry = entries[i];
      if (present(entry, 'ErrorCode')) {
        const code = String((entry as Record<string, unknown>)['ErrorCode']);
        if (this.profile.recordErrorCodes.includes(code)) continue;
        return this.judge.fail(
          `result entry ${i} of ${what} written or failed with ${this.profile.recordErrorCodes.join(' or ')}`,
          `ErrorCode ${JSON.stringify(code)}`,
          ex,
        );
      }
      const problem = this.written(`record ${i} of ${what}`, records[i]!, entry, last, ex);
      if ('failure' in problem) return problem.failure;
      appended.push(problem.appended);
    }
    for (const [shard, record] of appended) this.logs.get(shard)!.push(record);
    return undefined;
  }

  private putRecord(n: number, record: SentRecord, ex: Exchange): HistoryFailure | undefined {
    const what = `step ${n} (PutRecord)`;
    if (ex.status !== 200) {
      // A throttled PutRecord is a whole-request error (AWS-M PutRecord); the record is not written.
      if (errorType(ex.body) === this.profile.errors.throughputExceeded.type) return undefined;
      return this.judge.fail(
        `HTTP 200 to ${what}, or ${this.profile.errors.throughputExceeded.type}: the record is valid`,
        describeResponse(ex),
        ex,
      );
    }
    const problem = this.written(`the record of ${what}`, record, ex.body, new Map(), ex);
    if ('failure' in problem) return problem.failure;
    this.logs.get(problem.appended[0])!.push(problem.appended[1]);
    return undefined;
  }

  /** A written entry: in the routed shard, above the shard's last sequence number. */
  private written(
    what: string,
    record: SentRecord,
    entry: unknown,
    lastInCall: Map<string, bigint>,
    ex: Exchange,
  ): { failure: HistoryFailure } | { appended: [string, ModelRecord] } {
    const e = isObject(entry) ? entry : {};
    const shardId = e['ShardId'];
    const sequenceNumber = e['SequenceNumber'];
    if (typeof shardId !== 'string' || typeof sequenceNumber !== 'string' || !DECIMAL.test(sequenceNumber))
      return {
        failure: this.judge.fail(
          `${what} with a ShardId and a decimal SequenceNumber, or an ErrorCode`,
          JSON.stringify(entry),
          ex,
        ),
      };
    const routed = expectedShardOf(record, this.shards);
    if (shardId !== routed)
      return { failure: this.judge.fail(`${what} written to ${routed}`, `it written to ${shardId}`, ex) };
    const seq = BigInt(sequenceNumber);
    const log = this.logs.get(shardId)!;
    const before = lastInCall.get(shardId) ?? log[log.length - 1]?.seq;
    if (before !== undefined && seq <= before)
      return {
        failure: this.judge.fail(
          `${what} with a sequence number above ${before}, the last one of ${shardId}`,
          `SequenceNumber ${sequenceNumber}`,
          ex,
        ),
      };
    lastInCall.set(shardId, seq);
    return {
      appended: [shardId, { sequenceNumber, seq, partitionKey: record.partitionKey, data: record.data }],
    };
  }

  private getShardIterator(
    n: number,
    shardId: string,
    start: IteratorStart,
    ex: Exchange,
  ): HistoryFailure | undefined {
    const log = this.log(shardId);
    let position = log.length;
    if (start.type !== 'LATEST') {
      const at = log.findIndex((r) => r.sequenceNumber === start.sequenceNumber);
      // The run only asks for sequence numbers of its own records; one the model lacks is a suite bug.
      if (at < 0)
        throw new Error(`step ${n}: ${start.sequenceNumber} is not a record of ${shardId} in the model`);
      position = start.type === 'AT_SEQUENCE_NUMBER' ? at : at + 1;
    }
    if (ex.status !== 200) {
      // AWS-LIM: GetShardIterator is limited per shard; a throttled call is a documented answer.
      if (errorType(ex.body) === this.profile.errors.throughputExceeded.type) return undefined;
      return this.judge.fail(
        `HTTP 200 to step ${n} (GetShardIterator ${start.type} on ${shardId})`,
        describeResponse(ex),
        ex,
      );
    }
    const iterator = isObject(ex.body) ? ex.body['ShardIterator'] : undefined;
    if (typeof iterator !== 'string' || iterator === '')
      return this.judge.fail(
        `a ShardIterator in the answer to step ${n} (GetShardIterator ${start.type} on ${shardId})`,
        describeResponse(ex),
        ex,
      );
    this.iterators.push({ shardId, position });
    return undefined;
  }

  private getRecords(n: number, iterator: number, limit: number, ex: Exchange): HistoryFailure | undefined {
    const it = this.iterators[iterator];
    if (!it) throw new Error(`step ${n}: the run holds no iterator ${iterator}`);
    const log = this.log(it.shardId);
    const what = `step ${n} (GetRecords with Limit ${limit} from iterator ${iterator}, at position ${it.position} of ${it.shardId} whose model holds ${log.length} records)`;
    if (ex.status !== 200) {
      // AWS-LIM: reads are limited per shard; a throttled read is a documented answer and changes nothing.
      if (errorType(ex.body) === this.profile.errors.throughputExceeded.type) return undefined;
      return this.judge.fail(`HTTP 200 to ${what}`, describeResponse(ex), ex);
    }
    const body = isObject(ex.body) ? ex.body : {};
    // An empty Records may be left out (behaviour.md 5, YDB); anything else but a list is wrong.
    const records = body['Records'] === undefined ? [] : body['Records'];
    if (!Array.isArray(records))
      return this.judge.fail(`Records in the answer to ${what}`, describeResponse(ex), ex);
    if (records.length > limit)
      return this.judge.fail(
        `at most ${limit} records in the answer to ${what}`,
        `${records.length} records`,
        ex,
      );
    for (let j = 0; j < records.length; j++) {
      const want = log[it.position + j];
      const got = isObject(records[j]) ? (records[j] as Record<string, unknown>) : {};
      const gotSeq = String(got['SequenceNumber']);
      if (!want)
        return this.judge.fail(
          `the answer to ${what} to hold at most the ${log.length - it.position} records the model has from there`,
          `record ${j} (SequenceNumber ${gotSeq}) beyond them: a record the run was not acknowledged for`,
          ex,
        );
      const data = dataOf(ex.request.wire, got['Data']);
      const same =
        gotSeq === want.sequenceNumber &&
        got['PartitionKey'] === want.partitionKey &&
        data !== undefined &&
        contentKey(want.partitionKey, data) === contentKey(want.partitionKey, want.data);
      if (!same)
        return this.judge.fail(
          `record ${j} of the answer to ${what} to be the model's record ${it.position + j}: SequenceNumber ${want.sequenceNumber}, PartitionKey ${JSON.stringify(want.partitionKey)}, ${want.data.length} bytes of Data`,
          `SequenceNumber ${gotSeq}, PartitionKey ${JSON.stringify(got['PartitionKey'])}, ${
            data === undefined
              ? `Data not in the ${ex.request.wire.toUpperCase()} form`
              : `${data.length} bytes of Data${data.length === want.data.length ? ' (different)' : ''}`
          }`,
          ex,
        );
    }
    const next = body['NextShardIterator'];
    if (typeof next !== 'string' || next === '')
      return this.judge.fail(
        `a NextShardIterator in the answer to ${what}: the shard is open`,
        describeResponse(ex),
        ex,
      );
    this.iterators.push({ shardId: it.shardId, position: it.position + records.length });
    return undefined;
  }

  private listShards(n: number, ex: Exchange): HistoryFailure | undefined {
    const what = `step ${n} (ListShards)`;
    const shards = isObject(ex.body) && Array.isArray(ex.body['Shards']) ? ex.body['Shards'] : undefined;
    if (ex.status !== 200 || !shards)
      return this.judge.fail(`HTTP 200 with Shards to ${what}`, describeResponse(ex), ex);
    const text = (id: unknown, start: unknown, end: unknown): string =>
      `${String(id)} [${String(start)}, ${String(end)}]`;
    const expected = this.shards.map((s) => text(s.shardId, s.startingHashKey, s.endingHashKey)).join(', ');
    const received = shards
      .map((s) => {
        const f = isObject(s) ? s : {};
        const range = isObject(f['HashKeyRange']) ? f['HashKeyRange'] : {};
        return text(f['ShardId'], range['StartingHashKey'], range['EndingHashKey']);
      })
      .join(', ');
    if (received !== expected)
      return this.judge.fail(`the shards of the stream to ${what}: ${expected}`, received || 'no shards', ex);
    return undefined;
  }
}

/** Data as the wire carries it (base64 text in JSON, a byte string in CBOR), or undefined in any other form. */
function dataOf(wire: string, value: unknown): Uint8Array | undefined {
  if (wire === 'cbor') return value instanceof Uint8Array ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const data = Buffer.from(value, 'base64');
  return data.toString('base64') === value ? data : undefined;
}
