/**
 * The PutRecords hot path: one pass over a request that is valid in the common way, producing exactly what
 * the generic engine (types.ts + constraints.ts) produces for it, without its per-field dispatch and path
 * bookkeeping. Anything unusual (a violation, a null, StreamARN, another length unit, an unknown shape)
 * returns undefined, and the generic engine, the one place that words errors, judges the request.
 * test/server/fast-put-records.test.ts checks the two agree on random valid and invalid bodies.
 */
import type { Profile } from '../../profiles/profile.ts';
import { fullMatch } from '../../protocol/full-match.ts';
import type { WireFormat } from '../../protocol/wire.ts';
import { checkBlob, TypeMismatch, type Checked } from './types.ts';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

/**
 * Every record's Data (JSON: base64 text) decoded into one buffer, or undefined when any is not a string of
 * strict base64 within the limit. As strict as checkBlob (types.ts), which words the errors: the length is a
 * multiple of 4, no base64url characters, and Node's lenient decoder wrote exactly the bytes the text implies
 * (it skips characters it does not know). One allocation for the request instead of one per record.
 */
function decodeAllData(records: readonly unknown[], maxDataBytes: number): Buffer[] | undefined {
  const sizes = new Array<number>(records.length);
  let total = 0;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    const text = isPlainObject(r) ? r['Data'] : undefined;
    if (typeof text !== 'string' || text.length % 4 !== 0) return undefined;
    const n = text.length;
    const size =
      (n / 4) * 3 -
      (n === 0 ? 0 : text.charCodeAt(n - 1) !== EQUALS ? 0 : text.charCodeAt(n - 2) === EQUALS ? 2 : 1);
    if (size > maxDataBytes) return undefined;
    sizes[i] = size;
    total += size;
  }
  const all = Buffer.allocUnsafe(total);
  const out = new Array<Buffer>(records.length);
  let offset = 0;
  for (let i = 0; i < records.length; i++) {
    const text = (records[i] as Record<string, string>)['Data']!;
    if (text.indexOf('-') !== -1 || text.indexOf('_') !== -1) return undefined;
    const size = sizes[i]!;
    if (all.write(text, offset, size, 'base64') !== size) return undefined;
    out[i] = all.subarray(offset, offset + size);
    offset += size;
  }
  return out;
}

const EQUALS = 0x3d;

export function fastPutRecordsInput(body: unknown, profile: Profile, wire: WireFormat): Checked | undefined {
  const limits = profile.putRecords;
  const names = profile.streamName;
  if (limits.partitionKeyLengthUnit !== 'utf16' || !isPlainObject(body)) return undefined;
  const streamName = body['StreamName'];
  const arn = body['StreamARN'];
  if (arn !== undefined && arn !== null) return undefined;
  if (
    typeof streamName !== 'string' ||
    streamName.length < names.minLength ||
    streamName.length > names.maxLength ||
    !fullMatch(names.pattern).test(streamName)
  ) {
    return undefined;
  }
  const records = body['Records'];
  if (!Array.isArray(records) || records.length < limits.minRecords || records.length > limits.maxRecords) {
    return undefined;
  }
  const hashKeySyntax = fullMatch(limits.explicitHashKeyPattern);
  const out = new Array<Checked>(records.length);
  const decoded = wire === 'json' ? decodeAllData(records, limits.maxDataBytes) : undefined;
  if (wire === 'json' && !decoded) return undefined;
  for (let i = 0; i < records.length; i++) {
    const r: unknown = records[i];
    if (!isPlainObject(r)) return undefined;
    const key = r['PartitionKey'];
    if (
      typeof key !== 'string' ||
      key.length < limits.minPartitionKeyLength ||
      key.length > limits.maxPartitionKeyLength
    ) {
      return undefined;
    }
    const ehk = r['ExplicitHashKey'];
    if (ehk !== undefined && ehk !== null && (typeof ehk !== 'string' || !hashKeySyntax.test(ehk)))
      return undefined;
    let data: Buffer;
    if (decoded) {
      data = decoded[i]!;
    } else {
      try {
        data = checkBlob(r['Data'], wire);
      } catch (err) {
        if (err instanceof TypeMismatch) return undefined;
        throw err;
      }
      if (data.length > limits.maxDataBytes) return undefined;
    }
    // The same member order as the generic engine's copy (the shape's order).
    out[i] =
      typeof ehk === 'string'
        ? { Data: data, ExplicitHashKey: ehk, PartitionKey: key }
        : { Data: data, PartitionKey: key };
  }
  return { Records: out, StreamName: streamName };
}
