/**
 * The AWS SDK v3 Kinesis client through a SplitShard and a MergeShards, over HTTP/2 (its default handler)
 * and HTTP/1.1, with a relay proving which: every record written before, during (the stream UPDATING) and
 * after each change is read back exactly once, in each partition key's write order, by reading as a
 * consumer does (the KCL): a shard to its end, where GetRecords gives no NextShardIterator and names its
 * ChildShards, and a child only once all its parents are read.
 *
 * The update delay is an hour and the test ends each UPDATING state itself (StreamStore.finishTransitions),
 * so the writes "during" are during by construction, not by timing. Expectations come from the
 * acknowledgements and the request order, never from server code.
 */
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListShardsCommand,
  MergeShardsCommand,
  PutRecordCommand,
  PutRecordsCommand,
  SplitShardCommand,
  type ChildShard,
  type KinesisClient,
  type Shard,
} from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/server.ts';
import { expectProtocol, kinesisClient, startTarget, TRANSPORTS, type Relay } from '../helpers/sdk.ts';

const STREAM = 'resharded';
const HOUR_MS = 3_600_000;
/** Keys spread over the hash space: some in every shard at every stage. */
const KEYS = Array.from({ length: 16 }, (_, i) => `key-${i}`);
/** Small pages, so a shard takes several GetRecords calls. */
const PAGE_LIMIT = 7;

interface Written {
  readonly key: string;
  readonly data: string;
  readonly sequenceNumber: string;
  readonly shardId: string;
}

interface Read {
  readonly key: string;
  readonly data: string;
  readonly sequenceNumber: string;
  readonly shardId: string;
}

async function status(client: KinesisClient): Promise<string | undefined> {
  const out = await client.send(new DescribeStreamSummaryCommand({ StreamName: STREAM }));
  return out.StreamDescriptionSummary?.StreamStatus;
}

async function listShards(client: KinesisClient): Promise<Shard[]> {
  const out = await client.send(new ListShardsCommand({ StreamName: STREAM }));
  expect(out.NextToken).toBeUndefined();
  return out.Shards ?? [];
}

/** One PutRecords of every key, then one PutRecord, all acknowledged; `phase` marks the Data. */
async function writePhase(client: KinesisClient, phase: string, written: Written[]): Promise<Written[]> {
  const mine: Written[] = [];
  const entries = KEYS.map((key) => ({ PartitionKey: key, Data: Buffer.from(`${phase}/${key}`) }));
  const out = await client.send(new PutRecordsCommand({ StreamName: STREAM, Records: entries }));
  expect(out.FailedRecordCount).toBe(0);
  out.Records!.forEach((r, i) =>
    mine.push({
      key: KEYS[i]!,
      data: `${phase}/${KEYS[i]}`,
      sequenceNumber: r.SequenceNumber!,
      shardId: r.ShardId!,
    }),
  );
  const one = await client.send(
    new PutRecordCommand({ StreamName: STREAM, PartitionKey: KEYS[0], Data: Buffer.from(`${phase}/single`) }),
  );
  mine.push({
    key: KEYS[0]!,
    data: `${phase}/single`,
    sequenceNumber: one.SequenceNumber!,
    shardId: one.ShardId!,
  });
  written.push(...mine);
  return mine;
}

/** Reads a shard from TRIM_HORIZON to its end (closed) or until caught up (open); returns its children. */
async function readShard(
  client: KinesisClient,
  shard: Shard,
  out: Read[],
): Promise<{ closed: boolean; children: ChildShard[] }> {
  const start = await client.send(
    new GetShardIteratorCommand({
      StreamName: STREAM,
      ShardId: shard.ShardId,
      ShardIteratorType: 'TRIM_HORIZON',
    }),
  );
  let iterator = start.ShardIterator;
  for (let page = 0; page < 1000; page++) {
    const res = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: PAGE_LIMIT }));
    for (const r of res.Records ?? []) {
      out.push({
        key: r.PartitionKey!,
        data: Buffer.from(r.Data!).toString(),
        sequenceNumber: r.SequenceNumber!,
        shardId: shard.ShardId!,
      });
    }
    if (res.NextShardIterator === undefined) return { closed: true, children: res.ChildShards ?? [] };
    expect(res.ChildShards).toBeUndefined();
    if ((res.Records ?? []).length === 0) return { closed: false, children: [] };
    iterator = res.NextShardIterator;
  }
  throw new Error(`shard ${shard.ShardId} did not end`);
}

/**
 * Reads every shard parents first: a shard is read once all the parents it names are read to their end.
 * Checks on the way that a closed shard's ChildShards are the shards ListShards says came from it.
 */
