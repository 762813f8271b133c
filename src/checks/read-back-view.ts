/**
 * A read-back as plain data: for each shard, the GetShardIterator and GetRecords exchanges of one read from
 * TRIM_HORIZON to the tip, and the records they returned, decoded tolerantly (Data as base64 text in JSON,
 * a byte string in CBOR; any other form is noted, not thrown).
 */
import type { Exchange } from '../client/exchange.ts';
import type { WireFormat } from '../protocol/wire.ts';
import { isObject } from './view.ts';
import { contentKey, type WrittenRecord } from './write-history.ts';

export interface ShardRead {
  readonly shardId: string;
  /** GetShardIterator, then every GetRecords (retries included), in the order they were sent. */
  readonly exchanges: readonly Exchange[];
  /** Undefined when the reader reached the tip of the shard; else why it stopped short. */
  readonly incomplete?: string;
}

export interface ReadRecord {
  readonly shardId: string;
  readonly sequenceNumber: string;
  /** undefined when not a string */
  readonly partitionKey: string | undefined;
  /** The bytes, decoded leniently from whatever form Data came in; undefined when there were none. */
  readonly data: Uint8Array | undefined;
  /** Set when Data did not come in the wire's form (base64 text in JSON, a byte string in CBOR). */
  readonly dataProblem?: string;
  /** Position in the shard's read-back (0 = first record returned). */
  readonly position: number;
  /** The GetRecords page it came in. */
  readonly page: Exchange;
  /** The record as the page holds it: every member, decoded from the wire and nothing else. */
  readonly raw: unknown;
}

/** Every record of a shard's read-back, in the order returned. */
export function readRecordsOf(read: ShardRead): ReadRecord[] {
  const out: ReadRecord[] = [];
  for (const page of read.exchanges) {
    if (page.request.operation !== 'GetRecords' || page.status !== 200 || !isObject(page.body)) continue;
    const records = page.body['Records'];
    if (!Array.isArray(records)) continue;
    for (const r of records) {
      const f = isObject(r) ? r : {};
      const decoded = decodeData(page.request.wire, f['Data']);
      out.push({
        shardId: read.shardId,
        sequenceNumber:
          typeof f['SequenceNumber'] === 'string' ? f['SequenceNumber'] : String(f['SequenceNumber']),
        partitionKey: typeof f['PartitionKey'] === 'string' ? f['PartitionKey'] : undefined,
        data: decoded.data,
        ...(decoded.problem !== undefined ? { dataProblem: decoded.problem } : {}),
        position: out.length,
        page,
        raw: r,
      });
    }
  }
  return out;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeData(wire: WireFormat, value: unknown): { data: Uint8Array | undefined; problem?: string } {
  if (value instanceof Uint8Array) {
    return wire === 'cbor'
      ? { data: value }
      : { data: value, problem: 'Data as bytes in a JSON body (expected base64 text)' };
  }
  if (typeof value === 'string') {
    const data = Buffer.from(value, 'base64');
    const canonical = BASE64.test(value) && data.toString('base64') === value;
    if (wire === 'cbor') return { data, problem: 'Data as a text string over CBOR (expected a byte string)' };
    return canonical
      ? { data }
      : { data, problem: `Data ${JSON.stringify(value.slice(0, 40))} is not base64` };
  }
  return { data: undefined, problem: value === undefined ? 'no Data' : `Data of type ${typeof value}` };
}

/** The read records of every shard, found by position (shard, sequence number) and by content. */
export class ReadIndex {
  readonly byShard = new Map<string, ReadRecord[]>();
  private readonly byPosition = new Map<string, ReadRecord[]>();
  private readonly byContent = new Map<string, ReadRecord[]>();

  constructor(reads: readonly ShardRead[]) {
    for (const read of reads) {
      const records = readRecordsOf(read);
      this.byShard.set(read.shardId, records);
      for (const r of records) {
        push(this.byPosition, `${r.shardId}/${r.sequenceNumber}`, r);
        if (r.partitionKey !== undefined && r.data !== undefined)
          push(this.byContent, contentKey(r.partitionKey, r.data), r);
      }
    }
  }

  at(shardId: string, sequenceNumber: string): readonly ReadRecord[] {
    return this.byPosition.get(`${shardId}/${sequenceNumber}`) ?? [];
  }

  withContent(key: string): readonly ReadRecord[] {
    return this.byContent.get(key) ?? [];
  }

  contentKeys(): IterableIterator<string> {
    return this.byContent.keys();
  }

  /**
   * Where an acknowledged record was read back: a record with its content in its shard, the one at its
   * sequence number if there is one. Found by content, so that a target that swaps records in place
   * (numbers kept, Data moved) is seen to have moved them.
   */
  locate(w: WrittenRecord): ReadRecord | undefined {
    const copies = this.withContent(contentKey(w.record.partitionKey, w.record.data)).filter(
      (r) => r.shardId === w.outcome.shardId,
    );
    return copies.find((r) => r.sequenceNumber === w.outcome.sequenceNumber) ?? copies[0];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * The first shard read that stopped short, among the shards `records` were acknowledged in (every shard when
 * `records` is undefined): a read-back that did not reach the tip cannot show what is in the stream.
 */
export function incompleteRead(
  reads: readonly ShardRead[],
  records?: readonly WrittenRecord[],
): ShardRead | undefined {
  const touched = records ? new Set(records.map((r) => r.outcome.shardId)) : undefined;
  return reads.find((r) => r.incomplete !== undefined && (!touched || touched.has(r.shardId)));
}

/** The exchange that shows a shard read best: its last one. */
export function lastExchange(read: ShardRead): Exchange | undefined {
  return read.exchanges[read.exchanges.length - 1];
}

/** `position 4 of shardId-000000000001 at 4959...` */
export function describeRead(r: ReadRecord): string {
  return `position ${r.position} of ${r.shardId} (SequenceNumber ${r.sequenceNumber})`;
}
