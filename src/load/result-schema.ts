/**
 * The JSON Schema of load.json (result.ts), compiled once. `kcs load` validates a result before writing it
 * and a --baseline file before comparing with it.
 */
import { Ajv, type ErrorObject } from 'ajv';
import type { LoadResult } from './result.ts';

const ISO_TIMESTAMP = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$';
const count = { type: 'integer', minimum: 0 } as const;
const nonNegative = { type: 'number', minimum: 0 } as const;
const counts = { type: 'object', additionalProperties: count } as const;
const text = { type: 'string', minLength: 1 } as const;

export const LOAD_RESULT_SCHEMA = {
  $id: 'https://kinesis-conformance/load.schema.json',
  type: 'object',
  additionalProperties: false,
  required: [
    'kind',
    'version',
    'tool',
    'target',
    'scenario',
    'versions',
    'machine',
    'startedAt',
    'endedAt',
    'totals',
    'rates',
    'latencyMs',
    'percentiles',
    'timeSeries',
  ],
  properties: {
    kind: { const: 'kcs-load' },
    version: { const: 1 },
    tool: { enum: ['kcs', 'k6'] },
    target: {
      type: 'object',
      additionalProperties: false,
      required: ['endpoint', 'embedded'],
      properties: { endpoint: { type: 'string', pattern: '^https?://' }, embedded: { type: 'boolean' } },
    },
    scenario: {
      type: 'object',
      additionalProperties: false,
      required: [
        'model',
        'durationMs',
        'recordsPerRequest',
        'recordSize',
        'partitionKeys',
        'shards',
        'stream',
        'wire',
        'seed',
      ],
      properties: {
        model: { enum: ['open', 'closed'] },
        rate: { type: 'number', exclusiveMinimum: 0 },
        connections: { type: 'integer', minimum: 1 },
        durationMs: { type: 'integer', minimum: 1 },
        recordsPerRequest: { type: 'integer', minimum: 1 },
        recordSize: text,
        partitionKeys: text,
        shards: { type: 'integer', minimum: 1 },
        stream: text,
        wire: { enum: ['json', 'cbor'] },
        seed: count,
        workers: { type: 'integer', minimum: 1 },
        verify: { type: 'boolean' },
      },
      // The model names its own parameter.
      if: { properties: { model: { const: 'open' } } },
      then: { required: ['rate'] },
      else: { required: ['connections'] },
    },
    versions: { type: 'object', additionalProperties: { type: 'string' } },
    machine: {
      type: 'object',
      additionalProperties: false,
      required: ['cpuModel', 'cores', 'node', 'os'],
      properties: {
        cpuModel: { type: 'string' },
        cores: { type: 'integer', minimum: 1 },
        node: { type: 'string' },
        os: { type: 'string' },
      },
    },
    startedAt: { type: 'string', pattern: ISO_TIMESTAMP },
    endedAt: { type: 'string', pattern: ISO_TIMESTAMP },
    interrupted: { type: 'boolean' },
    measuredSeconds: nonNegative,
    totals: {
      type: 'object',
      additionalProperties: false,
      required: ['requests', 'records', 'bytes', 'recordErrors', 'httpErrors', 'dropped'],
      properties: {
        requests: count,
        records: count,
        bytes: count,
        recordErrors: counts,
        httpErrors: counts,
        dropped: count,
        transportErrors: counts,
      },
    },
    rates: {
      type: 'object',
      additionalProperties: false,
      required: ['requestsPerSecond', 'recordsPerSecond', 'megabytesPerSecond'],
      properties: {
        requestsPerSecond: nonNegative,
        recordsPerSecond: nonNegative,
        megabytesPerSecond: nonNegative,
      },
    },
    latencyMs: {
      type: 'object',
      additionalProperties: false,
      required: ['p50', 'p90', 'p99', 'p999', 'max', 'mean'],
      properties: {
        p50: nonNegative,
        p90: nonNegative,
        p99: nonNegative,
        p999: nonNegative,
        max: nonNegative,
        mean: nonNegative,
      },
    },
    percentiles: {
      type: 'array',
      items: {
        type: 'array',
        minItems: 2,
        maxItems: 2,
        items: [
          { type: 'number', minimum: 0, maximum: 100 },
          { type: 'number', minimum: 0 },
        ],
      },
    },
    timeSeries: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['t', 'requests', 'records', 'bytes', 'recordErrors', 'httpErrors', 'p50', 'p99'],
        properties: {
          t: count,
          requests: count,
          records: count,
          bytes: count,
          recordErrors: count,
          httpErrors: count,
          p50: nonNegative,
          p99: nonNegative,
        },
      },
    },
    verification: {
      type: 'object',
      additionalProperties: false,
      required: ['acknowledged', 'found', 'lost', 'duplicated', 'reordered'],
      properties: {
        acknowledged: count,
        found: count,
        lost: count,
        duplicated: count,
        reordered: count,
        unacknowledgedFound: count,
      },
    },
  },
} as const;

const ajv = new Ajv({ allErrors: true, strictTuples: false });
const validate = ajv.compile<LoadResult>(LOAD_RESULT_SCHEMA);

function formatAjvErrors(errors: readonly ErrorObject[]): string[] {
  return errors.map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

/** The schema's complaints about `value` as readable lines; empty when it is a valid load.json. */
export function loadResultSchemaErrors(value: unknown): string[] {
  if (validate(value)) return [];
  return formatAjvErrors(validate.errors ?? []);
}

export function isLoadResult(value: unknown): value is LoadResult {
  return validate(value);
}
