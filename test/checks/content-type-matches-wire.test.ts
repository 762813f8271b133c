import { describe, expect, test } from 'vitest';
import { contentTypeMatchesWire } from '../../src/checks/content-type-matches-wire.ts';
import { CONTENT_TYPES } from '../../src/protocol/wire.ts';
import { context, exchange, putRecordsRequest, yds } from './fixtures.ts';

const judge = (wire: 'json' | 'cbor', headers: Record<string, string>) =>
  contentTypeMatchesWire.judge(
    context(yds, exchange(putRecordsRequest([{ PartitionKey: 'a' }], wire), 200, {}, headers)),
  );

describe('put-records.content-type-matches-wire', () => {
  test('passes the request wire format, with or without parameters', () => {
    expect(judge('json', {})).toBeUndefined();
    expect(judge('cbor', {})).toBeUndefined();
    expect(judge('json', { 'content-type': `${CONTENT_TYPES.json}; charset=utf-8` })).toBeUndefined();
  });

  test('fails JSON answered to CBOR, and the reverse', () => {
    expect(judge('cbor', { 'content-type': CONTENT_TYPES.json })?.received).toContain(CONTENT_TYPES.json);
    expect(judge('json', { 'content-type': CONTENT_TYPES.cbor })?.expected).toContain(CONTENT_TYPES.json);
  });

  test('fails a generic application/json answer', () => {
    expect(judge('json', { 'content-type': 'application/json' })).toBeDefined();
  });

  test('fails a missing Content-Type', () => {
    const ex = exchange(putRecordsRequest([{ PartitionKey: 'a' }]), 200, {});
    const { 'content-type': _, ...headers } = ex.headers;
    expect(contentTypeMatchesWire.judge(context(yds, { ...ex, headers }))?.received).toMatch(
      /no Content-Type/,
    );
  });
});
