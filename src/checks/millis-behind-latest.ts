import { historyFailure, type HistoryCheck } from './history-check.ts';
import { pageRecords, showValue, type IteratorRead, type ReadContext } from './shard-reads.ts';
import { isObject } from './view.ts';

/**
 * MillisBehindLatest is a whole number of milliseconds, never negative, and 0 on a page after which the
 * shard holds nothing the read has not returned: the shard was empty, or the page returned (or a page
 * before it did) the last record written so far. Where the profile says so (YDS counts from the last
 * write, behaviour.md 6 row 30), only its form is judged.
 */
export const millisBehindLatest: HistoryCheck<ReadContext> = {
  id: 'get-records.millis-behind-latest',
  title: 'MillisBehindLatest is a non-negative integer, and 0 once the read has caught up',
  severity: 'must',
  source:
    'AWS-M GetRecordsOutput.MillisBehindLatest (long, min 0: "A value of zero indicates that record processing is caught up, and there are no new records to process at this moment"); behaviour.md 5 GetRecords ("MillisBehindLatest: 0 when caught up", LS-AG, LS-K, V-AWS) and 6 row 30',
  judge(ctx) {
    const zeroWhenCaughtUp = ctx.profile.getRecords.zeroBehindWhenCaughtUp;
    let caughtUpPages = 0;
    for (const read of ctx.reads) {
      for (let p = 0; p < read.pages.length; p++) {
        const page = read.pages[p]!;
        if (page.status !== 200 || !isObject(page.body)) continue;
        const returned = new Set(pageRecords(read.pages.slice(0, p + 1)).map((r) => r.sequenceNumber));
        const last = lastKnown(ctx, read, p);
        const caughtUp = last === undefined || returned.has(last);
        const member = page.body['MillisBehindLatest'];
        // A CBOR decoder gives an 8-byte integer as a bigint: still a whole number on the wire.
        const value = typeof member === 'bigint' ? Number(member) : member;
        const where = `page ${p + 1} of ${read.name}`;
        if (value === undefined || value === null) {
          if (caughtUp && zeroWhenCaughtUp)
            return historyFailure(
              this,
              `MillisBehindLatest 0 on ${where}, which has caught up`,
              'no MillisBehindLatest',
              page,
            );
          continue;
        }
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0)
          return historyFailure(
            this,
            `MillisBehindLatest as a whole number of milliseconds >= 0 on ${where}`,
            `MillisBehindLatest ${showValue(value)}`,
            page,
          );
        if (!caughtUp || !zeroWhenCaughtUp) continue;
        caughtUpPages++;
        if (value !== 0)
          return historyFailure(
            this,
            `MillisBehindLatest 0 on ${where}: ${last === undefined ? 'the shard held no record yet' : 'every record written so far has been returned'}`,
            `MillisBehindLatest ${value}`,
            page,
          );
      }
    }
    if (zeroWhenCaughtUp && caughtUpPages === 0)
      return { cannotJudge: 'no read reached the tip of its shard with an answered page' };
    return undefined;
  },
};

/** The last record in the shard when page `p` was read. */
function lastKnown(ctx: ReadContext, read: IteratorRead, p: number): string | undefined {
  const known =
    read.later.length > 0 && p >= read.laterAfterPages ? read.later : (ctx.written.get(read.shardId) ?? []);
  return known[known.length - 1]?.sequenceNumber;
}
