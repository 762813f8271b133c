/** Exchanges built by hand: a correct PutRecords answer, and the one field a test breaks. */
import type { ApiRequest, Exchange } from '../../src/client/exchange.ts';
import type { CheckContext, Expectation, ShardRange } from '../../src/checks/check.ts';
import { PROFILES } from '../../src/profiles/index.ts';
import type { Profile } from '../../src/profiles/profile.ts';
import { splitHashRange } from '../../src/protocol/hash-key.ts';
import { CONTENT_TYPES, type WireFormat } from '../../src/protocol/wire.ts';

export const yds = PROFILES.yds;
export const aws = PROFILES.aws;

export interface SentRecord {
  readonly PartitionKey: string;
  readonly Data?: string;
  readonly ExplicitHashKey?: string;
}

export function putRecordsRequest(records: readonly SentRecord[], wire: WireFormat = 'json'): ApiRequest {
  return {
    operation: 'PutRecords',
    wire,
    body: { StreamName: 's', Records: records.map((r) => ({ Data: 'AA==', ...r })) },
  };
}

export function exchange(
  request: ApiRequest,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): Exchange {
  return {
    request,
    http: { url: 'http://127.0.0.1:1/', method: 'POST', headers: {}, body: Buffer.alloc(0) },
    status,
    headers: {
      'content-type': CONTENT_TYPES[request.wire],
      'x-amzn-requestid': 'f1e2d3c4-0000-4000-8000-000000000000',
      ...headers,
    },
    rawBody: body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(body)),
    body,
    durationMs: 1,
  };
}

/** Four shards split as AWS does. */
export const SHARDS: readonly ShardRange[] = splitHashRange(4, 'pow128').map((r, i) => ({
  shardId: `shardId-00000000000${i}`,
  ...r,
}));

export function shardFor(hashKey: bigint): string {
  return SHARDS.find((s) => s.startingHashKey <= hashKey && hashKey <= s.endingHashKey)!.shardId;
}

/** A correct answer to `records` on SHARDS: consecutive sequence numbers per shard, from `start`. */
export function correctResult(
  profile: Profile,
  records: readonly SentRecord[],
  route: (r: SentRecord) => string,
  start = 100n,
): Record<string, unknown> {
  const next = new Map<string, bigint>();
  return {
    FailedRecordCount: 0,
    Records: records.map((r) => {
      const shard = route(r);
      const seq = next.get(shard) ?? start;
      next.set(shard, seq + 1n);
      return { SequenceNumber: String(seq), ShardId: shard };
    }),
    ...(profile.encryptionTypeOnUnencrypted ? { EncryptionType: profile.encryptionTypeOnUnencrypted } : {}),
  };
}

export function context(
  profile: Profile,
  ex: Exchange,
  extra: {
    shards?: readonly ShardRange[];
    last?: ReadonlyMap<string, bigint>;
    expectation?: Expectation;
  } = {},
): CheckContext {
  return {
    profile,
    exchange: ex,
    ...(extra.shards ? { shards: extra.shards } : {}),
    ...(extra.last ? { lastSequenceByShard: extra.last } : {}),
    ...(extra.expectation ? { expectation: extra.expectation } : {}),
  };
}
