import { describe, expect, test } from 'vitest';
import type { HistoryFailure } from '../../src/checks/history-check.ts';
import { recordMembers } from '../../src/checks/record-members.ts';
import { SIGNATURE_CLOCK_SKEW_MS } from '../../src/profiles/common.ts';
import { PROFILES } from '../../src/profiles/index.ts';
import { aws, yds } from './fixtures.ts';
import {
  breakShard,
  busiest,
  FAKE_EPOCH_MS,
  FakeTarget,
  record,
  recordTo,
  TWO_SHARDS,
} from './history-fixtures.ts';

function history(wire: 'json' | 'cbor' = 'json', profile = yds) {
  const target = new FakeTarget({ wire, profile });
  const calls = [
    target.putRecords([record(), recordTo(TWO_SHARDS, 0, 300), recordTo(TWO_SHARDS, 1, 0), record()]),
    target.putRecord(record('é😀')),
  ];
  return { target, calls, reads: target.readBack() };
}

type History = ReturnType<typeof history>;

const judge = (h: History, reads = h.reads) => recordMembers.judge(h.target.context(h.calls, reads));

/** The failures of a broken read-back, by case. */
function failures(h: History, change: (r: Record<string, unknown>, i: number) => Record<string, unknown>) {
  const verdict = judge(
    h,
    breakShard(h.reads, busiest(h.reads), (rs) => rs.map(change)),
  );
  expect(Array.isArray(verdict)).toBe(true);
  return new Map((verdict as HistoryFailure[]).map((f) => [f.case, f]));
}

const first =
  (f: (r: Record<string, unknown>) => Record<string, unknown>) => (r: Record<string, unknown>, i: number) =>
    i === 0 ? f(r) : r;

