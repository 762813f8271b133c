/**
 * Runs one check as one vitest test named by its id: sets `task.meta.kcs` (the reporters' contract),
 * skips with the check's reason where it does not apply, and on failure records the shrunk counterexample
 * (request value, curl line, response, seed, path) before throwing "Expected ... / Received ...".
 */
import fc from 'fast-check';
import type { TestContext } from 'vitest';
import type { ApiRequest, Exchange } from '../../src/client/exchange.ts';
import { curlLine } from '../../src/client/curl.ts';
import type { Check, CheckContext, Failure } from '../../src/checks/check.ts';
import type { CheckRecord } from '../../src/report/check-result.ts';
import type { Session } from './session.ts';

/** A check's verdict on one exchange, thrown inside a property so fast-check shrinks towards it. */
export class CounterExample extends Error {
  constructor(
    readonly failure: Failure,
    readonly exchange: Exchange,
    readonly caseName?: string,
  ) {
    super(`Expected ${failure.expected}\nReceived ${failure.received}`);
    this.name = 'CounterExample';
  }
}

export interface Runner {
  /** Judges exchanges already made (enumerated cases): every one is looked at, the first failure is reported. */
  judge(contexts: readonly { readonly name: string; readonly ctx: CheckContext }[]): void;
  /** A fast-check property: `run` sends what the value describes and returns the contexts to judge. */
  property<T>(arb: fc.Arbitrary<T>, run: (value: T) => Promise<readonly CheckContext[]>): Promise<void>;
}

/** fast-check gives up shrinking after this long and reports the smallest counterexample found so far. */
const SHRINK_TIME_LIMIT_MS = 60_000;

export async function runCheck(
  t: TestContext,
  check: Check,
  session: Session,
  body: (runner: Runner) => Promise<void>,
): Promise<void> {
  const record: CheckRecord = {
    checkId: check.id,
    title: check.title,
    severity: check.severity,
    source: check.source,
  };
  t.task.meta.kcs = record;
  const skipReason = check.skipReason?.(session.profile);
  if (skipReason !== undefined) {
    t.task.meta.kcs = { ...record, skipReason };
    t.skip(skipReason);
    return;
  }
  const seed = session.cfg.seed;
  let path: string | undefined;
  const runner: Runner = {
    judge(contexts) {
      for (const { name, ctx } of contexts) {
        const failure = check.judge(ctx);
        if (failure) throw new CounterExample(failure, ctx.exchange, name);
      }
    },
    async property(arb, run) {
      const details = await fc.check(
        fc.asyncProperty(arb, async (value) => {
          for (const ctx of await run(value)) {
            const failure = check.judge(ctx);
            if (failure) throw new CounterExample(failure, ctx.exchange);
          }
        }),
        {
          seed,
          numRuns: session.cfg.runs,
          interruptAfterTimeLimit: SHRINK_TIME_LIMIT_MS,
          markInterruptAsFailure: false,
        },
      );
      if (!details.failed) return;
      path = details.counterexamplePath ?? undefined;
      if (details.errorInstance instanceof CounterExample) throw details.errorInstance;
      throw new Error(
        `the property broke off (seed ${seed}, path ${String(path)}): ${String(details.errorInstance)}`,
        { cause: details.errorInstance },
      );
    },
  };
  try {
    await body(runner);
  } catch (err) {
    if (!(err instanceof CounterExample)) throw err;
    const { failure, exchange } = err;
    t.task.meta.kcs = {
      ...record,
      failure: {
        ...failure,
        request: describeRequest(exchange.request),
        curl: curlLine(exchange.http, { region: session.cfg.region }),
        response: {
          status: exchange.status,
          headers: { ...exchange.headers },
          body: clipValue(exchange.body),
        },
        seed,
        ...(path !== undefined ? { path } : {}),
      },
    };
    const where = err.caseName ? ` (case: ${err.caseName})` : '';
    // No `cause`: vitest would print the whole counterexample, base64 Data of up to 5 MiB included. The
    // report carries the request, the response and a curl line instead.
    // eslint-disable-next-line preserve-caught-error
    throw new Error(`Expected ${failure.expected}\nReceived ${failure.received}${where}`);
  }
}

/** The request as a value a report can hold: large blobs and strings are summarised. */
export function describeRequest(request: ApiRequest): unknown {
  return {
    operation: request.operation,
    wire: request.wire,
    body: clipValue(request.body),
    ...(request.headers ? { headers: request.headers } : {}),
    ...(request.rawBody ? { rawBody: clipValue(request.rawBody.toString('utf8')) } : {}),
  };
}

const MAX_STRING = 1024;

function clipValue(value: unknown): unknown {
  if (typeof value === 'string')
    return value.length > MAX_STRING ? `${value.slice(0, 64)}... (${value.length} characters)` : value;
  if (value instanceof Uint8Array) return `(${value.length} bytes)`;
  if (Array.isArray(value)) return value.map(clipValue);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clipValue(v)]));
  return value;
}
