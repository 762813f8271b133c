import { Tag } from 'cbor-x';
import { describe, expect, test } from 'vitest';
import {
  getRecordsRejectedCases,
  getShardIteratorCases,
  limitsAround,
  shardIndexOf,
  timestampOnWire,
  timestampsAround,
  type IteratorFacts,
} from '../../src/generators/read-cases.ts';
import { PROFILES } from '../../src/profiles/index.ts';

const facts: IteratorFacts = {
  wire: 'json',
  stream: 's',
  missingStream: 's-missing',
  shardIds: ['shardId-000000000000', 'shardId-000000000001'],
  shard: 'shardId-000000000001',
  sequenceNumber: '49001',
  arrivedAt: 1_796_000_000_123,
  otherShardSequenceNumber: '49002',
};

const byName = (cases: { name: string; body: unknown; expectation: unknown }[]) =>
  Object.fromEntries(cases.map((c) => [c.name, c]));

describe('getShardIteratorCases', () => {
  test('aws: short shard ids accepted, a sequence number of another shard and every malformed one refused', () => {
    const cases = byName(getShardIteratorCases(PROFILES.aws, facts));
    expect(cases['ShardId "shardId-1" for shardId-000000000001']!.expectation).toEqual({ kind: 'accepted' });
    expect(cases['ShardId "1" for shardId-000000000001']!.body).toMatchObject({ ShardId: '1' });
    expect(cases['a sequence number of another shard']!.expectation).toMatchObject({
      type: 'InvalidArgumentException',
    });
    for (const name of [
      'StartingSequenceNumber ""',
      'StartingSequenceNumber "abc"',
      'StartingSequenceNumber "01"',
      'StartingSequenceNumber "11111111... (130 digits)"',
    ])
      expect(cases[name]!.expectation, name).toMatchObject({ type: 'ValidationException', status: 400 });
    expect(cases['a shard the stream does not have']!.body).toMatchObject({
      ShardId: 'shardId-000000000009',
    });
    expect(cases['AT_TIMESTAMP']!.body).toMatchObject({ Timestamp: 1_796_000_000.123 });
  });

  test('yds: only the exact shard id, offsets name no shard, leading zeros are a number', () => {
    const cases = byName(getShardIteratorCases(PROFILES.yds, facts));
    expect(cases['ShardId "shardId-1" for shardId-000000000001']!.expectation).toMatchObject({
      kind: 'rejected',
      type: 'ResourceNotFoundException',
    });
    expect(cases['a sequence number of another shard']).toBeUndefined();
    expect(cases['StartingSequenceNumber "01"']).toBeUndefined();
    expect(cases['StartingSequenceNumber "abc"']!.expectation).toMatchObject({
      type: 'InvalidArgumentException',
    });
  });

  test('without a sequence number of another shard, that case is left out', () => {
    const { otherShardSequenceNumber: _, ...rest } = facts;
    expect(
      byName(getShardIteratorCases(PROFILES.aws, rest))['a sequence number of another shard'],
    ).toBeUndefined();
  });

  test('every documented error of the model and behaviour.md 5 is there, each once', () => {
    const names = getShardIteratorCases(PROFILES.aws, facts).map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining([
        'a stream that does not exist',
        'AT_SEQUENCE_NUMBER without StartingSequenceNumber',
        'AFTER_SEQUENCE_NUMBER without StartingSequenceNumber',
        'TRIM_HORIZON with a StartingSequenceNumber',
        'LATEST with a StartingSequenceNumber',
        'AT_TIMESTAMP without Timestamp',
        'a ShardIteratorType outside the enum',
      ]),
    );
  });
});

describe('getRecordsRejectedCases and limitsAround', () => {
  test('aws refuses Limit 0 and 10001 with ValidationException; yds only 10001', () => {
    const aws = byName(
      getRecordsRejectedCases(PROFILES.aws, { iterator: 'it', deletedStreamIterator: 'gone' }),
    );
    expect(aws['Limit 0']!.expectation).toMatchObject({ type: 'ValidationException' });
    expect(aws['Limit 10001']!.body).toEqual({ ShardIterator: 'it', Limit: 10001 });
    expect(aws['an iterator of a deleted stream']!.expectation).toMatchObject({
      type: 'ResourceNotFoundException',
    });
    const yds = byName(getRecordsRejectedCases(PROFILES.yds, { iterator: 'it' }));
    expect(yds['Limit 0']).toBeUndefined();
    expect(yds['Limit 10001']!.expectation).toMatchObject({ type: 'ValidationException' });
    expect(yds['an iterator of a deleted stream']).toBeUndefined();
    expect(yds['a ShardIterator of 513 characters']!.body).toEqual({ ShardIterator: 'A'.repeat(513) });
  });

  test('Limits at n - 1, n, n + 1 and at the ends of the range; 0 where it is the default', () => {
    expect(limitsAround(PROFILES.aws, 5)).toEqual([1, 4, 5, 6, 9999, 10000]);
    expect(limitsAround(PROFILES.yds, 5)).toEqual([1, 4, 5, 6, 9999, 10000, 0]);
    expect(limitsAround(PROFILES.aws, 1)).toEqual([1, 2, 9999, 10000]);
  });
});

describe('timestamps', () => {
  test('on the wire as AWS clients send them', () => {
    expect(timestampOnWire('json', 1_796_000_000_123)).toBe(1_796_000_000.123);
    expect(timestampOnWire('cbor', 1_796_000_000_123)).toEqual(new Tag(1_796_000_000_123n, 1));
  });

  test('around the arrivals: before all, at the first, middle and last, between, never after the last', () => {
    expect(timestampsAround([10, 10, 20, 30, 30, 40])).toEqual([9, 10, 11, 30, 31, 40]);
    expect(timestampsAround([7, 7])).toEqual([6, 7]);
    expect(timestampsAround([])).toEqual([]);
  });

  test('the index a shard id ends with', () => {
    expect(shardIndexOf('shardId-000000000012')).toBe(12);
    expect(shardIndexOf('shard-000003')).toBe(3);
    expect(shardIndexOf('nothing')).toBeUndefined();
  });
});
