import { Tag } from 'cbor-x';
import { describe, expect, test } from 'vitest';
import { getRecordsMembers } from '../../src/checks/get-records-members.ts';
import type { CannotJudge, HistoryFailure } from '../../src/checks/history-check.ts';
import type { ReadContext } from '../../src/checks/shard-reads.ts';
import { aws, yds } from './fixtures.ts';
import {
  changeRead,
  FakeShards,
  iteratorReads,
  recordsPage,
  rewritePages,
  SHARD_A,
  type FakeOptions,
} from './read-fixtures.ts';

/** The first record of the TRIM_HORIZON read changed by `change` (JSON). */
function withFirst(
  ctx: ReadContext,
  change: (r: Record<string, unknown>) => Record<string, unknown>,
): ReadContext {
  return changeRead(ctx, 'TRIM_HORIZON', (read) =>
    rewritePages(read, (rs, page) => (page === 0 ? [change(rs[0]!), ...rs.slice(1)] : rs)),
  );
}

const received = (ctx: ReadContext) => (getRecordsMembers.judge(ctx) as HistoryFailure).received;

/** A CBOR read of one record whose members are `members` (the raw body as given). */
function cborRead(members: Record<string, unknown>, options: FakeOptions = {}): ReadContext {
  const fake = new FakeShards({ wire: 'cbor', ...options });
  const [r] = fake.write(SHARD_A, 1);
  const read = fake.read('TRIM_HORIZON', SHARD_A, { ShardIteratorType: 'TRIM_HORIZON' });
  const page = recordsPage('cbor', [members], { NextShardIterator: 'n', MillisBehindLatest: 0 });
  return fake.context(new Map([[SHARD_A, [r!]]]), [{ ...read, pages: [page] }]);
}

describe('get-records.record-members', () => {
  test.each(['json', 'cbor'] as const)("passes records with the model's members (%s)", (wire) => {
    expect(getRecordsMembers.judge(iteratorReads({ wire }).ctx)).toBeUndefined();
  });

  test("fails a member the model does not have (kinesis-mock's per-record EncryptionType aside)", () => {
    const { ctx } = iteratorReads();
    expect(received(withFirst(ctx, (r) => ({ ...r, ChildShards: null })))).toBe('also ChildShards');
  });

  test('EncryptionType "NONE": absent under aws (AWS omits it), allowed under yds', () => {
    expect(received(withFirst(iteratorReads().ctx, (r) => ({ ...r, EncryptionType: 'NONE' })))).toBe(
      'EncryptionType "NONE"',
    );
    const ydsCtx = iteratorReads({ profile: yds }).ctx;
    expect(
      getRecordsMembers.judge(withFirst(ydsCtx, (r) => ({ ...r, EncryptionType: 'NONE' }))),
    ).toBeUndefined();
    expect(received(withFirst(ydsCtx, (r) => ({ ...r, EncryptionType: 'KMS' })))).toBe(
      'EncryptionType "KMS"',
    );
  });

  test('fails a SequenceNumber that is a number or not decimal', () => {
    const { ctx } = iteratorReads();
    expect(received(withFirst(ctx, (r) => ({ ...r, SequenceNumber: 1001 })))).toBe('SequenceNumber 1001');
    expect(received(withFirst(ctx, (r) => ({ ...r, SequenceNumber: '0x3e9' })))).toBe(
      'SequenceNumber "0x3e9"',
    );
  });

  test('fails a missing ApproximateArrivalTimestamp, and one as text in JSON', () => {
    const { ctx } = iteratorReads();
    expect(received(withFirst(ctx, ({ ApproximateArrivalTimestamp: _, ...r }) => r))).toBe('none');
    expect(
      received(withFirst(ctx, (r) => ({ ...r, ApproximateArrivalTimestamp: '2026-12-05T10:00:00Z' }))),
    ).toBe('ApproximateArrivalTimestamp "2026-12-05T10:00:00Z"');
  });

  test('fails a CBOR timestamp without tag 1, and passes tag 1 whatever number it holds (arrival-timestamp judges that)', () => {
    const base = { SequenceNumber: '1001', Data: Buffer.from('d'), PartitionKey: 'k' };
    expect(
      (
        getRecordsMembers.judge(
          cborRead({ ...base, ApproximateArrivalTimestamp: 1_796_000_000_000 }),
        ) as HistoryFailure
      ).expected,
    ).toMatch(/^an ApproximateArrivalTimestamp as tag 1 holding integer epoch milliseconds/);
    expect(
      getRecordsMembers.judge(
        cborRead({ ...base, ApproximateArrivalTimestamp: new Tag(1_796_000_000.5, 1) }),
      ),
    ).toBeUndefined();
  });

  test("fails Data in the other wire's form", () => {
    const { ctx } = iteratorReads();
    expect(received(withFirst(ctx, (r) => ({ ...r, Data: 'not base64!' })))).toBe(
      'Data "not base64!" is not base64',
    );
    const base = {
      SequenceNumber: '1001',
      ApproximateArrivalTimestamp: new Tag(1_796_000_000_000n, 1),
      PartitionKey: 'k',
    };
    expect((getRecordsMembers.judge(cborRead({ ...base, Data: 'ZA==' })) as HistoryFailure).received).toBe(
      'Data as a text string over CBOR (expected a byte string)',
    );
  });

  test('fails a PartitionKey that is empty, too long or not a string', () => {
    const { ctx } = iteratorReads();
    expect(received(withFirst(ctx, (r) => ({ ...r, PartitionKey: '' })))).toBe('PartitionKey ""');
    expect(received(withFirst(ctx, (r) => ({ ...r, PartitionKey: 'k'.repeat(257) })))).toMatch(
      /^PartitionKey "k{20}/,
    );
    expect(received(withFirst(ctx, (r) => ({ ...r, PartitionKey: 7 })))).toBe('PartitionKey 7');
  });

  test('each member that fails is a failure of its own, at its first record', () => {
    const { ctx } = iteratorReads();
    const v = getRecordsMembers.judge(
      withFirst(ctx, (r) => ({ ...r, SequenceNumber: 7, EncryptionType: 'NONE', Extra: 1 })),
    ) as readonly HistoryFailure[];
    expect(v.map((f) => [f.case, f.received])).toEqual([
      ['SequenceNumber', 'SequenceNumber 7'],
      ['EncryptionType', 'EncryptionType "NONE"'],
      ['unknown members', 'also Extra'],
    ]);
  });

  test('cannot judge when no record was read', () => {
    const { ctx } = iteratorReads({ profile: aws });
    expect((getRecordsMembers.judge({ ...ctx, reads: [] }) as CannotJudge).cannotJudge).toMatch(
      /no GetRecords page/,
    );
  });
});
