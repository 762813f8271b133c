import { describe, expect, test } from 'vitest';
import { dataIdentical } from '../../src/checks/data-identical.ts';
import type { HistoryFailure } from '../../src/checks/history-check.ts';
import { breakShard, busiest, FakeTarget, record, recordTo, TWO_SHARDS } from './history-fixtures.ts';

function history(wire: 'json' | 'cbor' = 'json') {
  const target = new FakeTarget({ wire });
  const calls = [
    target.putRecords([record(), recordTo(TWO_SHARDS, 0, 300), recordTo(TWO_SHARDS, 1, 0), record()]),
    target.putRecord(record('é😀')),
  ];
  return { target, calls, reads: target.readBack() };
}

const judge = (h: ReturnType<typeof history>, reads = h.reads) =>
  dataIdentical.judge(h.target.context(h.calls, reads));

/** Flips one bit of byte `at` of a record's Data, in the wire's form. */
function corrupt(r: Record<string, unknown>, at: number): Record<string, unknown> {
  const bytes = Buffer.from(
    typeof r['Data'] === 'string' ? Buffer.from(r['Data'], 'base64') : (r['Data'] as Uint8Array),
  );
  bytes[at] = bytes[at]! ^ 1;
  return { ...r, Data: typeof r['Data'] === 'string' ? bytes.toString('base64') : bytes };
}

describe('read-back.data-identical', () => {
  test.each(['json', 'cbor'] as const)('passes byte-identical records over %s', (wire) => {
    expect(judge(history(wire))).toBeUndefined();
  });

  test.each(['json', 'cbor'] as const)('fails a target that corrupts one byte (%s)', (wire) => {
    const h = history(wire);
    const failure = judge(
      h,
      breakShard(h.reads, busiest(h.reads), (rs) => rs.map((r, i) => (i === 1 ? corrupt(r, 5) : r))),
    );
    expect((failure as HistoryFailure).received).toMatch(
      /^\d+ bytes differing at byte 5: sent 0x[0-9a-f]{2}, read 0x[0-9a-f]{2}$/,
    );
    expect((failure as HistoryFailure).evidence.request.operation).toBe('GetRecords');
  });

  test('fails a target that trims Data', () => {
    const h = history();
    const trimmed = breakShard(h.reads, busiest(h.reads), (rs) =>
      rs.map((r, i) =>
        i === 0
          ? { ...r, Data: Buffer.from(String(r['Data']), 'base64').subarray(0, 3).toString('base64') }
          : r,
      ),
    );
    expect((judge(h, trimmed) as HistoryFailure).received).toBe('3 bytes (the first 3 as sent)');
  });

  test('fails a changed PartitionKey', () => {
    const h = history();
    const changed = breakShard(h.reads, busiest(h.reads), (rs) =>
      rs.map((r, i) => (i === 0 ? { ...r, PartitionKey: 'other' } : r)),
    );
    expect((judge(h, changed) as HistoryFailure).received).toBe('PartitionKey "other"');
  });

  test('fails base64 text where CBOR carries a byte string', () => {
    const h = history('cbor');
    const asText = breakShard(h.reads, busiest(h.reads), (rs) =>
      rs.map((r) => ({ ...r, Data: Buffer.from(r['Data'] as Uint8Array).toString('base64') })),
    );
    expect((judge(h, asText) as HistoryFailure).received).toBe(
      'Data as a text string over CBOR (expected a byte string)',
    );
  });

  test('does not report missing records (another check does)', () => {
    const h = history();
    expect(
      judge(
        h,
        breakShard(h.reads, busiest(h.reads), (rs) => rs.slice(1)),
      ),
    ).toBeUndefined();
  });
});
