/**
 * Resharding in the store, as properties: after any sequence of splits, merges and uniform scalings, the
 * open shards' ranges cover 0..2^128-1 with no gap or overlap; routing sends a hash key to the open shard
 * whose range holds it (the oracle is a linear search over bigints, not the server's word search); every
 * closed shard's children cover exactly its range and name it as a parent; records stay where they were
 * written. Plus retention changes and what the stream store does with transitions.
 */
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { PROFILES, type ProfileName } from '../../../src/profiles/index.ts';
import { splitHashRange } from '../../../src/protocol/hash-key.ts';
import { wordsOf } from '../../../src/server/store/hash-words.ts';
import type { Shard } from '../../../src/server/store/shard.ts';
import { StreamStore } from '../../../src/server/store/stream-store.ts';
import { Stream, shardIndexOf, type StreamSettings } from '../../../src/server/store/stream.ts';

const MAX = (1n << 128n) - 1n;
const T0 = Date.UTC(2026, 11, 5, 12, 0, 0);
const HOUR_MS = 3_600_000;
const SETTINGS: StreamSettings = {
  accountId: '000000000000',
  region: 'us-east-1',
  shardLimits: undefined,
  retention: { maxAgeMs: 24 * HOUR_MS, maxBytesPerShard: Number.MAX_SAFE_INTEGER },
};

function newStream(shards: number, profile: ProfileName = 'aws'): Stream {
  return new Stream('s', shards, PROFILES[profile], SETTINGS, T0);
}

/** The open shard holding `key`, by a linear search over the reported ranges. */
function holderOf(stream: Stream, key: bigint): Shard {
  const holders = stream.openShards.filter(
    (s) => s.range.startingHashKey <= key && key <= s.range.endingHashKey,
  );
  expect(holders).toHaveLength(1);
  return holders[0]!;
}

function expectCoverage(stream: Stream): void {
  const open = [...stream.openShards].sort((a, b) =>
    a.range.startingHashKey < b.range.startingHashKey ? -1 : 1,
  );
  expect(open[0]!.range.startingHashKey).toBe(0n);
  expect(open[open.length - 1]!.range.endingHashKey).toBe(MAX);
  for (let i = 1; i < open.length; i++)
    expect(open[i]!.range.startingHashKey).toBe(open[i - 1]!.range.endingHashKey + 1n);
  for (const s of open) expect(s.range.startingHashKey <= s.range.endingHashKey).toBe(true);
}

function expectLineage(stream: Stream): void {
  for (const shard of stream.shards) {
    if (shard.isOpen) {
      expect(shard.children).toEqual([]);
      expect(shard.endingSequenceNumber).toBeUndefined();
      continue;
    }
    expect(shard.endingSequenceNumber).toBeDefined();
    const children = [...shard.children].sort((a, b) =>
      a.range.startingHashKey < b.range.startingHashKey ? -1 : 1,
    );
    expect(children.length).toBeGreaterThan(0);
    for (const child of children) {
      const parents = [child.lineage!.parentShardId, child.lineage!.adjacentParentShardId];
      expect(parents).toContain(shard.id);
      expect(child.index).toBeGreaterThan(shard.index);
    }
    // A split's children cover exactly the parent; a merge child covers the parent and its neighbour.
    if (children.length === 2) {
      expect(children[0]!.range.startingHashKey).toBe(shard.range.startingHashKey);
      expect(children[1]!.range.endingHashKey).toBe(shard.range.endingHashKey);
      expect(children[1]!.range.startingHashKey).toBe(children[0]!.range.endingHashKey + 1n);
    } else {
      const child = children[0]!;
      expect(child.range.startingHashKey <= shard.range.startingHashKey).toBe(true);
      expect(child.range.endingHashKey >= shard.range.endingHashKey).toBe(true);
    }
  }
}

type Command =
  | { readonly kind: 'split'; readonly pick: number; readonly at: bigint }
  | { readonly kind: 'merge'; readonly pick: number }
  | { readonly kind: 'scale'; readonly factor: number };

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ kind: fc.constant('split' as const), pick: fc.nat(), at: fc.bigInt({ min: 0n, max: MAX }) }),
  fc.record({ kind: fc.constant('merge' as const), pick: fc.nat() }),
  // A target between half and double the open shards, as UpdateShardCount allows.
  fc.record({ kind: fc.constant('scale' as const), factor: fc.double({ min: 0.5, max: 2, noNaN: true }) }),
);

