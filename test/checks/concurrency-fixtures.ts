/** Writers interleaving their calls on the fake target: what concurrent writers look like once recorded. */
import type { SentRecord, WriteCall } from '../../src/checks/write-history.ts';
import { FakeTarget, record, type FakeOptions } from './history-fixtures.ts';

export function concurrentHistory(options: FakeOptions = {}): {
  target: FakeTarget;
  calls: WriteCall[];
  sent: Map<string, SentRecord[]>;
} {
  const target = new FakeTarget(options);
  const calls: WriteCall[] = [];
  const sent = new Map<string, SentRecord[]>();
  // Round-robin: w0 call 0, w1 call 0, w2 call 0, w0 call 1, ... as a scheduler might interleave them.
  for (let round = 0; round < 3; round++) {
    for (const writer of ['w0', 'w1', 'w2']) {
      const records = Array.from({ length: 4 }, (_, i) => record(`key-${(round + i) % 5}`));
      sent.set(writer, [...(sent.get(writer) ?? []), ...records]);
      calls.push(target.putRecords(records, writer));
    }
  }
  return { target, calls, sent };
}
