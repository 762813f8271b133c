/**
 * The commands of the model-based run: each sends one call, records it as a ModelStep and has the model judge
 * it (src/checks/shard-log-model.ts). A broken answer throws the check's CounterExample, which fast-check
 * shrinks to the shortest sequence of commands that still breaks it.
 */
import type fc from 'fast-check';
import type { ApiRequest } from '../../src/client/exchange.ts';
import type { KinesisApi } from '../../src/client/kinesis-api.ts';
import type { ShardLogModel, ModelStep } from '../../src/checks/shard-log-model.ts';
import { errorType, isObject } from '../../src/checks/view.ts';
import type { RecordSpec } from '../../src/generators/batch.ts';
import type { ModelCommand } from '../../src/generators/model-commands.ts';
import type { RecordTagger } from '../../src/generators/tagged-records.ts';
import { counterExample } from './history-harness.ts';
import type { ReadPacer } from './read-pacer.ts';
import { putRecordRequest, putRecordsRequest } from './recorder.ts';

export interface ModelReal {
  readonly api: KinesisApi;
  readonly stream: string;
  readonly pacer: ReadPacer;
  readonly tagger: RecordTagger;
  /** The iterators the run holds, by the number the model gave them. */
  readonly iterators: string[];
}

/** A record spec in a few characters: its key (clipped), Data size and ExplicitHashKey if any. */
function describeSpec(r: RecordSpec): string {
  const key = r.partitionKey.length > 8 ? `${r.partitionKey.slice(0, 8)}...` : r.partitionKey;
  return `${JSON.stringify(key)}:${r.dataBytes}B${r.explicitHashKey !== undefined ? `@${r.explicitHashKey}` : ''}`;
}

export class ModelCall implements fc.AsyncCommand<ShardLogModel, ModelReal> {
  constructor(readonly command: ModelCommand) {}

  check(m: Readonly<ShardLogModel>): boolean {
    const c = this.command;
    if (c.kind === 'GetRecords') return m.iteratorCount() > 0;
    if (c.kind === 'GetShardIterator' && c.type !== 'LATEST') return m.log(this.shardOf(m)).length > 0;
    return true;
  }

  async run(m: ShardLogModel, r: ModelReal): Promise<void> {
    const step = await this.send(m, r);
    const read = step.kind === 'GetRecords' || step.kind === 'GetShardIterator';
    if (read && errorType(step.exchange.body) === m.profile.errors.throughputExceeded.type)
      r.pacer.throttled();
    const held = m.iteratorCount();
    const failure = m.apply(step);
    if (failure) throw counterExample(failure);
    if (m.iteratorCount() > held) {
      const body = isObject(step.exchange.body) ? step.exchange.body : {};
      r.iterators.push(String(body['ShardIterator'] ?? body['NextShardIterator']));
    }
  }

  toString(): string {
    const c = this.command;
    switch (c.kind) {
      case 'PutRecords':
        return `PutRecords([${c.records.map(describeSpec).join(', ')}])`;
      case 'PutRecord':
        return `PutRecord(${describeSpec(c.record)})`;
      case 'GetShardIterator':
        return `GetShardIterator(shard #${c.shard}, ${c.type}${c.type === 'LATEST' ? '' : ` of record #${c.record}`})`;
      case 'GetRecords':
        return `GetRecords(iterator #${c.iterator}, Limit ${c.limit})`;
      case 'ListShards':
        return 'ListShards()';
    }
  }

  private shardOf(m: Readonly<ShardLogModel>): string {
    const c = this.command as { shard: number };
    return m.shards[c.shard % m.shards.length]!.shardId;
  }

  private async send(m: ShardLogModel, r: ModelReal): Promise<ModelStep> {
    const c = this.command;
    const call = (request: ApiRequest) => r.api.send(request);
    switch (c.kind) {
      case 'PutRecords': {
        const records = r.tagger.records(c.records);
        return {
          kind: 'PutRecords',
          records,
          exchange: await call(putRecordsRequest(r.api, r.stream, records)),
        };
      }
      case 'PutRecord': {
        const record = r.tagger.record(c.record);
        return { kind: 'PutRecord', record, exchange: await call(putRecordRequest(r.api, r.stream, record)) };
      }
      case 'GetShardIterator': {
        const shardId = this.shardOf(m);
        const log = m.log(shardId);
        const start =
          c.type === 'LATEST'
            ? ({ type: 'LATEST' } as const)
            : { type: c.type, sequenceNumber: log[c.record % log.length]!.sequenceNumber };
        await r.pacer.take(shardId);
        const exchange = await r.api.call('GetShardIterator', {
          StreamName: r.stream,
          ShardId: shardId,
          ShardIteratorType: start.type,
          ...(start.type === 'LATEST' ? {} : { StartingSequenceNumber: start.sequenceNumber }),
        });
        return { kind: 'GetShardIterator', shardId, start, exchange };
      }
      case 'GetRecords': {
        const iterator = c.iterator % m.iteratorCount();
        await r.pacer.take(m.iteratorShard(iterator)!);
        const exchange = await r.api.call('GetRecords', {
          ShardIterator: r.iterators[iterator],
          Limit: c.limit,
        });
        return { kind: 'GetRecords', iterator, limit: c.limit, exchange };
      }
      case 'ListShards':
        return { kind: 'ListShards', exchange: await r.api.call('ListShards', { StreamName: r.stream }) };
    }
  }
}
