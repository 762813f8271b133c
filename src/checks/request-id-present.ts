import type { Check } from './check.ts';
import { failure, isPutRecords } from './view.ts';

/** AWS names every answer with x-amzn-RequestId: the id a user quotes to support. */
export const requestIdPresent: Check = {
  id: 'put-records.request-id-present',
  title: 'Every response carries an x-amzn-RequestId header',
  severity: 'should',
  source: 'behaviour.md 1.1 "Request-id headers" (KL-T connection.js, V-AWS; YDB http_req.cpp)',
  judge(ctx) {
    const { exchange } = ctx;
    if (!isPutRecords(exchange)) return undefined;
    const id = exchange.headers['x-amzn-requestid'];
    if (id !== undefined && id.trim() !== '') return undefined;
    return failure(
      this,
      'an x-amzn-RequestId header with a non-empty id',
      id === undefined
        ? `no x-amzn-RequestId header (HTTP ${exchange.status})`
        : `an empty x-amzn-RequestId (HTTP ${exchange.status})`,
    );
  },
};
