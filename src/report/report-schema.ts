/**
 * The JSON Schema of report.json, compiled once. `kcs check` validates every report before writing it, so
 * a consumer (CI, a dashboard) can rely on this shape.
 */
import { Ajv, type ErrorObject } from 'ajv';

const ISO_TIMESTAMP = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$';

const count = { type: 'integer', minimum: 0 } as const;

const EXPECTED_FAILURE = {
  type: 'object',
  additionalProperties: false,
  required: ['category', 'source'],
  properties: {
    category: { enum: ['unsupported-feature', 'known-bug', 'allowed-variance'] },
    source: { type: 'string' },
  },
} as const;

/** The target's whole answer (exchange-view.ts): status, headers, the body as text. */
const RESPONSE = {
  type: 'object',
  additionalProperties: false,
  required: ['status', 'headers', 'body'],
  properties: {
    status: { type: 'integer' },
    headers: { type: 'object', additionalProperties: { type: 'string' } },
    body: {
      type: 'object',
      additionalProperties: false,
      required: ['form', 'bytes', 'text', 'clipped'],
      properties: {
        form: { enum: ['empty', 'json', 'cbor', 'text', 'hex'] },
        bytes: count,
        text: { type: 'string' },
        clipped: { type: 'boolean' },
        decodeError: { type: 'string' },
      },
    },
  },
} as const;

const FAILURE = {
  type: 'object',
  additionalProperties: false,
  required: ['received'],
  properties: {
    case: { type: 'string' },
    expected: { type: 'string' },
    received: { type: 'string' },
    signature: { type: 'string' },
    request: {},
    response: RESPONSE,
    curl: { type: 'string' },
    seed: { type: 'integer' },
    path: { type: 'string' },
    expectedFailure: EXPECTED_FAILURE,
  },
} as const;

const SETUP_FAILURE = {
  type: 'object',
  additionalProperties: false,
  required: ['call', 'problem', 'checks'],
  properties: {
    call: { type: 'string', minLength: 1 },
    problem: { type: 'string', minLength: 1 },
    request: {},
    curl: { type: 'string' },
    response: RESPONSE,
    checks: { type: 'array', items: { type: 'string', minLength: 1 } },
  },
} as const;

export const REPORT_SCHEMA = {
  $id: 'https://kinesis-conformance/report.schema.json',
  type: 'object',
  additionalProperties: false,
  required: [
    'target',
    'profile',
    'wire',
    'seed',
    'runs',
    'versions',
    'startedAt',
    'endedAt',
    'summary',
    'checks',
    'setupFailures',
    'problems',
  ],
  properties: {
    target: {
      type: 'object',
      additionalProperties: false,
      required: ['endpoint', 'embedded', 'name', 'region'],
      properties: {
        endpoint: { type: 'string', pattern: '^https?://' },
        embedded: { type: 'boolean' },
        name: { type: 'string', minLength: 1 },
        region: { type: 'string', minLength: 1 },
      },
    },
    profile: { enum: ['yds', 'aws'] },
    wire: { enum: ['json', 'cbor'] },
    seed: { type: 'integer' },
    runs: { type: 'integer', minimum: 1 },
    only: { type: 'array', items: { type: 'string', minLength: 1 } },
    areas: { type: 'array', items: { type: 'string', minLength: 1 } },
    versions: {
      type: 'object',
      additionalProperties: false,
      required: ['kcs', 'node', 'vitest', 'fast-check'],
      properties: {
        kcs: { type: 'string', minLength: 1 },
        node: { type: 'string', minLength: 1 },
        vitest: { type: 'string', minLength: 1 },
        'fast-check': { type: 'string', minLength: 1 },
      },
    },
    startedAt: { type: 'string', pattern: ISO_TIMESTAMP },
    endedAt: { type: 'string', pattern: ISO_TIMESTAMP },
    summary: {
      type: 'object',
      additionalProperties: false,
      required: ['passed', 'failed', 'skipped', 'expectedFailures'],
      properties: { passed: count, failed: count, skipped: count, expectedFailures: count },
    },
    checks: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'title', 'severity', 'status', 'durationMs'],
        properties: {
          id: { type: 'string', minLength: 1 },
          title: { type: 'string' },
          severity: { enum: ['must', 'should'] },
          source: { type: 'string' },
          status: { enum: ['passed', 'failed', 'skipped', 'expected-failure'] },
          durationMs: { type: 'number', minimum: 0 },
          reason: { type: 'string' },
          expected: { type: 'string' },
          received: { type: 'string' },
          curl: { type: 'string' },
          failures: { type: 'array', items: FAILURE },
          moreFailures: { type: 'array', items: FAILURE },
          searchNote: { type: 'string' },
          blockedBy: { type: 'array', items: count },
          expectedFailure: EXPECTED_FAILURE,
        },
        allOf: [
          // A failed check says why; a skipped one too.
          {
            if: { properties: { status: { enum: ['failed', 'skipped', 'expected-failure'] } } },
            then: { required: ['reason'] },
          },
          {
            if: { properties: { status: { const: 'expected-failure' } } },
            then: { required: ['expectedFailure'] },
          },
        ],
      },
    },
    setupFailures: { type: 'array', items: SETUP_FAILURE },
    problems: { type: 'array', items: { type: 'string', minLength: 1 } },
  },
} as const;

const ajv = new Ajv({ allErrors: true });
const validate = ajv.compile(REPORT_SCHEMA);

/** The schema's complaints about `value` as readable lines; empty when it is a valid report. */
export function reportSchemaErrors(value: unknown): string[] {
  if (validate(value)) return [];
  return formatAjvErrors(validate.errors ?? []);
}

export function formatAjvErrors(errors: readonly ErrorObject[]): string[] {
  return errors.map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}