/** Applies a command when it is valid for the stream as it is, as the operations would allow it. */
function apply(stream: Stream, command: Command, nowMs: number): void {
  const open = stream.openShards;
  switch (command.kind) {
    case 'split': {
      const shard = open[command.pick % open.length]!;
      const { startingHashKey: start, endingHashKey: end } = shard.range;
      if (end - start < 3n) return;
      // A key strictly inside, both children keeping two keys or more (SplitShard's rule).
      const at = start + 2n + (command.at % (end - start - 2n));
      stream.split(shard, at, nowMs);
      return;
    }
    case 'merge': {
      if (open.length < 2) return;
      const i = command.pick % (open.length - 1);
      stream.merge(open[i]!, open[i + 1]!, nowMs);
      return;
    }
    case 'scale': {
      const target = Math.min(Math.max(1, Math.ceil(open.length * command.factor)), 24);
      if (target < open.length / 2 || target > open.length * 2) return;
      stream.scaleTo(target, nowMs);
      return;
    }
  }
}

describe('resharding keeps the open ranges a partition of the hash-key space', () => {
  test.prop(
    [
      fc.integer({ min: 1, max: 6 }),
      fc.array(commandArb, { maxLength: 12 }),
      fc.array(fc.bigInt({ min: 0n, max: MAX }), { minLength: 1, maxLength: 20 }),
    ],
    { numRuns: 150 },
  )(
    'after random splits, merges and scalings, routing goes to the open shard holding the key',
    (shards, commands, keys) => {
      const stream = newStream(shards);
      let now = T0;
      for (const command of commands) {
        apply(stream, command, (now += 1000));
        expectCoverage(stream);
      }
      expectLineage(stream);
      for (const key of [0n, MAX, ...keys, ...stream.openShards.map((s) => s.range.startingHashKey)])
        expect(stream.shardForHash(wordsOf(key))).toBe(holderOf(stream, key));
    },
  );
});

describe('Stream.split and Stream.merge', () => {
  it('closes the parent and routes each half to its child', () => {
    const stream = newStream(1);
    const parent = stream.shards[0]!;
    const at = 1n << 127n;
    const [lower, upper] = stream.split(parent, at, T0 + 1000);
    expect(parent.isOpen).toBe(false);
    expect(parent.closedMs).toBe(T0 + 1000);
    expect([lower.id, upper.id]).toEqual(['shardId-000000000001', 'shardId-000000000002']);
    expect(lower.range).toEqual({ startingHashKey: 0n, endingHashKey: at - 1n });
    expect(upper.range).toEqual({ startingHashKey: at, endingHashKey: MAX });
    expect(lower.lineage).toEqual({ parentShardId: parent.id });
    expect(stream.shardForHash(wordsOf(at - 1n))).toBe(lower);
    expect(stream.shardForHash(wordsOf(at))).toBe(upper);
  });

  it('gives a merged child both parents, ShardToMerge first', () => {
    const stream = newStream(3);
    const [a, b] = stream.shards as [Shard, Shard];
    const child = stream.merge(a, b, T0 + 1000);
    expect(child.lineage).toEqual({ parentShardId: a.id, adjacentParentShardId: b.id });
    expect(child.range).toEqual({
      startingHashKey: a.range.startingHashKey,
      endingHashKey: b.range.endingHashKey,
    });
    // In hash-key order: the child holds the lower two thirds.
    expect(stream.openShards.map((s) => s.id)).toEqual(['shardId-000000000003', 'shardId-000000000002']);
  });

  it('keeps records in the parent, readable to its end, and gives children higher sequence numbers', () => {
    const stream = newStream(1);
    const parent = stream.shards[0]!;
    const before = parent.append('k', Buffer.from('x'), T0);
    const [lower] = stream.split(parent, 1n << 127n, T0 + 1000);
    const after = lower.append('k', Buffer.from('y'), T0 + 2000);
    expect(
      parent.read(parent.trimHorizonCounter(), 10, 1 << 20).records.map((r) => r.sequenceNumber),
    ).toEqual([before]);
    expect(BigInt(after) > BigInt(parent.endingSequenceNumber!)).toBe(true);
    expect(BigInt(parent.endingSequenceNumber!) > BigInt(before)).toBe(true);
  });
});

