import { describe, expect, test } from 'vitest';
import type { Exchange } from '../../src/client/exchange.ts';
import { creatingThenActive, writeWhileCreating } from '../../src/checks/lifecycle-creation.ts';
import type { CreationContext } from '../../src/checks/lifecycle-view.ts';
import { aws, yds } from './fixtures.ts';
import { call, CREATED, look, notFound, STREAM, written } from './lifecycle-fixtures.ts';

const context = (events: Exchange[], extra: Partial<CreationContext> = {}): CreationContext => ({
  profile: aws,
  stream: STREAM,
  create: CREATED,
  events,
  ...extra,
});
const refused = [notFound('PutRecords'), notFound('PutRecord')];
const active = (events: Exchange[], extra?: Partial<CreationContext>) =>
  creatingThenActive.judge(context(events, extra));
const whileCreating = (events: Exchange[], extra?: Partial<CreationContext>) =>
  writeWhileCreating.judge(context(events, extra));

describe('lifecycle.creating-then-active', () => {
  test('passes CREATING then ACTIVE, and ACTIVE at once', () => {
    expect(active([look('CREATING'), ...refused, look('CREATING'), look('ACTIVE')])).toBeUndefined();
    expect(active([look('ACTIVE')])).toBeUndefined();
  });

  test('fails another state right after CreateStream, or on the way', () => {
    expect(active([look('UPDATING')])).toMatchObject({
      expected: 'DescribeStreamSummary right after CreateStream: StreamStatus CREATING or ACTIVE',
      received: 'StreamStatus "UPDATING"',
    });
    expect(active([look('CREATING'), look('DELETING')])).toMatchObject({
      expected: expect.stringMatching(/at look 2/),
    });
  });

  test('fails a stream not found right after CreateStream', () => {
    expect(active([notFound('DescribeStreamSummary')])).toMatchObject({
      received: expect.stringMatching(/ResourceNotFoundException/),
    });
  });

  test('fails ACTIVE going back to CREATING, and a stream never ACTIVE within the wait', () => {
    expect(active([look('ACTIVE'), look('CREATING')])).toMatchObject({ received: 'StreamStatus CREATING' });
    expect(active([look('CREATING'), look('CREATING')], { gaveUpAfterMs: 120_000 })).toMatchObject({
      expected: 'StreamStatus ACTIVE within 120000 ms of CreateStream',
    });
  });

  test('fails a refused CreateStream; cannot judge without a look', () => {
    const refusedCreate = call('CreateStream', {}, 400, { __type: 'LimitExceededException', message: 'm' });
    expect(active([look('ACTIVE')], { create: refusedCreate })).toMatchObject({
      received: expect.stringMatching(/LimitExceeded/),
    });
    expect(active([])).toHaveProperty('cannotJudge');
  });
});

describe('lifecycle.write-while-creating', () => {
  test('passes writes between two CREATING looks refused as the profile says', () => {
    expect(whileCreating([look('CREATING'), ...refused, look('CREATING'), look('ACTIVE')])).toBeUndefined();
  });

  test('fails a write accepted while CREATING', () => {
    expect(whileCreating([look('CREATING'), written('PutRecords'), look('CREATING')])).toMatchObject({
      expected: 'PutRecords to a stream in CREATING refused with HTTP 400 ResourceNotFoundException',
      received: 'HTTP 200 with FailedRecordCount 0 and 1 Records',
    });
  });

  test("fails kinesis-mock's ResourceInUseException where the profile documents ResourceNotFoundException", () => {
    const inUse = call('PutRecord', {}, 400, { __type: 'ResourceInUseException', message: 'not ACTIVE' });
    const events = [look('CREATING'), inUse, look('CREATING')];
    expect(whileCreating(events)).toMatchObject({ received: expect.stringMatching(/ResourceInUse/) });
    const inUseProfile = { ...yds, writeWhileCreating: 'ResourceInUseException' as const };
    expect(whileCreating(events, { profile: inUseProfile })).toBeUndefined();
  });

  test('cannot judge writes that may have met an ACTIVE stream, or no CREATING at all', () => {
    expect(whileCreating([look('CREATING'), written('PutRecord'), look('ACTIVE')])).toHaveProperty(
      'cannotJudge',
    );
    expect(whileCreating([look('ACTIVE')])).toHaveProperty('cannotJudge');
  });
});
