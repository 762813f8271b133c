import type { Exchange } from '../client/exchange.ts';
import type { Profile } from '../profiles/profile.ts';
import { historyFailure, type HistoryCheck } from './history-check.ts';
import {
  describeReadAnswer,
  iteratorType,
  nameOf,
  ordinal,
  pageRecords,
  recordCount,
  type IteratorRead,
  type ReadContext,
  verdictOverReads,
} from './shard-reads.ts';
import { isObject } from './view.ts';

/** The Limit a page was sent with, as a number of records: no Limit (and YDS's 0) is the default. */
export function effectiveLimit(profile: Profile, page: Exchange): number | undefined {
  const body = page.request.body;
  const limit = isObject(body) ? body['Limit'] : undefined;
  if (limit === undefined) return profile.getRecords.maxLimit;
  if (typeof limit !== 'number') return undefined;
  return limit === 0 && profile.getRecords.zeroLimit === 'default' ? profile.getRecords.maxLimit : limit;
}

/**
 * GetRecords returns as many records as Limit allows and are there: with n records after a TRIM_HORIZON
 * iterator, the first page that returns any holds exactly the first min(Limit, n) of them (Limit n - 1, n,
 * n + 1, 1 and the maximum; YDS's 0 as the default). No page of any read holds more than its Limit.
 * Empty pages before the records are allowed: AWS-M GetRecords says "It might take multiple calls to get
 * to a portion of the shard that contains records".
 */
export const limitHonoured: HistoryCheck<ReadContext> = {
  id: 'get-records.limit-honoured',
  title: 'GetRecords returns exactly min(Limit, records available) records, never more than Limit',
  severity: 'must',
  source:
    'AWS-M GetRecordsInput.Limit ("The maximum number of records to return. Specify a value of up to 10,000 ... The default value is 10,000"); behaviour.md 5 GetRecords and 6 row 29b (YDS: Limit 0 = the default)',
  judge(ctx) {
    for (const read of ctx.reads) {
      for (const page of read.pages) {
        const limit = effectiveLimit(ctx.profile, page);
        const count = recordCount(page);
        if (limit !== undefined && count !== undefined && count > limit)
          return historyFailure(
            this,
            `at most ${limit} records (the page's Limit) in ${read.name}`,
            `${count} records`,
            page,
          );
      }
    }
    const cases = ctx.reads.filter((r) => r.limitCase);
    if (cases.length === 0) return { cannotJudge: 'no read was made to see how Limit is honoured' };
    return verdictOverReads(cases, (read) => judgeLimitCase(this, ctx, read));
  },
};

function judgeLimitCase(check: HistoryCheck<never>, ctx: ReadContext, read: IteratorRead) {
  if (iteratorType(read) !== 'TRIM_HORIZON' || read.later.length > 0)
    return { cannotJudge: `${read.name} is not a plain read from TRIM_HORIZON` };
  const start = read.start!;
  const available = ctx.written.get(read.shardId) ?? [];
  const first = read.pages[0];
  const limit = first ? effectiveLimit(ctx.profile, first) : undefined;
  if (!first || limit === undefined) return { cannotJudge: `${read.name} sent no page with a numeric Limit` };
  const want = Math.min(limit, available.length);
  const expected = `${want} records (the first ${want} of the ${available.length} in ${read.shardId}) in the first page that returns any, for ${read.name}`;
  if (start.status !== 200) return historyFailure(check, expected, describeReadAnswer(start), start);
  const page = read.pages.find((p) => recordCount(p) !== 0);
  if (!page || recordCount(page) === undefined)
    return historyFailure(
      check,
      expected,
      page ? describeReadAnswer(page) : `only empty pages${read.incomplete ? ` (${read.incomplete})` : ''}`,
      page ?? read.pages[read.pages.length - 1]!,
    );
  const got = pageRecords([page]);
  const wrong = got.findIndex((r, i) => r.sequenceNumber !== available[i]?.sequenceNumber);
  if (got.length === want && wrong < 0) return undefined;
  return historyFailure(
    check,
    expected,
    wrong >= 0 && wrong < want
      ? `${got.length} records, the ${ordinal(wrong + 1)} being ${nameOf(ctx, read, got[wrong]!.sequenceNumber)}`
      : `${got.length} records`,
    page,
  );
}