describe('read-back.record-members', () => {
  test.each([
    ['json', 'yds'],
    ['cbor', 'yds'],
    ['json', 'aws'],
    ['cbor', 'aws'],
  ] as const)('passes records with exactly AWS members over %s (profile %s)', (wire, profile) => {
    expect(judge(history(wire, PROFILES[profile]))).toBeUndefined();
  });

  test('cannot judge a read-back without records', () => {
    const target = new FakeTarget();
    expect(recordMembers.judge(target.context([], target.readBack()))).toEqual({
      cannotJudge: 'no record was read back, so none can be judged',
    });
  });

  test.each([
    ['missing', (r: Record<string, unknown>) => ({ ...r, SequenceNumber: undefined }), 'no SequenceNumber'],
    ['a number', (r: Record<string, unknown>) => ({ ...r, SequenceNumber: 12 }), 'SequenceNumber 12'],
    [
      'not decimal',
      (r: Record<string, unknown>) => ({ ...r, SequenceNumber: '0012' }),
      'SequenceNumber "0012"',
    ],
  ])('fails a SequenceNumber %s', (_name, change, received) => {
    expect(failures(history(), first(change)).get('SequenceNumber')?.received).toBe(received);
  });

  test.each([
    [
      'missing',
      (r: Record<string, unknown>) => ({ ...r, ApproximateArrivalTimestamp: undefined }),
      /^no ApproximateArrivalTimestamp$/,
    ],
    [
      'as a string',
      (r: Record<string, unknown>) => ({ ...r, ApproximateArrivalTimestamp: '2026-12-05T10:00:00Z' }),
      /^ApproximateArrivalTimestamp "2026-12-05T10:00:00Z" \(a string\)$/,
    ],
    [
      'in milliseconds (far in the future)',
      (r: Record<string, unknown>) => ({ ...r, ApproximateArrivalTimestamp: FAKE_EPOCH_MS + 1 }),
      /: after the answer came\)$/,
    ],
    [
      'of zero (before the write)',
      (r: Record<string, unknown>) => ({ ...r, ApproximateArrivalTimestamp: 0 }),
      /^ApproximateArrivalTimestamp 0 \(1970-01-01T00:00:00\.000Z: before the write was sent\)$/,
    ],
    [
      'just past the clock skew before the write',
      (r: Record<string, unknown>) => ({
        ...r,
        ApproximateArrivalTimestamp: (FAKE_EPOCH_MS - SIGNATURE_CLOCK_SKEW_MS - 1000) / 1000,
      }),
      /before the write was sent/,
    ],
  ])('fails an ApproximateArrivalTimestamp %s (JSON)', (_name, change, received) => {
    const failure = failures(history(), first(change)).get('ApproximateArrivalTimestamp');
    expect(failure?.received).toMatch(received);
    expect(failure?.evidence.request.operation).toBe('GetRecords');
  });

  test('holds a timestamp within the clock skew of the write and the answer', () => {
    const h = history();
    const skewed = breakShard(h.reads, busiest(h.reads), (rs) =>
      rs.map((r) => ({
        ...r,
        ApproximateArrivalTimestamp: (FAKE_EPOCH_MS - SIGNATURE_CLOCK_SKEW_MS + 1000) / 1000,
      })),
    );
    expect(judge(h, skewed)).toBeUndefined();
  });

  test('over CBOR, a timestamp in seconds or in milliseconds holds; a number of days does not', () => {
    const h = history('cbor');
    const at = (value: unknown) =>
      judge(
        h,
        breakShard(h.reads, busiest(h.reads), (rs) =>
          rs.map((r) => ({ ...r, ApproximateArrivalTimestamp: value })),
        ),
      );
    expect(at(new Date(FAKE_EPOCH_MS + 1))).toBeUndefined();
    // Tag 1 holding milliseconds decodes as a Date a thousand times too far: read as milliseconds, it holds.
    expect(at(new Date((FAKE_EPOCH_MS + 1) * 1000))).toBeUndefined();
    expect(at((FAKE_EPOCH_MS + 1) / 1000)).toBeUndefined();
    const days = at(FAKE_EPOCH_MS / 86_400_000) as HistoryFailure[];
    expect(days.map((f) => f.case)).toEqual(['ApproximateArrivalTimestamp']);
  });

  test('fails Data in the wrong form or missing', () => {
    expect(
      failures(
        history(),
        first((r) => ({ ...r, Data: 'not base64!' })),
      ).get('Data')?.received,
    ).toMatch(/is not base64$/);
    expect(
      failures(
        history(),
        first((r) => ({ ...r, Data: undefined })),
      ).get('Data')?.received,
    ).toBe('no Data');
  });

  test.each([
    ['missing', undefined, 'no PartitionKey'],
    ['empty', '', 'PartitionKey "" (0 units)'],
    ['too long', 'k'.repeat(257), /^PartitionKey "k{79}\.\.\. \(257 units\)$/],
    ['a number', 7, 'PartitionKey 7'],
  ])('fails a PartitionKey %s', (_name, value, received) => {
    const failure = failures(
      history(),
      first((r) => ({ ...r, PartitionKey: value })),
    ).get('PartitionKey');
    expect(failure?.received).toMatch(
      received instanceof RegExp ? received : new RegExp(`^${escape(received)}$`),
    );
  });

  test('EncryptionType: absent for aws; absent or NONE for yds; anything else fails', () => {
    const none = first((r) => ({ ...r, EncryptionType: 'NONE' }));
    expect(failures(history('json', aws), none).get('EncryptionType')?.received).toBe(
      'EncryptionType "NONE"',
    );
    const h = history('json', yds);
    expect(
      judge(
        h,
        breakShard(h.reads, busiest(h.reads), (rs) => rs.map((r) => ({ ...r, EncryptionType: 'NONE' }))),
      ),
    ).toBeUndefined();
    expect(
      failures(
        history('json', yds),
        first((r) => ({ ...r, EncryptionType: 'KMS' })),
      ).get('EncryptionType')?.expected,
    ).toMatch(/^no EncryptionType \(the stream is unencrypted\), or "NONE" at position 0 of /);
    // An explicit null is an absent member, as AWS SDKs read it.
    const nulls = history('json', aws);
    expect(
      judge(
        nulls,
        breakShard(nulls.reads, busiest(nulls.reads), (rs) =>
          rs.map((r) => ({ ...r, EncryptionType: null })),
        ),
      ),
    ).toBeUndefined();
  });

  test('fails members Record does not have', () => {
    const failure = failures(
      history(),
      first((r) => ({ ...r, Codec: 'raw', ChildShards: null })),
    ).get('unknown members');
    expect(failure?.received).toBe('also "Codec", "ChildShards"');
  });

  test('a record broken in three ways gives three failures, one per member, each with its case', () => {
    const broken = failures(
      history(),
      first((r) => ({ ...r, SequenceNumber: 1, ApproximateArrivalTimestamp: 'soon', Extra: true })),
    );
    expect([...broken.keys()].sort()).toEqual([
      'ApproximateArrivalTimestamp',
      'SequenceNumber',
      'unknown members',
    ]);
  });

  test('a record that is not an object fails as a record', () => {
    const failure = failures(
      history(),
      first(() => 'text' as unknown as Record<string, unknown>),
    ).get('record');
    expect(failure?.received).toBe('a string');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
