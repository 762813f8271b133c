/**
 * --verify: after the run the stream is read back (GetShardIterator TRIM_HORIZON, then GetRecords until
 * caught up) and every record of this run, recognised by its tag (payload.ts), is checked against what the
 * target acknowledged: lost (acknowledged, never read), duplicated (read more than once) and reordered.
 *
 * Order is judged only where the API promises it: within a shard, records of one request keep their request
 * order; a sequential writer (closed model: one request at a time) also keeps its order across requests.
 */
import { DEFAULT_PROFILE, getProfile } from '../profiles/index.ts';
import { base64Decode, base64Length } from './bytes.ts';
import type { Control } from './control.ts';
import { LoadSetupError } from './load-error.ts';
import { parseRecordTag, RECORD_TAG_BYTES } from './payload.ts';
import type { WriterAcks } from './samples.ts';
import { listShardIds } from './stream-setup.ts';

export interface VerifyCounts {
  /** Records the target acknowledged. */
  readonly acknowledged: number;
  /** Records of this run read back (copies included). */
  readonly found: number;
  readonly lost: number;
  /** Extra copies read back. */
  readonly duplicated: number;
  /** Records read after a record that must follow them. */
  readonly reordered: number;
  /** Records read back that the target never acknowledged (a failed or timed-out request that was written). */
  readonly unacknowledgedFound: number;
}

/** Unordered writers: request blocks remembered per shard; older ones are no longer judged. */
const BLOCK_WINDOW = 4096;

interface WriterState {
  readonly acks: WriterAcks;
  readonly seen: Uint8Array;
}

function bit(bitmap: Uint8Array, i: number): boolean {
  const byte = i >>> 3;
  return byte < bitmap.length && (bitmap[byte]! & (1 << (i & 7))) !== 0;
}

/** Pure: feed records in read order per shard, then ask for the counts. */
export class ReadBackAnalyzer {
  private readonly writers = new Map<number, WriterState>();
  private found = 0;
  private duplicated = 0;
  private reordered = 0;
  private unacknowledgedFound = 0;
  /** shard|writer -> highest counter read (sequential writers). */
  private readonly sequentialMax = new Map<string, number>();
  /** shard|writer -> request block -> highest counter read (unordered writers). */
  private readonly blockMax = new Map<string, Map<number, number>>();

  constructor(
    private readonly run: number,
    acks: readonly WriterAcks[],
    private readonly recordsPerRequest: number,
  ) {
    for (const a of acks)
      this.writers.set(a.writer, { acks: a, seen: new Uint8Array(Math.ceil(a.issued / 8)) });
  }

  /** `head`: at least the first RECORD_TAG_BYTES bytes of a record's data. */
  observe(shardId: string, head: Uint8Array): void {
    const tag = parseRecordTag(head);
    if (!tag || tag.run !== this.run) return;
    const w = this.writers.get(tag.writer);
    if (!w || tag.counter >= w.acks.issued) return;
    this.found++;
    const byte = tag.counter >>> 3;
    const mask = 1 << (tag.counter & 7);
    if (w.seen[byte]! & mask) {
      // A second copy is a duplicate, not also a reordering.
      this.duplicated++;
      return;
    }
    w.seen[byte]! |= mask;
    if (!bit(w.acks.bitmap, tag.counter)) this.unacknowledgedFound++;
    const key = `${shardId}|${tag.writer}`;
    if (w.acks.sequential) {
      const max = this.sequentialMax.get(key) ?? -1;
      if (tag.counter < max) this.reordered++;
      else this.sequentialMax.set(key, tag.counter);
      return;
    }
    let blocks = this.blockMax.get(key);
    if (!blocks) this.blockMax.set(key, (blocks = new Map()));
    const block = Math.floor(tag.counter / this.recordsPerRequest);
    const max = blocks.get(block) ?? -1;
    if (tag.counter < max) this.reordered++;
    else blocks.set(block, tag.counter);
    if (blocks.size > BLOCK_WINDOW * 2) {
      const keep = block - BLOCK_WINDOW;
      for (const b of blocks.keys()) if (b < keep) blocks.delete(b);
    }
  }

  result(): VerifyCounts {
    let acknowledged = 0;
    let lost = 0;
    for (const w of this.writers.values()) {
      for (let i = 0; i < w.acks.issued; i++) {
        if (!bit(w.acks.bitmap, i)) continue;
        acknowledged++;
        if (!bit(w.seen, i)) lost++;
      }
    }
    return {
      acknowledged,
      found: this.found,
      lost,
      duplicated: this.duplicated,
      reordered: this.reordered,
      unacknowledgedFound: this.unacknowledgedFound,
    };
  }
}

const PROFILE = getProfile(DEFAULT_PROFILE);
const TAG_BASE64 = base64Length(RECORD_TAG_BYTES);

export interface ReadBackOptions {
  readonly timeoutMs: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Reads every shard from TRIM_HORIZON to the tip, handing each record's tag bytes to `observe`. */
export async function readBack(
  control: Control,
  stream: string,
  observe: (shardId: string, head: Uint8Array) => void,
  options: ReadBackOptions,
): Promise<void> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = Date.now() + options.timeoutMs;
  const throttled = PROFILE.errors.throughputExceeded.type;
  for (const shardId of await listShardIds(control, stream)) {
    const it = await control('GetShardIterator', {
      StreamName: stream,
      ShardId: shardId,
      ShardIteratorType: 'TRIM_HORIZON',
    });
    if (it.errorType !== undefined)
      throw new LoadSetupError(`GetShardIterator ${shardId} failed with ${it.errorType}`);
    let iterator: unknown = it.body['ShardIterator'];
    while (typeof iterator === 'string') {
      if (Date.now() > deadline)
        throw new LoadSetupError(`reading ${stream} back took longer than ${options.timeoutMs / 1000} s`);
      const reply = await control('GetRecords', {
        ShardIterator: iterator,
        Limit: PROFILE.getRecords.maxLimit,
      });
      if (reply.errorType === throttled) {
        // AWS allows 5 GetRecords calls per second per shard.
        await sleep(250);
        continue;
      }
      if (reply.errorType !== undefined)
        throw new LoadSetupError(`GetRecords ${shardId} failed with ${reply.errorType}`);
      const records = Array.isArray(reply.body['Records']) ? (reply.body['Records'] as unknown[]) : [];
      for (const r of records) {
        const data = (r as Record<string, unknown>)['Data'];
        if (typeof data !== 'string') continue;
        const head = base64Decode(data.slice(0, TAG_BASE64));
        if (head) observe(shardId, head);
      }
      iterator = reply.body['NextShardIterator'];
      if (records.length === 0 && (reply.body['MillisBehindLatest'] ?? 0) === 0) break;
    }
  }
}
