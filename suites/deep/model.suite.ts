/**
 * Model-based sequences: fast-check generates long random sequences of PutRecords, PutRecord,
 * GetShardIterator, GetRecords (from iterators the run holds) and ListShards; every answer is judged against a
 * model of each shard's log. A failure shrinks to the shortest sequence that still fails, printed with its
 * replay path; the seed and path are recorded in the report.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, inject, test } from 'vitest';
import { HISTORY_CHECKS } from '../../src/checks/index.ts';
import { stepJudge } from '../../src/checks/sequence-matches-model.ts';
import { ShardLogModel } from '../../src/checks/shard-log-model.ts';
import { modelCommandArb } from '../../src/generators/model-commands.ts';
import { RecordTagger } from '../../src/generators/tagged-records.ts';
import { CounterExample } from '../lib/harness.ts';
import { runPropertyCheck } from '../lib/history-harness.ts';
import { ModelCall, type ModelReal } from '../lib/model-commands.ts';
import { ReadPacer } from '../lib/read-pacer.ts';
import { Session } from '../lib/session.ts';

const cfg = inject('kcs');
const session = new Session(cfg);
const STREAM = { suffix: 'model', shards: Math.min(2, cfg.maxShards) };
const stream = session.name(STREAM.suffix);
/** Commands per run at most: long enough to interleave writes and reads of both shards many times. */
const MAX_COMMANDS = 50;

beforeAll(() => session.createStreams([STREAM]));
afterAll(() => session.close());

const check = HISTORY_CHECKS['model.sequence-matches-model'];
const commands = fc.commands([modelCommandArb(session.profile).map((c) => new ModelCall(c))], {
  maxCommands: MAX_COMMANDS,
  size: 'max',
});

test(check.id, (t) => {
  const tagger = new RecordTagger(cfg.streamPrefix);
  const pacer = new ReadPacer();
  return runPropertyCheck(t, check, session, commands, async (cmds) => {
    const setup = (): { model: ShardLogModel; real: ModelReal } => ({
      model: new ShardLogModel(session.profile, session.shardsOf(stream)!, stepJudge(check)),
      real: { api: session.api, stream, pacer, tagger, iterators: [] },
    });
    try {
      await fc.asyncModelRun(setup, cmds);
    } catch (err) {
      // The commands that ran, with fast-check's replay path: what the report shows of the shrunk case.
      if (err instanceof CounterExample) throw new CounterExample(err.failure, err.exchange, String(cmds));
      throw err;
    }
  });
});
