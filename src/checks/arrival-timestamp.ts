import { arrivalOf, TIMESTAMP_FORMS } from './arrival-time.ts';
import { historyFailure, type HistoryCheck } from './history-check.ts';
import { nameOf, pageRecords, type KnownRecord, type ReadContext } from './shard-reads.ts';

/**
 * ApproximateArrivalTimestamp is encoded as AWS encodes a timestamp (JSON 1.1: epoch seconds as a number;
 * CBOR 1.1: tag 1 holding integer epoch milliseconds) and, read that way, is an instant between the sending
 * of the record's write and the answer of the page that returned it, give or take the clock skew a target
 * may have. A float of seconds in CBOR, which AWS's clients read as milliseconds, lands in January 1970 and
 * fails. Records without the member are `get-records.record-members`' to report.
 */
export const arrivalTimestamp: HistoryCheck<ReadContext> = {
  id: 'get-records.arrival-timestamp',
  title:
    'ApproximateArrivalTimestamp is encoded as AWS encodes timestamps and falls between the write and the read',
  severity: 'must',
  source:
    'AWS-M Record.ApproximateArrivalTimestamp ("The approximate time that the record was inserted into the stream") and GetRecords ("The time stamp has millisecond precision"); behaviour.md 5 (JSON: epoch seconds with a fraction, LS-K, KL) and its note on timestamps; issue #12 (CBOR: tag 1 holding integer epoch milliseconds, as the AWS Java SDK v2 and the KCL read them)',
  judge(ctx) {
    const known = new Map<string, KnownRecord>();
    for (const records of ctx.written.values()) for (const r of records) known.set(key(r), r);
    for (const read of ctx.reads) for (const r of read.later) known.set(key(r), r);
    let judged = 0;
    for (const read of ctx.reads) {
      const earliest = Math.min(
        ...[...(ctx.written.get(read.shardId) ?? []), ...read.later].map((r) => r.sentAt),
      );
      for (const r of pageRecords(read.pages)) {
        const arrival = arrivalOf(r.page, r.index);
        if (!arrival.present) continue;
        judged++;
        const what = `${nameOf(ctx, read, r.sequenceNumber)} read by ${read.name}`;
        const wire = r.page.request.wire;
        if (arrival.ms === undefined)
          return historyFailure(
            this,
            `ApproximateArrivalTimestamp as ${TIMESTAMP_FORMS[wire]} for ${what}`,
            arrival.problem ?? arrival.form,
            r.page,
          );
        const write = known.get(`${read.shardId}/${r.sequenceNumber}`);
        const from = (write?.sentAt ?? earliest) - ctx.clockSkewMs;
        const to = read.endedAt + ctx.clockSkewMs;
        if (arrival.ms >= from && arrival.ms <= to) continue;
        return historyFailure(
          this,
          `an ApproximateArrivalTimestamp for ${what} between ${iso(from)} and ${iso(to)} (its write was sent at ${iso(write?.sentAt ?? earliest)}, the page answered by ${iso(read.endedAt)}, give or take ${ctx.clockSkewMs / 1000} s of clock skew)`,
          `${arrival.form}: ${iso(arrival.ms)}, ${arrival.ms < from ? 'before the write was sent' : 'after the page was answered'}`,
          r.page,
        );
      }
    }
    return judged === 0
      ? { cannotJudge: 'no record read carried an ApproximateArrivalTimestamp' }
      : undefined;
  },
};

function key(r: KnownRecord): string {
  return `${r.shardId}/${r.sequenceNumber}`;
}

function iso(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? `${ms} ms` : date.toISOString();
}
