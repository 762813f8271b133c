import { historyFailure, type HistoryCheck, type HistoryFailure } from './history-check.ts';
import { ShardLogModel, type ModelContext, type StepJudge } from './shard-log-model.ts';

/**
 * Over a random sequence of PutRecords, PutRecord, GetShardIterator, GetRecords and ListShards calls, every
 * answer agrees with a model of each shard's log: writes land in the routed shard with increasing sequence
 * numbers, reads return exactly the model's records from the iterator's position on, in order.
 */
export const sequenceMatchesModel: HistoryCheck<ModelContext> = {
  id: 'model.sequence-matches-model',
  title: 'Every answer in a random sequence of writes and reads agrees with a model of the shard logs',
  severity: 'must',
  source:
    'seed putrecords.md (order, ShardId and SequenceNumber of written messages); AWS-M PutRecord, GetShardIterator, GetRecords, ListShards; behaviour.md 4 and 5',
  judge(ctx) {
    if (ctx.steps.length === 0) return { cannotJudge: 'no step was recorded' };
    const model = new ShardLogModel(ctx.profile, ctx.shards, stepJudge(this));
    for (const step of ctx.steps) {
      const failure = model.apply(step);
      if (failure) return failure;
    }
    return undefined;
  },
};

/** The words a model reports its failures in: this check's. */
export function stepJudge(check: HistoryCheck<ModelContext>): StepJudge {
  return {
    fail: (expected, received, evidence): HistoryFailure =>
      historyFailure(check, expected, received, evidence),
  };
}
