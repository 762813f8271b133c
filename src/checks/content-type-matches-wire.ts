import { CONTENT_TYPES } from '../protocol/wire.ts';
import type { Check } from './check.ts';
import { failure, isPutRecords } from './view.ts';

/** The answer comes in the request's wire format (JSON 1.1 or CBOR 1.1). */
export const contentTypeMatchesWire: Check = {
  id: 'put-records.content-type-matches-wire',
  title: 'The response Content-Type is the request wire format',
  severity: 'must',
  source: 'behaviour.md 1.1 "Response content type" (KL-T, V-AWS): same as the request',
  judge(ctx) {
    const { exchange } = ctx;
    // A request whose own Content-Type was overridden tests something else (protocol errors).
    if (!isPutRecords(exchange) || exchange.request.headers?.['content-type'] !== undefined) return undefined;
    const expected = CONTENT_TYPES[exchange.request.wire];
    const received = exchange.headers['content-type'];
    const base = received?.split(';', 1)[0]!.trim().toLowerCase();
    if (base === expected) return undefined;
    return failure(
      this,
      `Content-Type ${expected}, as the request was ${exchange.request.wire.toUpperCase()}`,
      received === undefined
        ? `no Content-Type (HTTP ${exchange.status})`
        : `Content-Type ${received} (HTTP ${exchange.status})`,
    );
  },
};
