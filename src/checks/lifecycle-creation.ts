import { historyFailure, type HistoryCheck } from './history-check.ts';
import { errorKindOf, statusOf, type CreationContext } from './lifecycle-view.ts';
import { describeResponse, errorType } from './view.ts';

const DESCRIBE = 'DescribeStreamSummary';

/**
 * Right after CreateStream the stream is CREATING or already ACTIVE, and it becomes ACTIVE within the
 * suite's wait, never passing through another state or back.
 */
export const creatingThenActive: HistoryCheck<CreationContext> = {
  id: 'lifecycle.creating-then-active',
  title: 'A new stream is CREATING, then ACTIVE within a bounded wait, and in no other state',
  severity: 'must',
  source:
    'AWS-M CreateStream ("Upon receiving a CreateStream request, Kinesis Data Streams immediately returns and sets the stream status to CREATING. After the stream is created, Kinesis Data Streams sets the stream status to ACTIVE"), StreamStatus; behaviour.md 5 "CreateStream"',
  judge(ctx) {
    if (ctx.create.status !== 200)
      return historyFailure(
        this,
        'CreateStream of a new name answered HTTP 200',
        describeResponse(ctx.create),
        ctx.create,
      );
    const polls = ctx.events.filter((e) => e.request.operation === DESCRIBE);
    if (polls.length === 0) return { cannotJudge: 'DescribeStreamSummary was never called' };
    let active = false;
    for (const [i, poll] of polls.entries()) {
      const status = statusOf(poll);
      const when = i === 0 ? 'right after CreateStream' : `at look ${i + 1}`;
      if (status !== 'CREATING' && status !== 'ACTIVE')
        return historyFailure(
          this,
          `DescribeStreamSummary ${when}: StreamStatus CREATING or ACTIVE`,
          status === undefined ? describeResponse(poll) : `StreamStatus ${JSON.stringify(status)}`,
          poll,
        );
      if (status === 'CREATING' && active)
        return historyFailure(
          this,
          `DescribeStreamSummary ${when}: ACTIVE, as it was before`,
          'StreamStatus CREATING',
          poll,
        );
      active ||= status === 'ACTIVE';
    }
    if (active) return undefined;
    return historyFailure(
      this,
      `StreamStatus ACTIVE within ${ctx.gaveUpAfterMs ?? 0} ms of CreateStream`,
      `CREATING at each of ${polls.length} looks`,
      polls.at(-1)!,
    );
  },
};

/**
 * A write sent while the stream was CREATING (DescribeStreamSummary said so before and after it) gets the
 * profile's answer. Judged only on a target that shows CREATING long enough for a write to fall in it.
 */
export const writeWhileCreating: HistoryCheck<CreationContext> = {
  id: 'lifecycle.write-while-creating',
  title: 'Writes to a stream still CREATING get the documented error',
  severity: 'must',
  source:
    'behaviour.md 4.4 "CREATING" (AWS: ResourceNotFoundException for PutRecord and PutRecords, KL-T createStream, V-AWS historical), 6 row 19',
  judge(ctx) {
    const kind = errorKindOf(ctx.profile, ctx.profile.writeWhileCreating);
    let judged = 0;
    for (const [i, write] of ctx.events.entries()) {
      if (write.request.operation === DESCRIBE) continue;
      const before = ctx.events.slice(0, i).findLast((e) => e.request.operation === DESCRIBE);
      const after = ctx.events.slice(i + 1).find((e) => e.request.operation === DESCRIBE);
      if (!before || !after || statusOf(before) !== 'CREATING' || statusOf(after) !== 'CREATING') continue;
      judged++;
      if (write.status === kind.status && errorType(write.body) === kind.type) continue;
      return historyFailure(
        this,
        `${write.request.operation} to a stream in CREATING refused with HTTP ${kind.status} ${kind.type}`,
        describeResponse(write),
        write,
      );
    }
    if (judged > 0) return undefined;
    return {
      cannotJudge:
        'no write fell between two looks that both showed CREATING (the stream was ACTIVE too soon)',
    };
  },
};
