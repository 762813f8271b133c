import { Tag } from 'cbor-x';
import { describe, expect, test } from 'vitest';
import { arrivalTimestamp } from '../../src/checks/arrival-timestamp.ts';
import type { CannotJudge, HistoryFailure } from '../../src/checks/history-check.ts';
import { iteratorReads, type TimestampEncoder } from './read-fixtures.ts';

const judge = (timestamp: TimestampEncoder, wire: 'json' | 'cbor' = 'cbor') =>
  arrivalTimestamp.judge(iteratorReads({ wire, timestamp }).ctx);

describe('get-records.arrival-timestamp', () => {
  test.each(['json', 'cbor'] as const)("passes AWS's encoding within the write and the read (%s)", (wire) => {
    expect(arrivalTimestamp.judge(iteratorReads({ wire }).ctx)).toBeUndefined();
  });

  test('fails CBOR tag 1 holding a float64 of seconds (the reference server before issue #12), saying what clients see', () => {
    const v = judge((_, ms) => new Tag(ms / 1000, 1)) as HistoryFailure;
    expect(v.expected).toMatch(
      /^ApproximateArrivalTimestamp as tag 1 holding integer epoch milliseconds for record 1 of 6/,
    );
    expect(v.received).toMatch(
      /^tag 1 holding a float64 \(1796464800\.006\), which AWS's clients read as 1970-01-21T19:01:04\.800Z, where CBOR 1\.1 carries/,
    );
    expect(v.evidence.request.operation).toBe('GetRecords');
  });

  test('fails CBOR tag 1 holding integer seconds: the instant lands in January 1970', () => {
    const v = judge((_, ms) => new Tag(BigInt(Math.floor(ms / 1000)), 1)) as HistoryFailure;
    expect(v.received).toMatch(
      /^tag 1 holding an unsigned integer \(1796464800\): 1970-01-21T19:01:04\.800Z, before the write was sent$/,
    );
  });

  test("fails an untagged integer of milliseconds in CBOR (kinesis-mock's epoch-millis longs)", () => {
    expect((judge((_, ms) => BigInt(ms)) as HistoryFailure).received).toMatch(
      /^an unsigned integer \(1796464800006\), where CBOR 1\.1 carries/,
    );
  });

  test('fails JSON milliseconds where seconds belong: far after the read', () => {
    const v = judge((_, ms) => ms, 'json') as HistoryFailure;
    expect(v.received).toMatch(/^the number 1796464800006: \+0?58\d{3}-.*, after the page was answered$/);
  });

  test('fails an instant before the write was sent, and one after the page was answered', () => {
    expect(
      (judge((w, ms) => (w === 'json' ? (ms - 10) / 1000 : 0), 'json') as HistoryFailure).received,
    ).toMatch(/before the write was sent$/);
    expect((judge((_, ms) => new Tag(BigInt(ms + 60_000), 1)) as HistoryFailure).received).toMatch(
      /after the page was answered$/,
    );
  });

  test('allows the clock skew the context grants', () => {
    const { ctx } = iteratorReads({ wire: 'cbor', timestamp: (_, ms) => new Tag(BigInt(ms + 60_000), 1) });
    expect(arrivalTimestamp.judge({ ...ctx, clockSkewMs: 5 * 60_000 })).toBeUndefined();
  });

  test('cannot judge records without the member (record-members reports them)', () => {
    const v = judge(() => undefined, 'json') as CannotJudge;
    expect(v.cannotJudge).toBe('no record read carried an ApproximateArrivalTimestamp');
  });
});
