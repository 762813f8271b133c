import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { expectedShardOf } from '../../src/checks/write-history.ts';
import { requestBytes } from '../../src/generators/batch.ts';
import { RecordTagger } from '../../src/generators/tagged-records.ts';
import { throttleScenario } from '../../src/generators/throttle-scenario.ts';
import { PROFILES } from '../../src/profiles/index.ts';
import { splitHashRange } from '../../src/protocol/hash-key.ts';

const shardsOf = (n: number) =>
  splitHashRange(n, 'pow128').map((r, i) => ({ shardId: `shardId-${String(i).padStart(12, '0')}`, ...r }));

describe('throttleScenario', () => {
  test.each(Object.values(PROFILES))(
    'drives shards past the $name limits with valid requests, others stay idle',
    (profile) => {
      fc.assert(
        fc.property(fc.integer({ min: 2, max: 8 }), (n) => {
          const shards = shardsOf(n);
          const s = throttleScenario(profile, shards);
          const l = profile.putRecords;
          const load = new Map<string, { records: number; bytes: number }>();
          const tagger = new RecordTagger('t');
          for (const call of s.calls) {
            expect(call.length).toBeLessThanOrEqual(l.maxRecords);
            // Tagged as sent: the tag never grows a record past its spec.
            expect(
              requestBytes(
                tagger.records(call).map((r) => ({ partitionKey: r.partitionKey, dataBytes: r.data.length })),
              ),
            ).toBe(requestBytes(call));
            expect(requestBytes(call)).toBeLessThanOrEqual(l.maxRequestBytes);
            for (const r of call) {
              expect(r.dataBytes).toBeLessThanOrEqual(l.maxDataBytes);
              const shard = expectedShardOf(
                {
                  partitionKey: r.partitionKey,
                  data: new Uint8Array(0),
                  explicitHashKey: r.explicitHashKey!,
                },
                shards,
              )!;
              const x = load.get(shard) ?? { records: 0, bytes: 0 };
              x.records++;
              x.bytes += r.dataBytes + Buffer.byteLength(r.partitionKey);
              load.set(shard, x);
            }
          }
          const w = profile.shardWriteLimits;
          expect(load.get(s.hotBytes)!.bytes).toBeGreaterThan(w.bytesPerSecond);
          expect(load.get(s.hotRecords)!.records).toBeGreaterThan(w.recordsPerSecond);
          // The bytes call alone is over the byte limit, interleaved: hot, idle, hot, idle...
          const first = s.calls[0]!.map((r) =>
            expectedShardOf(
              { partitionKey: '', data: new Uint8Array(0), explicitHashKey: r.explicitHashKey! },
              shards,
            ),
          );
          expect(first.filter((id, i) => i % 2 === 1 && s.idle.includes(id!))).toHaveLength(first.length / 2);
          expect(s.idle.length).toBe(n - (n >= 3 ? 2 : 1));
          for (const id of s.idle) {
            const x = load.get(id) ?? { records: 0, bytes: 0 };
            expect(x.records * 2).toBeLessThanOrEqual(w.recordsPerSecond);
            expect(x.bytes * 2).toBeLessThanOrEqual(w.bytesPerSecond);
          }
        }),
        { numRuns: 4 },
      );
    },
  );

  test('needs an idle shard', () => {
    expect(() => throttleScenario(PROFILES.yds, shardsOf(1))).toThrow(RangeError);
  });
});
