import { splitHashRange } from '../protocol/hash-key.ts';
import { historyFailure, type HistoryCheck } from './history-check.ts';
import type { ListingContext } from './listing-history.ts';
import { isOpen, unreadablePage, walkShards } from './listing-view.ts';

/**
 * A new stream of n shards splits the hash-key space as the profile says: shard i starts at
 * i * floor(2^128 / n) on AWS (KL-T describeStream, V-AWS), i * floor((2^128 - 1) / n) on YDB and kinesis-mock.
 * The two differ for n = 2, 4, ...: an ExplicitHashKey at a boundary lands in different shards.
 */
export const hashRangesSplit: HistoryCheck<ListingContext> = {
  id: 'shards.hash-ranges-split',
  title: "A new stream's shards split the hash-key space evenly, at the profile's boundaries",
  severity: 'should',
  source:
    'behaviour.md 4.1 "Shard ranges for CreateStream(n)" (KL-T describeStream, V-AWS); profile.hashRangeDivisor',
  judge(ctx) {
    const walk = ctx.reference;
    const bad = unreadablePage(walk);
    if (bad) return { cannotJudge: `ListShards of ${ctx.stream} answered ${bad.problem}` };
    const open = walkShards(walk)
      .filter(isOpen)
      .sort((a, b) => (a.startingHashKey < b.startingHashKey ? -1 : 1));
    const expected = splitHashRange(ctx.shardCount, ctx.profile.hashRangeDivisor);
    const show = (r: { startingHashKey: bigint; endingHashKey: bigint }[]): string =>
      r.map((x) => `${x.startingHashKey}..${x.endingHashKey}`).join(', ');
    const same =
      open.length === expected.length &&
      open.every(
        (s, i) =>
          s.startingHashKey === expected[i]!.startingHashKey &&
          s.endingHashKey === expected[i]!.endingHashKey,
      );
    if (same) return undefined;
    return historyFailure(
      this,
      `${ctx.shardCount} shards of ${ctx.stream}: ${show(expected)} (${ctx.profile.hashRangeDivisor === 'pow128' ? 'floor(2^128 / n)' : 'floor((2^128 - 1) / n)'} apart)`,
      show(open),
      walk.pages[walk.pages.length - 1]!,
    );
  },
};
