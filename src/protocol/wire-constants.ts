/**
 * The names of the two wire formats, their content types and the X-Amz-Target prefix. PURE (no Node
 * APIs, no cbor-x): the k6 scripts import it through the load tester's request builder.
 * AWS-M metadata: protocol json, jsonVersion 1.1, targetPrefix Kinesis_20131202; CBOR 1.1 per
 * behaviour.md 1.1 (LS-K, V-AWS).
 */
export type WireFormat = 'json' | 'cbor';

export const CONTENT_TYPES = {
  json: 'application/x-amz-json-1.1',
  cbor: 'application/x-amz-cbor-1.1',
} as const satisfies Record<WireFormat, string>;

export const TARGET_PREFIX = 'Kinesis_20131202';
