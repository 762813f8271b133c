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
    try {
      data = checkBlob(r['Data'], wire);
    } catch (err) {
      if (err instanceof TypeMismatch) return undefined;
      throw err;
    }
    if (data.length > limits.maxDataBytes) return undefined;
    // The same member order as the generic engine's copy (the shape's order).
    out[i] =
      typeof ehk === 'string'
        ? { Data: data, ExplicitHashKey: ehk, PartitionKey: key }
        : { Data: data, PartitionKey: key };
  }
  return { Records: out, StreamName: streamName };
}
