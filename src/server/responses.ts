/**
 * Rendering responses: JSON 1.1 or CBOR 1.1 in the request's format, the request-id headers AWS sends
 * (behaviour.md 1.1: x-amzn-RequestId, a UUID, and x-amz-id-2). The XML answers AWS gives before it knows
 * the protocol are protocol-level.ts's.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { CONTENT_TYPES, encodeCbor, type WireFormat } from '../protocol/wire.ts';

/** JSON renders blobs as base64 and timestamps as epoch seconds with a fraction (behaviour.md 5, LS-K). */
function jsonReplacer(this: Record<string, unknown>, key: string, value: unknown): unknown {
  const raw = this[key];
  if (raw instanceof Date) return raw.getTime() / 1000;
  if (Buffer.isBuffer(raw)) return raw.toString('base64');
  return value;
}

export function encodeResponse(format: WireFormat, value: object, plain: boolean): Buffer | string {
  if (format === 'cbor') return encodeCbor(value);
  return plain ? JSON.stringify(value) : JSON.stringify(value, jsonReplacer);
}

// x-amz-id-2 is 72 random bytes in base64 (behaviour.md 1.1). Drawing fresh bytes per response costs a
// syscall on the hot path, so ids are cut from a pool refilled now and then.
let pool = randomBytes(72 * 256);
let poolOffset = 0;
function amzId2(): string {
  if (poolOffset + 72 > pool.length) {
    pool = randomBytes(72 * 256);
    poolOffset = 0;
  }
  const id = pool.toString('base64', poolOffset, poolOffset + 72);
  poolOffset += 72;
  return id;
}

export function responseHeaders(
  format: WireFormat | undefined,
  length: number,
): Record<string, string | number> {
  return {
    'content-type': format ? CONTENT_TYPES[format] : 'application/x-amz-json-1.1',
    'content-length': length,
    'x-amzn-requestid': randomUUID(),
    'x-amz-id-2': amzId2(),
  };
}
