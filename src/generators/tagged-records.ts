/**
 * Records whose content names them. The history checks find a record in a read-back by its key and Data,
 * so each record sent by a deep suite carries a unique tag at the start of its Data: a run tag, the writer
 * and a counter. The rest of Data is a pattern over all 256 byte values, so a target that alters, trims or
 * re-encodes a byte is caught.
 */
import type { SentRecord } from '../checks/write-history.ts';
import type { RecordSpec } from './batch.ts';

export class RecordTagger {
  private counter = 0;

  /** `run` tells this run's records from any other's (the stream prefix does). */
  constructor(private readonly run: string) {}

  /** The record a spec describes, with a unique Data at least as long as its tag. */
  record(spec: RecordSpec, writer = 'w0'): SentRecord {
    const n = this.counter++;
    const tag = Buffer.from(`${this.run}/${writer}/${n}|`, 'utf8');
    const length = Math.max(spec.dataBytes, tag.length);
    const data = Buffer.allocUnsafe(length);
    tag.copy(data);
    for (let i = tag.length; i < length; i++) data[i] = (i * 151 + n * 7) & 0xff;
    return {
      partitionKey: spec.partitionKey,
      data,
      ...(spec.explicitHashKey !== undefined ? { explicitHashKey: spec.explicitHashKey } : {}),
    };
  }

  records(specs: readonly RecordSpec[], writer?: string): SentRecord[] {
    return specs.map((s) => this.record(s, writer));
  }
}
