import { setTimeout as delay } from 'node:timers/promises';
import type { ShardRange } from '../checks/check.ts';
import { KcsError, TransportError } from '../errors.ts';
import type { OperationName } from '../protocol/operations.ts';
import type { WireFormat } from '../protocol/wire.ts';
import type { ApiRequest, Exchange, Target } from './exchange.ts';
import { setupAnswerProblem, type SetupOperation } from './setup-answers.ts';
import { send, type SendOptions } from './send.ts';

/**
 * A setup call (CreateStream, DescribeStreamSummary, ListShards, DeleteStream, GetShardIterator, GetRecords)
 * answered outside its contract (setup-answers.ts), or not answered at all. It carries which call, what was
 * sent and what came back, so a run can report it as a verdict.
 */
export class UnexpectedResponseError extends KcsError {
  constructor(
    /** The call in words: `CreateStream kcs-1a2b3c4d-put-records`. */
    readonly call: string,
    /** What was wrong, one line: `answered HTTP 200 where /Shards must be array`. */
    readonly problem: string,
    readonly request: ApiRequest,
    /** The answer, when one came. */
    readonly exchange?: Exchange,
    options?: { cause?: unknown },
  ) {
    super('KCS_UNEXPECTED_RESPONSE', `${call} ${problem}`, options);
  }
}

export interface RecordValue {
  readonly PartitionKey: string;
  readonly Data: Uint8Array;
  readonly ExplicitHashKey?: string;
}

export interface KinesisApiOptions extends SendOptions {
  readonly wire?: WireFormat;
  /** How long createStream waits for ACTIVE, and the pause between polls. */
  readonly activeTimeoutMs?: number;
  readonly pollIntervalMs?: number;
}

/** AWS-M ListShards MaxResults upper bound, and a bound on pages against a NextToken that never ends. */
const LIST_SHARDS_PAGE = 10_000;
const MAX_PAGES = 100;

/** A blob as the wire carries it: base64 text in JSON, a byte string in CBOR. */
export function blob(wire: WireFormat, bytes: Uint8Array): string | Uint8Array {
  return wire === 'json'
    ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
    : bytes;
}

/** What a suite needs around PutRecords: stream setup and read-back, each one Exchange under the hood. */
export class KinesisApi {
  readonly wire: WireFormat;
  constructor(
    readonly target: Target,
    private readonly options: KinesisApiOptions = {},
  ) {
    this.wire = options.wire ?? 'json';
  }

  /** Any request value, as it is (negative tests). */
  send(request: ApiRequest): Promise<Exchange> {
    return send(this.target, request, this.options);
  }

  call(operation: OperationName, body: unknown, wire: WireFormat = this.wire): Promise<Exchange> {
    return send(this.target, { operation, body, wire }, this.options);
  }

  async createStream(name: string, shards: number): Promise<void> {
    await this.setupCall('CreateStream', { StreamName: name, ShardCount: shards }, `CreateStream ${name}`);
    const timeoutMs = this.options.activeTimeoutMs ?? 120_000;
    const pollMs = this.options.pollIntervalMs ?? 250;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const call = `DescribeStreamSummary ${name}`;
      const summary = await this.setupCall('DescribeStreamSummary', { StreamName: name }, call);
      // Checked by setupCall: an object with a StreamStatus from the model's enum.
      const status = (summary.body as { StreamDescriptionSummary: { StreamStatus: string } })
        .StreamDescriptionSummary.StreamStatus;
      if (status === 'ACTIVE') return;
      if (Date.now() > deadline)
        throw new UnexpectedResponseError(
          call,
          `still answered StreamStatus ${status} after ${timeoutMs} ms: the stream never became ACTIVE`,
          summary.request,
          summary,
        );
      // AWS takes seconds to activate a stream; polling needs a pause to stay under its request rate.
      await delay(pollMs);
    }
  }

  async deleteStream(name: string): Promise<void> {
    await this.setupCall(
      'DeleteStream',
      { StreamName: name, EnforceConsumerDeletion: true },
      `DeleteStream ${name}`,
    );
  }

  /** Every shard with its hash-key range (all pages). */
  async listShards(name: string): Promise<ShardRange[]> {
    const out: ShardRange[] = [];
    let body: Record<string, unknown> = { StreamName: name, MaxResults: LIST_SHARDS_PAGE };
    const call = `ListShards ${name}`;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await this.setupCall('ListShards', body, call);
      // Checked by setupCall: shard ids and decimal hash keys.
      const reply = res.body as {
        Shards?: { ShardId: string; HashKeyRange: { StartingHashKey: string; EndingHashKey: string } }[];
        NextToken?: string | null;
      };
      for (const s of reply.Shards ?? []) {
        out.push({
          shardId: s.ShardId,
          startingHashKey: BigInt(s.HashKeyRange.StartingHashKey),
          endingHashKey: BigInt(s.HashKeyRange.EndingHashKey),
        });
      }
      if (!reply.NextToken) {
        if (out.length === 0)
          throw new UnexpectedResponseError(
            call,
            'listed no shard for a stream it created',
            res.request,
            res,
          );
        return out;
      }
      body = { NextToken: reply.NextToken, MaxResults: LIST_SHARDS_PAGE };
    }
    throw new UnexpectedResponseError(call, `answered more than ${MAX_PAGES} pages`, {
      operation: 'ListShards',
      wire: this.wire,
      body,
    });
  }

  putRecords(stream: string, records: readonly RecordValue[]): Promise<Exchange> {
    return this.call('PutRecords', {
      StreamName: stream,
      Records: records.map((r) => ({ ...r, Data: blob(this.wire, r.Data) })),
    });
  }

  async getShardIterator(stream: string, shardId: string, type = 'TRIM_HORIZON'): Promise<string> {
    const res = await this.setupCall(
      'GetShardIterator',
      { StreamName: stream, ShardId: shardId, ShardIteratorType: type },
      `GetShardIterator ${stream}/${shardId}`,
    );
    return (res.body as { ShardIterator: string }).ShardIterator;
  }

  async getRecords(iterator: string): Promise<{ records: unknown[]; next: string | undefined }> {
    const res = await this.setupCall('GetRecords', { ShardIterator: iterator }, 'GetRecords');
    const body = (res.body ?? {}) as { Records?: unknown[]; NextShardIterator?: string | null };
    return { records: body.Records ?? [], next: body.NextShardIterator ?? undefined };
  }

  /**
   * A setup call: answered, with HTTP 200 and the members the suite reads in the types the model gives them,
   * else an UnexpectedResponseError saying which call, what was sent and what came back.
   */
  async setupCall(operation: SetupOperation, body: unknown, call: string): Promise<Exchange> {
    const request: ApiRequest = { operation, body, wire: this.wire };
    let res: Exchange;
    try {
      res = await this.send(request);
    } catch (err) {
      if (!(err instanceof TransportError)) throw err;
      throw new UnexpectedResponseError(call, `got no answer: ${err.message}`, request, undefined, {
        cause: err,
      });
    }
    const problem = setupAnswerProblem(operation, res);
    if (problem !== undefined) throw new UnexpectedResponseError(call, problem, request, res);
    return res;
  }
}
