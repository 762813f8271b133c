/**
 * Reading a PutRecord exchange, tolerantly: the record the request sent (its body is the record) and what a
 * 200 answered. A check looks only at what it judges; `put-record.response-schema` judges the shape.
 */
import type { Exchange } from '../client/exchange.ts';
import { isObject, type Fields } from './view.ts';

export function isPutRecord(exchange: Exchange): boolean {
  return exchange.request.operation === 'PutRecord';
}

/** The request's members as sent (the intent, also for a rawBody request), or undefined. */
export function sentRecord(exchange: Exchange): Fields | undefined {
  return isObject(exchange.request.body) ? exchange.request.body : undefined;
}

/** The answer's ShardId and SequenceNumber on a 200, when they are strings. */
export function placement(exchange: Exchange): { shardId: string; sequenceNumber: string } | undefined {
  if (exchange.status !== 200 || !isObject(exchange.body)) return undefined;
  const { ShardId: shardId, SequenceNumber: sequenceNumber } = exchange.body;
  return typeof shardId === 'string' && typeof sequenceNumber === 'string'
    ? { shardId, sequenceNumber }
    : undefined;
}
