/**
 * The generator's shortcut for the all-written reply must never count a reply that says otherwise (a
 * failure, an error status, a CBOR body), and must still send a share of the replies it would take to the
 * full judgement, so a target whose bodies contradict their FailedRecordCount shows up.
 */
import { describe, expect, it } from 'vitest';
import { allAcknowledgedFast, FULL_CHECK_EVERY } from '../../src/load/generator.ts';

const JSON_11 = 'application/x-amz-json-1.1';
const ok = (n: number, failed = 0): Buffer =>
  Buffer.from(
    JSON.stringify({
      FailedRecordCount: failed,
      Records: Array.from({ length: n }, (_, i) => ({
        SequenceNumber: String(i),
        ShardId: 'shardId-000000000000',
      })),
    }),
  );

describe('allAcknowledgedFast', () => {
  it('takes most all-written replies and sends a share to the full judgement', () => {
    const taken = Array.from({ length: 10 * FULL_CHECK_EVERY }, () =>
      allAcknowledgedFast(200, JSON_11, ok(100)),
    );
    const full = taken.filter((t) => !t).length;
    expect(full).toBe(10);
  });

  it('never takes a reply that reports failures, an error or another wire format', () => {
    for (let i = 0; i < 200; i++) {
      expect(allAcknowledgedFast(200, JSON_11, ok(100, 1))).toBe(false);
      expect(allAcknowledgedFast(400, JSON_11, ok(100))).toBe(false);
      expect(allAcknowledgedFast(200, 'application/x-amz-cbor-1.1', ok(100))).toBe(false);
      expect(
        allAcknowledgedFast(200, JSON_11, Buffer.from('{"Records":[],"FailedRecordCount":0,"X":1}')),
      ).toBe(false);
    }
  });
});
