import { setTimeout as delay } from 'node:timers/promises';
import type { ShardRange } from '../checks/check.ts';
import { KcsError } from '../errors.ts';
import type { OperationName } from '../protocol/operations.ts';
import type { WireFormat } from '../protocol/wire.ts';
import type { ApiRequest, Exchange, Target } from './exchange.ts';
import { send, type SendOptions } from './send.ts';

/** A setup call (CreateStream, ListShards...) answered with something other than success. */
export class UnexpectedResponseError extends KcsError {
  constructor(
    message: string,
    readonly exchange?: Exchange,
  ) {
    super('KCS_UNEXPECTED_RESPONSE', message);
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
    const created = await this.call('CreateStream', { StreamName: name, ShardCount: shards });
    this.expectOk(created, `CreateStream ${name}`);
    const timeoutMs = this.options.activeTimeoutMs ?? 120_000;
    const pollMs = this.options.pollIntervalMs ?? 250;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const summary = await this.call('DescribeStreamSummary', { StreamName: name });
      this.expectOk(summary, `DescribeStreamSummary ${name}`);
      const status = (summary.body as { StreamDescriptionSummary?: { StreamStatus?: unknown } })
        .StreamDescriptionSummary?.StreamStatus;
      if (status === 'ACTIVE') return;
      if (Date.now() > deadline)
        throw new UnexpectedResponseError(
          `stream ${name} not ACTIVE after ${timeoutMs} ms (${String(status)})`,
        );
      // AWS takes seconds to activate a stream; polling needs a pause to stay under its request rate.
      await delay(pollMs);
    }
  }

  async deleteStream(name: string): Promise<void> {
    const res = await this.call('DeleteStream', { StreamName: name, EnforceConsumerDeletion: true });
    this.expectOk(res, `DeleteStream ${name}`);
  }

  /** Every shard with its hash-key range (all pages). */
  async listShards(name: string): Promise<ShardRange[]> {
    const out: ShardRange[] = [];
    let body: Record<string, unknown> = { StreamName: name, MaxResults: LIST_SHARDS_PAGE };
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await this.call('ListShards', body);
      this.expectOk(res, `ListShards ${name}`);
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
      if (!reply.NextToken) return out;
      body = { NextToken: reply.NextToken, MaxResults: LIST_SHARDS_PAGE };
    }
    throw new UnexpectedResponseError(`ListShards ${name}: more than ${MAX_PAGES} pages`);
  }

  putRecords(stream: string, records: readonly RecordValue[]): Promise<Exchange> {
    return this.call('PutRecords', {
      StreamName: stream,
      Records: records.map((r) => ({ ...r, Data: blob(this.wire, r.Data) })),
    });
  }

  async getShardIterator(stream: string, shardId: string, type = 'TRIM_HORIZON'): Promise<string> {
    const res = await this.call('GetShardIterator', {
      StreamName: stream,
      ShardId: shardId,
      ShardIteratorType: type,
    });
    this.expectOk(res, `GetShardIterator ${stream}/${shardId}`);
    return (res.body as { ShardIterator: string }).ShardIterator;
  }

  async getRecords(
    iterator: string,
  ): Promise<{ records: { SequenceNumber: string; PartitionKey: string }[]; next: string | undefined }> {
    const res = await this.call('GetRecords', { ShardIterator: iterator });
    this.expectOk(res, 'GetRecords');
    const body = res.body as {
      Records?: { SequenceNumber: string; PartitionKey: string }[];
      NextShardIterator?: string | null;
    };
    return { records: body.Records ?? [], next: body.NextShardIterator ?? undefined };
  }

  private expectOk(res: Exchange, what: string): void {
    if (res.status === 200) return;
    const body = res.body as { __type?: unknown; message?: unknown; Message?: unknown } | undefined;
    const detail = body
      ? `${String(body.__type)}: ${String(body.message ?? body.Message ?? '')}`
      : res.rawBody.toString('utf8', 0, 200);
    throw new UnexpectedResponseError(`${what} answered HTTP ${res.status} ${detail}`, res);
  }
}
