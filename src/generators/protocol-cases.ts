/**
 * The protocol-level requests of behaviour.md 1.2: a well-formed one-record PutRecords to an existing stream,
 * changed in one thing each. Which case a request is, and what must happen to it, the checks read from the
 * request itself (src/checks/protocol-view.ts) and the profile.
 */
import type { ApiRequest } from '../client/exchange.ts';
import { AMZ_JSON_1_0 } from '../checks/protocol-view.ts';
import type { ProtocolCase } from '../profiles/profile.ts';
import { encodeBody, TARGET_PREFIX, type WireFormat } from '../protocol/wire.ts';
import { putRecordsRequest } from './batch.ts';

export interface ProtocolRequest {
  readonly kase: ProtocolCase;
  readonly name: string;
  readonly request: ApiRequest;
}

/** behaviour.md 1.2's own examples: operation `Foo`, service `Foo_1`. */
const UNKNOWN_OPERATION = 'Foo';
const OTHER_SERVICE = 'Foo_1';
/** A Content-Type no Kinesis-compatible API speaks. */
const UNKNOWN_CONTENT_TYPE = 'text/plain';

export function protocolRequests(stream: string, wire: WireFormat): ProtocolRequest[] {
  const valid = putRecordsRequest(stream, [{ partitionKey: 'k', dataBytes: 1 }], wire);
  const encoded = Buffer.from(encodeBody(wire, valid.body));
  const asJson = putRecordsRequest(stream, [{ partitionKey: 'k', dataBytes: 1 }], 'json');
  const change = (kase: ProtocolCase, name: string, request: Partial<ApiRequest>): ProtocolRequest => ({
    kase,
    name,
    request: { ...valid, ...request },
  });
  return [
    // A GET carries no body (the client sends none); a PUT carries the request's.
    change('nonPost', 'GET', { method: 'GET', rawBody: Buffer.alloc(0) }),
    change('nonPost', 'PUT', { method: 'PUT' }),
    change('missingContentType', 'no Content-Type, a valid X-Amz-Target', {
      headers: { 'content-type': null },
    }),
    // JSON 1.0 frames the same JSON body.
    change('amzJson10', AMZ_JSON_1_0, { ...asJson, headers: { 'content-type': AMZ_JSON_1_0 } }),
    change('unknownContentType', `Content-Type ${UNKNOWN_CONTENT_TYPE}`, {
      headers: { 'content-type': UNKNOWN_CONTENT_TYPE },
    }),
    change('unknownOperation', `X-Amz-Target ${TARGET_PREFIX}.${UNKNOWN_OPERATION}`, {
      headers: { 'x-amz-target': `${TARGET_PREFIX}.${UNKNOWN_OPERATION}` },
    }),
    change('wrongService', `X-Amz-Target ${OTHER_SERVICE}.PutRecords`, {
      headers: { 'x-amz-target': `${OTHER_SERVICE}.PutRecords` },
    }),
    // The valid body cut in half: an unterminated JSON text, a CBOR map that ends early.
    change('malformedBody', `the ${wire.toUpperCase()} body cut in half`, {
      rawBody: encoded.subarray(0, Math.floor(encoded.length / 2)),
    }),
    change('emptyBody', 'an empty body', { rawBody: Buffer.alloc(0) }),
  ];
}
