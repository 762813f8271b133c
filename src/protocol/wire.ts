/**
 * The two wire formats of the Kinesis JSON protocol: JSON 1.1 (Data as base64 text) and CBOR 1.1 (Data as
 * a byte string). AWS-M metadata: protocol json, jsonVersion 1.1; CBOR per behaviour.md 1.1 (LS-K, V-AWS).
 */
import { isAscii } from 'node:buffer';
import { addExtension, Encoder } from 'cbor-x';
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

/**
 * Kinesis CBOR timestamps are tag 1 holding integer epoch milliseconds, both ways: the AWS Java SDK v2 (the
 * KCL's client, CBOR by default) writes them so and reads them so (issue #12, recorded against AWS;
 * behaviour.md 5 note on timestamps: not float64). cbor-x's own tag 1 is float seconds, which those clients
 * read as a date in January 1970. cbor-x decodes an 8-byte integer as a bigint. Registered once, here, for every CBOR encoder and decoder in the process.
 */
addExtension<Date, number | bigint>({
  Class: Date,
  tag: 1,
  // A bigint, as cbor-x writes integers above 2^32 as float64 but a bigint as an unsigned integer (0x1b).
  encode(date, encode) {
    return encode(BigInt(date.getTime()));
  },
  decode(ms) {
    return new Date(Number(ms));
  },
});

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
