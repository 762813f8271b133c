import { describe, expect, test } from 'vitest';
import { ReadPacer, SHARD_READS_PER_SECOND, type Clock } from '../../suites/lib/read-pacer.ts';

/** A clock that only moves when the pacer sleeps. */
function fakeClock(): Clock & { sleeps: number[] } {
  let now = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: (ms) => {
      sleeps.push(Math.round(ms));
      now += ms;
      return Promise.resolve();
    },
  };
}

describe('ReadPacer', () => {
  test('reads at full speed until the target refuses one', async () => {
    const clock = fakeClock();
    const pacer = new ReadPacer(SHARD_READS_PER_SECOND, clock);
    for (let i = 0; i < 20; i++) await pacer.take('s0');
    expect(clock.sleeps).toEqual([]);
  });

  test('after a refusal, each shard is read at the documented rate, shards apart', async () => {
    const clock = fakeClock();
    const pacer = new ReadPacer(5, clock);
    pacer.throttled();
    for (let i = 0; i < 3; i++) await pacer.take('s0');
    expect(clock.sleeps).toEqual([200, 200, 200]);
    // s1 has its own bucket, which filled while s0 waited: a second's worth, no more.
    for (let i = 0; i < 5; i++) await pacer.take('s1');
    expect(clock.sleeps).toEqual([200, 200, 200, 200, 200, 200, 200, 200]);
  });
});
