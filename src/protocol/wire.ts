/**
 * The two wire formats of the Kinesis JSON protocol: JSON 1.1 (Data as base64 text) and CBOR 1.1 (Data as
 * a byte string). AWS-M metadata: protocol json, jsonVersion 1.1; CBOR per behaviour.md 1.1 (LS-K, V-AWS).
 */
import { isAscii } from 'node:buffer';
import { Encoder } from 'cbor-x';
import { CONTENT_TYPES, type WireFormat } from './wire-constants.ts';

export { CONTENT_TYPES, TARGET_PREFIX, type WireFormat } from './wire-constants.ts';

/** The wire format a Content-Type header selects, or undefined for one AWS does not serve. */
export function wireFormatOf(contentType: string | undefined): WireFormat | undefined {
  if (!contentType) return undefined;
  // The common case, exactly as written, without splitting.
  if (contentType === CONTENT_TYPES.json) return 'json';
  const base = contentType.split(';', 1)[0]!.trim().toLowerCase();
  if (base === CONTENT_TYPES.json) return 'json';
  if (base === CONTENT_TYPES.cbor) return 'cbor';
  return undefined;
}

// mapsAsObjects: decode CBOR maps to plain objects like JSON.parse does. useRecords: false keeps the
// output standard CBOR (no cbor-x record extension) that any CBOR client decodes.
const cbor = new Encoder({ mapsAsObjects: true, useRecords: false, tagUint8Array: false });

export function decodeCbor(body: Uint8Array): unknown {
  return cbor.decode(body);
}

export function encodeCbor(value: unknown): Buffer {
  return cbor.encode(value);
}

export function encodeBody(format: WireFormat, value: unknown): Buffer | string {
  return format === 'json' ? JSON.stringify(value) : encodeCbor(value);
}

export function decodeBody(format: WireFormat, body: Uint8Array): unknown {
  if (format === 'cbor') return decodeCbor(body);
  const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // Base64 bodies are ASCII, and latin1 decoding of ASCII is the same text at about twice the speed of
  // UTF-8 decoding (a large share of a 5 MiB request's cost).
  return JSON.parse(isAscii(buf) ? buf.toString('latin1') : buf.toString('utf8'));
}
