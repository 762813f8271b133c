/** The throttling scenario of the suite, answered by the fake target of history-fixtures.ts. */
import type { WriteCall } from '../../src/checks/write-history.ts';
import { RecordTagger } from '../../src/generators/tagged-records.ts';
import { throttleScenario } from '../../src/generators/throttle-scenario.ts';
import { FakeTarget, THREE_SHARDS, type FakeOptions } from './history-fixtures.ts';
import { yds } from './fixtures.ts';

export function scenarioHistory(options: FakeOptions = {}): { target: FakeTarget; calls: WriteCall[] } {
  const target = new FakeTarget({
    shards: THREE_SHARDS,
    // A shard takes one second's worth of records, then throttles (the fake never refills).
    capacity: yds.shardWriteLimits.recordsPerSecond,
    ...options,
  });
  const tagger = new RecordTagger('test');
  const scenario = throttleScenario(target.profile, target.shards);
  return { target, calls: scenario.calls.map((c) => target.putRecords(tagger.records(c))) };
}