describe('Stream.scaleTo (UNIFORM_SCALING)', () => {
  // The totals are what AWS-M's "splits or merges on individual shards" gives; moto's tests list the same
  // counts for 2 -> 4, 4 -> 5 and 4 -> 2 (moto tests/test_kinesis test_update_shard_count).
  it.each([
    { from: 2, to: 4, total: 6 },
    { from: 4, to: 2, total: 6 },
    { from: 4, to: 5, total: 15 },
    { from: 3, to: 3, total: 3 },
    { from: 1, to: 2, total: 3 },
  ])(
    '$from -> $to ends with the ranges of a new $to-shard stream ($total shards in all)',
    ({ from, to, total }) => {
      for (const profile of ['aws', 'yds'] as const) {
        const stream = newStream(from, profile);
        stream.scaleTo(to, T0 + 1000);
        const expected = splitHashRange(to, PROFILES[profile].hashRangeDivisor);
        expect(stream.openShards.map((s) => s.range)).toEqual(expected);
        expect(stream.shards).toHaveLength(total);
        expectLineage(stream);
      }
    },
  );
});

describe('Stream.setRetentionHours', () => {
  it('trims records older than a shorter period at once', () => {
    const stream = newStream(1);
    const shard = stream.shards[0]!;
    shard.append('old', Buffer.from('x'), T0);
    shard.append('new', Buffer.from('y'), T0 + 30 * HOUR_MS);
    stream.setRetentionHours(24, T0 + 30 * HOUR_MS);
    expect(shard.read(0, 10, 1 << 20).records.map((r) => r.partitionKey)).toEqual(['new']);
    expect(stream.retentionPeriodHours).toBe(24);
  });
});

describe('shardIndexOf (the ShardId forms AWS accepts, KL-T splitShard / getShardIterator)', () => {
  it.each([
    ['shardId-000000000005', 5],
    ['shardId-5', 5],
    ['shard-5', 5],
    ['anything-5', 5],
    ['5', 5],
    ['-00002147483647', 2_147_483_647],
  ])('%s names shard %d', (id, index) => {
    expect(shardIndexOf(id)).toBe(index);
  });

  it.each(['ABKLFD8', '2.14E4', '2147483648', 'shardId-002147483648', 'shardId-', ''])(
    '%j names none',
    (id) => {
      expect(shardIndexOf(id)).toBeUndefined();
    },
  );
});

describe('StreamStore transitions', () => {
  const store = (updateMs: number): StreamStore =>
    new StreamStore(PROFILES.aws, SETTINGS, { createMs: 0, deleteMs: 0, updateMs });

  it('with no delay, a resharding is done before the call returns', () => {
    const s = store(0);
    const stream = s.create('s', 1, T0);
    s.reshard(stream, (now) => stream.split(stream.shards[0]!, 1n << 127n, now));
    expect(stream.status).toBe('ACTIVE');
    expect(stream.openShards).toHaveLength(2);
    s.close();
  });

  it('holds UPDATING with the old shards until the delay ends (or finishTransitions)', () => {
    const s = store(HOUR_MS);
    const stream = s.create('s', 1, T0);
    s.reshard(stream, (now) => stream.split(stream.shards[0]!, 1n << 127n, now));
    expect(stream.status).toBe('UPDATING');
    expect(stream.openShards.map((x) => x.id)).toEqual(['shardId-000000000000']);
    s.finishTransitions();
    expect(stream.status).toBe('ACTIVE');
    expect(stream.openShards).toHaveLength(2);
    s.close();
  });

  it('does not reshard a stream deleted while UPDATING', () => {
    const s = store(HOUR_MS);
    const stream = s.create('s', 1, T0);
    s.reshard(stream, (now) => stream.split(stream.shards[0]!, 1n << 127n, now));
    s.delete(stream);
    s.finishTransitions();
    expect(stream.shards).toHaveLength(1);
    expect(s.get('s')).toBeUndefined();
    s.close();
  });

  it('counts open shards only against the shard limit', () => {
    const s = store(0);
    const stream = s.create('s', 2, T0);
    s.reshard(stream, (now) => stream.split(stream.shards[0]!, 1n << 126n, now));
    expect(stream.shards).toHaveLength(4);
    expect(s.totalShards()).toBe(3);
    s.close();
  });
});
