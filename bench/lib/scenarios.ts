/**
 * The three PutRecords shapes the issue measures, and their request bodies: JSON 1.1, Data as base64,
 * distinct partition keys (so records spread over the shards by MD5), generated once from a seed and reused
 * for every send. Record counts and sizes come from the profile, never from literals here.
 */
import type { Profile } from '../../src/profiles/profile.ts';

export const SCENARIO_IDS = ['500x100B', '1x100B', '5x1MiB'] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

export interface Scenario {
  readonly id: ScenarioId;
  readonly title: string;
  readonly recordsPerRequest: number;
  /** Decoded Data bytes of each record. */
  readonly dataBytes: number;
  /** Distinct request bodies cycled through, each with its own partition keys. */
  readonly variants: number;
  /** Keep-alive connections, i.e. requests in flight in the closed loop, tuned for a 2-core machine. */
  readonly connections: number;
}

/** Every partition key has this many characters, so the request-size arithmetic below is exact. */
const KEY_LENGTH = 12;
/**
 * Bodies are cycled, so keys repeat after this many records: enough that no cache of digests (the server
 * has none; one was tried and removed) could make routing look cheaper than with high-cardinality keys.
 */
const DISTINCT_KEYS = 131_072;
/** Memory the pre-built bodies of one scenario may take. */
const BODY_BUDGET_BYTES = 32 * 1024 * 1024;

/** How many distinct bodies to cycle through: enough for DISTINCT_KEYS keys, within the memory budget. */
function variantsFor(records: number, dataBytes: number): number {
  const bodyBytes = records * (Math.ceil(dataBytes / 3) * 4 + KEY_LENGTH + 32);
  return Math.max(1, Math.min(Math.ceil(DISTINCT_KEYS / records), Math.floor(BODY_BUDGET_BYTES / bodyBytes)));
}
/** A small record, as in the issue: 100 bytes of Data. */
const SMALL_RECORD_BYTES = 100;

export function scenarios(profile: Profile): Record<ScenarioId, Scenario> {
  const l = profile.putRecords;
  // The largest request the profile admits: as many full-size records as fit, where a record's Data plus its
  // key count towards the request cap (behaviour.md 2.1), so Data is the per-record share minus the key.
  const largeRecords = Math.floor(l.maxRequestBytes / l.maxDataBytes);
  const largeData = Math.min(l.maxDataBytes, Math.floor(l.maxRequestBytes / largeRecords) - KEY_LENGTH);
  return {
    '500x100B': {
      id: '500x100B',
      title: `${l.maxRecords} x ${SMALL_RECORD_BYTES} B`,
      recordsPerRequest: l.maxRecords,
      dataBytes: SMALL_RECORD_BYTES,
      variants: variantsFor(l.maxRecords, SMALL_RECORD_BYTES),
      connections: 16,
    },
    '1x100B': {
      id: '1x100B',
      title: `1 x ${SMALL_RECORD_BYTES} B`,
      recordsPerRequest: 1,
      dataBytes: SMALL_RECORD_BYTES,
      variants: variantsFor(1, SMALL_RECORD_BYTES),
      connections: 32,
    },
    '5x1MiB': {
      id: '5x1MiB',
      title: `${largeRecords} x ${l.maxDataBytes / (1024 * 1024)} MiB`,
      recordsPerRequest: largeRecords,
      dataBytes: largeData,
      variants: variantsFor(largeRecords, largeData),
      connections: 8,
    },
  } satisfies Record<ScenarioId, Scenario>;
}

/** mulberry32, filled four bytes at a time: reproducible data from `--seed`. */
function fillRandom(buf: Buffer, seed: number): void {
  let a = seed >>> 0;
  const words = Math.floor(buf.length / 4);
  for (let i = 0; i <= words; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    t = (t ^ (t >>> 14)) >>> 0;
    if (i < words) buf.writeUInt32LE(t, i * 4);
    else for (let j = i * 4; j < buf.length; j++) buf[j] = (t >>> ((j - i * 4) * 8)) & 0xff;
  }
}

export interface RequestBodies {
  readonly bodies: readonly Buffer[];
  /** Decoded Data bytes in one request. */
  readonly dataBytesPerRequest: number;
  readonly wireBytesPerRequest: number;
}

export function buildBodies(scenario: Scenario, streamName: string, seed: number): RequestBodies {
  const bodies: Buffer[] = [];
  let key = 0;
  for (let v = 0; v < scenario.variants; v++) {
    const records: { Data: string; PartitionKey: string }[] = [];
    for (let r = 0; r < scenario.recordsPerRequest; r++) {
      const data = Buffer.allocUnsafe(scenario.dataBytes);
      fillRandom(data, (seed * 1_000_003 + key) >>> 0);
      records.push({
        Data: data.toString('base64'),
        PartitionKey: `pk-${String(key).padStart(KEY_LENGTH - 3, '0')}`,
      });
      key++;
    }
    bodies.push(Buffer.from(JSON.stringify({ StreamName: streamName, Records: records }), 'utf8'));
  }
  const wire = bodies.reduce((n, b) => n + b.length, 0) / bodies.length;
  return {
    bodies,
    dataBytesPerRequest: scenario.recordsPerRequest * scenario.dataBytes,
    wireBytesPerRequest: Math.round(wire),
  };
}
