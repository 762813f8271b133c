/**
 * What IncreaseStreamRetentionPeriod and DecreaseStreamRetentionPeriod share, tested once per operation
 * (mirrors src/server/operations/retention-period.ts): the bounds of AWS-M at n-1, n and n+1, the checks
 * against the current period, and the answer in each lifecycle state.
 */
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../../src/profiles/index.ts';
import { call, expectError, expectMessage, expectViolations, violation } from '../../helpers/api.ts';
import { byArn, expectByArn, PROFILE_NAMES, refusesUnlessActive, streamArn, useServers } from './fixtures.ts';

type RetentionOperation = 'IncreaseStreamRetentionPeriod' | 'DecreaseStreamRetentionPeriod';

/** The server's default retention is AWS's default period (AWS-M RetentionPeriodHours: 24). */
const DEFAULT_HOURS = 24;

export function retentionPeriodTests(op: RetentionOperation): void {
  describe.each(PROFILE_NAMES)(`${op} (%s profile)`, (name) => {
    const profile = PROFILES[name];
    const { min, max } = profile.streams.retentionHours;
    const ERR = profile.errors;
    const server = useServers(name);
    const change = (body: unknown): ReturnType<typeof call> => call(server.url, op, body);
    const hoursOf = async (stream: string): Promise<number> => {
      const res = await call<{ StreamDescriptionSummary: { RetentionPeriodHours: number } }>(
        server.url,
        'DescribeStreamSummary',
        { StreamName: stream },
      );
      return res.body.StreamDescriptionSummary.RetentionPeriodHours;
    };
    /** A stream whose period is `hours`, set through the other operation where needed. */
    async function streamAt(hours: number): Promise<string> {
      const stream = await server.fresh();
      if (hours !== DEFAULT_HOURS) {
        const via = hours > DEFAULT_HOURS ? 'IncreaseStreamRetentionPeriod' : 'DecreaseStreamRetentionPeriod';
        const res = await call(server.url, via, { StreamName: stream, RetentionPeriodHours: hours });
        expect(res.status, res.text).toBe(200);
      }
      expect(await hoursOf(stream)).toBe(hours);
      return stream;
    }

    describe(`bounds (${min}..${max} hours)`, () => {
      it(`refuses ${min - 1} hours`, async () => {
        expectMessage(
          await change({ StreamName: await server.fresh(), RetentionPeriodHours: min - 1 }),
          ERR.invalidArgument,
          `Minimum allowed retention period is ${min} hours. Requested retention period (${min - 1} hours) is too short.`,
        );
      });

      it(`refuses ${max + 1} hours`, async () => {
        expectMessage(
          await change({ StreamName: await server.fresh(), RetentionPeriodHours: max + 1 }),
          ERR.invalidArgument,
          `Maximum allowed retention period is ${max} hours. Requested retention period (${max + 1} hours) is too long.`,
        );
      });

      const accepted =
        op === 'IncreaseStreamRetentionPeriod'
          ? [min, min + 1, max - 1, max].map((hours) => ({ from: min, hours }))
          : [min, min + 1, max - 1, max].map((hours) => ({ from: max, hours }));
      it.each(accepted)('sets $hours hours on a stream at $from', async ({ from, hours }) => {
        const stream = await streamAt(from);
        expect((await change({ StreamName: stream, RetentionPeriodHours: hours })).status).toBe(200);
        expect(await hoursOf(stream)).toBe(hours);
      });
    });

    it(byArn(profile, 'the stream'), async () => {
      const stream = await streamAt(op === 'IncreaseStreamRetentionPeriod' ? min : max);
      const hours = op === 'IncreaseStreamRetentionPeriod' ? min + 1 : max - 1;
      const res = await change({ StreamARN: streamArn(stream), RetentionPeriodHours: hours });
      await expectByArn(profile, res, async () => {
        expect(res.status).toBe(200);
        expect(await hoursOf(stream)).toBe(hours);
      });
    });

    it('refuses a change the other way, naming the other operation', async () => {
      const stream = await streamAt(48);
      const [hours, relation, other] =
        op === 'IncreaseStreamRetentionPeriod'
          ? [47, 'shorter', 'DecreaseRetentionPeriod']
          : [49, 'longer', 'IncreaseRetentionPeriod'];
      expectMessage(
        await change({ StreamName: stream, RetentionPeriodHours: hours }),
        ERR.invalidArgument,
        `Requested retention period (${hours} hours) for stream ${stream} can not be ${relation} than existing retention period (48 hours). Use ${other} API.`,
      );
      expect(await hoursOf(stream)).toBe(48);
    });

    describe('request errors', () => {
      it('needs RetentionPeriodHours, an integer', async () => {
        const stream = await server.fresh();
        expectViolations(await change({ StreamName: stream }), profile, [
          violation(null, 'retentionPeriodHours', 'Member must not be null'),
        ]);
        expectError(await change({ StreamName: stream, RetentionPeriodHours: '48' }), ERR.serialization);
      });

      it('answers a stream that does not exist with ResourceNotFoundException', async () => {
        expectError(await change({ StreamName: 'missing', RetentionPeriodHours: 48 }), ERR.resourceNotFound);
      });
    });

    refusesUnlessActive(server, profile, op, { RetentionPeriodHours: DEFAULT_HOURS });
  });
}