async function readByLineage(client: KinesisClient): Promise<{ records: Read[]; order: string[] }> {
  const shards = await listShards(client);
  const byId = new Map(shards.map((s) => [s.ShardId!, s]));
  const parentsOf = (s: Shard): string[] =>
    [s.ParentShardId, s.AdjacentParentShardId].filter((p): p is string => p !== undefined && byId.has(p));
  const finished = new Set<string>();
  const records: Read[] = [];
  const order: string[] = [];
  while (finished.size < shards.length) {
    const next = shards.find((s) => !finished.has(s.ShardId!) && parentsOf(s).every((p) => finished.has(p)));
    if (!next) throw new Error('no shard is ready: the lineage has a cycle or a missing parent');
    const { closed, children } = await readShard(client, next, records);
    expect(closed).toBe(next.SequenceNumberRange?.EndingSequenceNumber !== undefined);
    const expectedChildren = shards.filter((s) => parentsOf(s).includes(next.ShardId!)).map((s) => s.ShardId);
    expect(children.map((c) => c.ShardId)).toEqual(expectedChildren);
    for (const child of children) expect(child.ParentShards).toEqual(parentsOf(byId.get(child.ShardId!)!));
    finished.add(next.ShardId!);
    order.push(next.ShardId!);
  }
  return { records, order };
}

for (const transport of TRANSPORTS) {
  describe(`AWS SDK v3 through SplitShard and MergeShards, ${transport.name}`, () => {
    let server: RunningServer;
    let relay: Relay;
    let client: KinesisClient;

    beforeAll(async () => {
      ({ server, relay } = await startTarget({
        profile: 'aws',
        shardWriteLimits: false,
        updateStreamDelayMs: HOUR_MS,
      }));
      client = kinesisClient(relay.url, transport);
    });

    afterAll(async () => {
      client?.destroy();
      await relay?.close();
      await server?.close();
    });

    it('reads back every record written before, during and after, exactly once, in per-key order', async () => {
      await client.send(new CreateStreamCommand({ StreamName: STREAM, ShardCount: 2 }));
      expect(await status(client)).toBe('ACTIVE');
      const written: Written[] = [];
      await writePhase(client, 'before', written);

      // Split shard 0 at the middle of its range.
      const [first] = await listShards(client);
      const start = BigInt(first!.HashKeyRange!.StartingHashKey!);
      const end = BigInt(first!.HashKeyRange!.EndingHashKey!);
      const middle = (start + end + 1n) / 2n;
      await client.send(
        new SplitShardCommand({
          StreamName: STREAM,
          ShardToSplit: first!.ShardId,
          NewStartingHashKey: middle.toString(),
        }),
      );
      expect(await status(client)).toBe('UPDATING');
      const duringSplit = await writePhase(client, 'during-split', written);
      // While UPDATING, writes go to the shards open before the split.
      expect(new Set(duringSplit.map((w) => w.shardId))).toEqual(
        new Set(['shardId-000000000000', 'shardId-000000000001']),
      );
      server.store.finishTransitions();
      expect(await status(client)).toBe('ACTIVE');
      const afterSplit = await writePhase(client, 'after-split', written);
      expect(afterSplit.some((w) => w.shardId === 'shardId-000000000000')).toBe(false);

      // Merge the two children back.
      const children = (await listShards(client)).filter((s) => s.ParentShardId === first!.ShardId);
      expect(children.map((s) => s.ShardId)).toEqual(['shardId-000000000002', 'shardId-000000000003']);
      await client.send(
        new MergeShardsCommand({
          StreamName: STREAM,
          ShardToMerge: children[0]!.ShardId,
          AdjacentShardToMerge: children[1]!.ShardId,
        }),
      );
      expect(await status(client)).toBe('UPDATING');
      const duringMerge = await writePhase(client, 'during-merge', written);
      expect(duringMerge.some((w) => w.shardId === 'shardId-000000000002')).toBe(true);
      server.store.finishTransitions();
      const afterMerge = await writePhase(client, 'after-merge', written);
      expect(afterMerge.some((w) => w.shardId === 'shardId-000000000004')).toBe(true);

      const { records, order } = await readByLineage(client);
      // Parents before children: 0 before 2 and 3, both before 4.
      expect(order.indexOf('shardId-000000000000')).toBeLessThan(order.indexOf('shardId-000000000002'));
      expect(order.indexOf('shardId-000000000003')).toBeLessThan(order.indexOf('shardId-000000000004'));

      // Exactly once, where the acknowledgement said.
      const id = (r: { shardId: string; sequenceNumber: string }): string =>
        `${r.shardId}/${r.sequenceNumber}`;
      expect(records.map(id).sort()).toEqual(written.map(id).sort());
      const readData = new Map(records.map((r) => [id(r), r.data]));
      for (const w of written) expect(readData.get(id(w))).toBe(w.data);
      // Each key's records in write order.
      for (const key of KEYS) {
        expect(records.filter((r) => r.key === key).map((r) => r.data)).toEqual(
          written.filter((w) => w.key === key).map((w) => w.data),
        );
      }
      expectProtocol(relay, transport.http2);
    });
  });
}
