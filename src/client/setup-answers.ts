/**
 * What the suite's setup calls (CreateStream, DescribeStreamSummary, ListShards, DeleteStream,
 * GetShardIterator, GetRecords) must answer before anything reads their bodies: HTTP 200, a body in the
 * request's wire format (empty where AWS answers with nothing), and the members the suite goes on to use,
 * with the types the AWS model gives them. Schemas are compiled once (ajv); each complaint is one line.
 */
import { Ajv } from 'ajv';
import type { OperationName } from '../protocol/operations.ts';
import { bodyHint, type Exchange } from './exchange.ts';

/** AWS-M HashKey: a decimal string (the range checks need BigInt of it). */
const DECIMAL = '^(0|[1-9][0-9]*)$';

/** AWS-M StreamStatus. */
const STREAM_STATUSES = ['CREATING', 'DELETING', 'ACTIVE', 'UPDATING'];

export type SetupOperation =
  | 'CreateStream'
  | 'DeleteStream'
  | 'DescribeStreamSummary'
  | 'ListShards'
  | 'GetShardIterator'
  | 'GetRecords';

/** Only the members the suite reads: the rest of an answer is left to the checks. */
const SCHEMAS = {
  // AWS-M CreateStream and DeleteStream have no output: AWS answers 200 with an empty body, YDS with {}.
  CreateStream: {},
  DeleteStream: {},
  DescribeStreamSummary: {
    type: 'object',
    required: ['StreamDescriptionSummary'],
    properties: {
      StreamDescriptionSummary: {
        type: 'object',
        required: ['StreamStatus'],
        properties: { StreamStatus: { enum: STREAM_STATUSES } },
      },
    },
  },
  // AWS-M ListShardsOutput. YDS omits an empty Shards list (behaviour.md 5), so it is not required here.
  ListShards: {
    type: 'object',
    properties: {
      Shards: {
        type: 'array',
        items: {
          type: 'object',
          required: ['ShardId', 'HashKeyRange'],
          properties: {
            ShardId: { type: 'string', minLength: 1 },
            HashKeyRange: {
              type: 'object',
              required: ['StartingHashKey', 'EndingHashKey'],
              properties: {
                StartingHashKey: { type: 'string', pattern: DECIMAL },
                EndingHashKey: { type: 'string', pattern: DECIMAL },
              },
            },
          },
        },
      },
      NextToken: { type: ['string', 'null'] },
    },
  },
  GetShardIterator: {
    type: 'object',
    required: ['ShardIterator'],
    properties: { ShardIterator: { type: 'string', minLength: 1 } },
  },
  // AWS-M GetRecordsOutput. YDS omits an empty Records list (behaviour.md 5). The records themselves are
  // judged by the read-back checks, not here.
  GetRecords: {
    type: 'object',
    properties: {
      Records: { type: 'array' },
      NextShardIterator: { type: ['string', 'null'] },
      MillisBehindLatest: { type: 'number' },
    },
  },
} as const satisfies Record<SetupOperation, object>;

const ajv = new Ajv({ allErrors: true });
const validators = Object.fromEntries(
  Object.entries(SCHEMAS).map(([op, schema]) => [op, ajv.compile(schema)]),
) as Record<SetupOperation, ReturnType<typeof ajv.compile>>;

export function isSetupOperation(operation: OperationName): operation is SetupOperation {
  return Object.hasOwn(SCHEMAS, operation);
}

/** undefined when the answer keeps the contract, else what is wrong with it, in one line ("answered ..."). */
export function setupAnswerProblem(operation: SetupOperation, exchange: Exchange): string | undefined {
  if (exchange.status !== 200) return `answered ${describeAnswer(exchange)}`;
  if (exchange.decodeError !== undefined)
    return `answered HTTP 200 with a body that is not ${exchange.request.wire.toUpperCase()} (${exchange.decodeError})${bodyHint(exchange)}`;
  // An empty body is an answer without members: fine where the model has no output, missing members elsewhere.
  const body = exchange.body === undefined && isEmptyOutput(operation) ? {} : exchange.body;
  const validate = validators[operation];
  if (validate(body)) return undefined;
  if (body === undefined) return 'answered HTTP 200 with an empty body';
  const problems = (validate.errors ?? []).map(
    (e) => `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}`,
  );
  return `answered HTTP 200 where ${problems.join('; ')}`;
}

function isEmptyOutput(operation: SetupOperation): boolean {
  return operation === 'CreateStream' || operation === 'DeleteStream';
}

/** `HTTP 400 ResourceInUseException: Stream x already exists`, or the status with what the body was. */
export function describeAnswer(exchange: Exchange): string {
  const body = exchange.body;
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const fields = body as Record<string, unknown>;
    const type = fields['__type'];
    const message = fields['message'] ?? fields['Message'];
    if (typeof type === 'string')
      return `HTTP ${exchange.status} ${type.slice(type.lastIndexOf('#') + 1)}${typeof message === 'string' ? `: ${clip(message)}` : ''}`;
  }
  if (exchange.rawBody.length === 0) return `HTTP ${exchange.status} with an empty body`;
  if (exchange.decodeError !== undefined)
    return `HTTP ${exchange.status} with a body that is not ${exchange.request.wire.toUpperCase()} (${exchange.decodeError})${bodyHint(exchange)}`;
  return `HTTP ${exchange.status} without an error type`;
}

function clip(text: string, max = 160): string {
  return text.length > max ? `${text.slice(0, max)}...` : text;
}
