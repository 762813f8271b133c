/**
 * Protocol-level conformance (behaviour.md 1.2): a well-formed PutRecords changed in one thing each (method,
 * Content-Type, X-Amz-Target, body) is sent once to a 1-shard stream, and each case's check judges the
 * answers to its requests against the profile. A request left without any answer (the connection closed)
 * fails its case's check.
 */
import { afterAll, beforeAll, inject, test } from 'vitest';
import type { CheckContext } from '../../src/checks/check.ts';
import { PROTOCOL_CHECKS } from '../../src/checks/protocol-answer.ts';
import { TransportError } from '../../src/errors.ts';
import { protocolRequests } from '../../src/generators/protocol-cases.ts';
import type { ProtocolCase } from '../../src/profiles/profile.ts';
import { runCheck } from '../lib/harness.ts';
import { Session } from '../lib/session.ts';

const cfg = inject('kcs');
const session = new Session(cfg);
const STREAM = { suffix: 'protocol', shards: 1 };
const stream = session.name(STREAM.suffix);

beforeAll(() => session.createStreams([STREAM]));
afterAll(() => session.close());

interface Observation {
  readonly kase: ProtocolCase;
  readonly name: string;
  /** The answer, or why there was none. */
  readonly outcome: { readonly ctx: CheckContext } | { readonly transportError: string };
}

let observed: Promise<Observation[]> | undefined;

/** Every case's requests, sent once, one at a time. */
function observations(): Promise<Observation[]> {
  observed ??= (async () => {
    const out: Observation[] = [];
    for (const { kase, name, request } of protocolRequests(stream, cfg.wire)) {
      try {
        out.push({ kase, name, outcome: { ctx: await session.send(request) } });
      } catch (err) {
        if (!(err instanceof TransportError)) throw err;
        out.push({ kase, name, outcome: { transportError: err.message } });
      }
    }
    return out;
  })();
  return observed;
}

// No describe block: the test's name is exactly the check id (the reporters' contract).
for (const [kase, check] of Object.entries(PROTOCOL_CHECKS) as [
  ProtocolCase,
  (typeof PROTOCOL_CHECKS)[ProtocolCase],
][]) {
  test(check.id, (t) =>
    runCheck(t, check, session, async (run) => {
      const mine = (await observations()).filter((o) => o.kase === kase);
      const answered = mine.flatMap((o) =>
        'ctx' in o.outcome ? [{ name: o.name, ctx: o.outcome.ctx }] : [],
      );
      run.judge(answered);
      for (const o of mine)
        if ('transportError' in o.outcome)
          throw new Error(`${o.name}: no answer (${o.outcome.transportError})`);
    }),
  );
}
