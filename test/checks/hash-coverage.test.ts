import { describe, expect, test } from 'vitest';
import { coverageProblem } from '../../src/checks/hash-coverage.ts';
import { shardsOf } from './listing-fixtures.ts';

const MAX = (1n << 128n) - 1n;

describe('coverageProblem', () => {
  const four = shardsOf(4);
  test('accepts ranges that partition 0..2^128-1, in any order', () => {
    expect(coverageProblem([...four].reverse(), MAX)).toBeUndefined();
    expect(coverageProblem([{ shardId: 'a', startingHashKey: 0n, endingHashKey: MAX }], MAX)).toBeUndefined();
  });
  test('names the first gap, overlap or missing end', () => {
    expect(coverageProblem([], MAX)).toBe('no open shard');
    expect(coverageProblem(four.slice(1), MAX)).toMatch(/^no open shard holds 0 /);
    expect(coverageProblem(four.slice(0, 3), MAX)).toMatch(
      /^no open shard holds 340282366920938463463374607431768211455 /,
    );
    expect(coverageProblem([four[0]!, four[2]!, four[3]!], MAX)).toMatch(
      /^a gap: shardId-000000000000 ends at/,
    );
    expect(coverageProblem([...four, { ...four[1]!, shardId: 'x' }], MAX)).toMatch(/^an overlap: /);
    expect(coverageProblem([{ shardId: 'x', startingHashKey: 5n, endingHashKey: 4n }], MAX)).toMatch(
      /starts at 5, after its end 4/,
    );
  });
});
