/**
 * Where each ShardIteratorType starts reading, one check per type: a read from the iterator returns exactly
 * the records from the documented position on (then those written after the iterator was taken), each once,
 * in order. The position comes from the request alone: the sequence number it names among the records the
 * suite wrote, or the Timestamp against the arrival times the target itself reported.
 */
import type { CannotJudge, HistoryCheck } from './history-check.ts';
import {
  arrivalTimes,
  iteratorType,
  judgeRead,
  requestMember,
  requestTimestampMs,
  type IteratorRead,
  type ReadContext,
  type StartOf,
  verdictOverReads,
} from './shard-reads.ts';

interface StartRule {
  readonly id: string;
  readonly title: string;
  readonly source: string;
  readonly type: string;
  /** Which reads of that type the rule is about (AT_SEQUENCE_NUMBER: a record's number, or the shard's start). */
  readonly about?: (ctx: ReadContext, read: IteratorRead) => boolean;
  readonly startOf: StartOf;
}

function startCheck(rule: StartRule): HistoryCheck<ReadContext> {
  return {
    id: rule.id,
    title: rule.title,
    severity: 'must',
    source: rule.source,
    judge(ctx) {
      const reads = ctx.reads.filter(
        (r) => !r.limitCase && iteratorType(r) === rule.type && (rule.about?.(ctx, r) ?? true),
      );
      if (reads.length === 0) return { cannotJudge: `no ${rule.type} iterator of this kind was read` };
      return verdictOverReads(reads, (read) => judgeRead(this, ctx, read, rule.startOf));
    },
  };
}

const MODEL_TYPES = 'AWS-M GetShardIteratorInput.ShardIteratorType';

function sequenceNumberOf(read: IteratorRead): string | undefined {
  const seq = requestMember(read, 'StartingSequenceNumber');
  return typeof seq === 'string' ? seq : undefined;
}

function isShardStart(ctx: ReadContext, read: IteratorRead): boolean {
  const start = ctx.shardStarts.get(read.shardId);
  return start !== undefined && sequenceNumberOf(read) === start;
}

/** The index of the record the request names, or why there is none to judge by. */
function namedRecord(ctx: ReadContext, read: IteratorRead): number | CannotJudge {
  const seq = sequenceNumberOf(read);
  const i = (ctx.written.get(read.shardId) ?? []).findIndex((r) => r.sequenceNumber === seq);
  return i >= 0
    ? i
    : { cannotJudge: `StartingSequenceNumber ${String(seq)} is not a record the suite wrote` };
}

export const trimHorizonStart = startCheck({
  id: 'get-shard-iterator.trim-horizon',
  title: 'A TRIM_HORIZON iterator reads the shard from its oldest record',
  source: `${MODEL_TYPES} ("TRIM_HORIZON - Start reading at the last untrimmed record in the shard ... the oldest data record")`,
  type: 'TRIM_HORIZON',
  startOf: () => 0,
});

export const latestStart = startCheck({
  id: 'get-shard-iterator.latest',
  title: 'A LATEST iterator reads only the records written after it was taken',
  source: `${MODEL_TYPES} ("LATEST - Start reading just after the most recent record in the shard")`,
  type: 'LATEST',
  startOf: (ctx, read) => (ctx.written.get(read.shardId) ?? []).length,
});

export const atSequenceNumberStart = startCheck({
  id: 'get-shard-iterator.at-sequence-number',
  title: 'An AT_SEQUENCE_NUMBER iterator reads from the record with that number, inclusive',
  source: `${MODEL_TYPES} ("AT_SEQUENCE_NUMBER - Start reading from the position denoted by a specific sequence number")`,
  type: 'AT_SEQUENCE_NUMBER',
  about: (ctx, read) => !isShardStart(ctx, read),
  startOf: namedRecord,
});

export const afterSequenceNumberStart = startCheck({
  id: 'get-shard-iterator.after-sequence-number',
  title: 'An AFTER_SEQUENCE_NUMBER iterator reads from the record after the one with that number',
  source: `${MODEL_TYPES} ("AFTER_SEQUENCE_NUMBER - Start reading right after the position denoted by a specific sequence number")`,
  type: 'AFTER_SEQUENCE_NUMBER',
  startOf: (ctx, read) => {
    const i = namedRecord(ctx, read);
    return typeof i === 'number' ? i + 1 : i;
  },
});

export const atTimestampStart = startCheck({
  id: 'get-shard-iterator.at-timestamp',
  title: 'An AT_TIMESTAMP iterator reads from the first record that arrived at or after the Timestamp',
  source:
    'AWS-M GetShardIteratorInput.Timestamp ("If a record with this exact time stamp does not exist, the iterator returned is for the next (later) record. If the time stamp is older than the current trim horizon, the iterator returned is for the oldest untrimmed data record"); millisecond precision',
  type: 'AT_TIMESTAMP',
  startOf: (ctx, read) => {
    const at = requestTimestampMs(requestMember(read, 'Timestamp'));
    if (at === undefined) return { cannotJudge: `${read.name} sent no Timestamp the suite can read` };
    const arrivals = arrivalTimes(ctx, read.shardId);
    if (!Array.isArray(arrivals)) return arrivals;
    const i = arrivals.findIndex((ms) => ms >= at);
    return i >= 0 ? i : arrivals.length;
  },
});

export const shardStartOnEmptyShard = startCheck({
  id: 'get-shard-iterator.at-shard-start',
  title:
    "AT_SEQUENCE_NUMBER with the shard's own StartingSequenceNumber gives an iterator, also before any record is written",
  source:
    'issue #12 (recorded AWS answer: on a shard with no records yet, an iterator that reads 0 records, then whatever is written next); AWS-M ListShards SequenceNumberRange.StartingSequenceNumber',
  type: 'AT_SEQUENCE_NUMBER',
  about: isShardStart,
  startOf: () => 0,
});
