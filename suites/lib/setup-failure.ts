/**
 * A setup call that broke its contract, as a verdict: which call, what was sent (as a value and a curl line)
 * and what came back, as plain data the reporters can show. Checks that needed the call are skipped with its
 * reason; a failure after the checks (DeleteStream) reaches the reporter as a SetupFailureError.
 */
import { build } from '../../src/client/build.ts';
import { curlLine } from '../../src/client/curl.ts';
import type { Target } from '../../src/client/exchange.ts';
import type { UnexpectedResponseError } from '../../src/client/kinesis-api.ts';
import { sign } from '../../src/client/sign.ts';
import { KcsError } from '../../src/errors.ts';
import type { SetupFailureRecord } from '../../src/report/check-result.ts';
import { requestView, responseView } from '../../src/report/exchange-view.ts';

/** The longest skip reason a setup failure gives its checks (a reason is one line). */
const REASON_LIMIT = 300;

export async function setupFailureRecord(
  err: UnexpectedResponseError,
  target: Target,
): Promise<SetupFailureRecord> {
  // No answer came: the request is rebuilt (and signed again) for the curl line.
  const http = err.exchange?.http ?? (await sign(target, build(target, err.request)).catch(() => undefined));
  return {
    call: err.call,
    problem: err.problem,
    request: requestView(err.request),
    ...(http ? { curl: curlLine(http, { region: target.region }) } : {}),
    ...(err.exchange ? { response: responseView(err.exchange) } : {}),
  };
}

/** The skip reason of a check that could not run: the first setup failure, in one line. */
export function blockedReason(failures: readonly SetupFailureRecord[]): string {
  const first = failures[0]!;
  const more = failures.length > 1 ? ` (and ${failures.length - 1} more setup failures)` : '';
  const text = `could not run: ${first.call} ${first.problem}`.replace(/\s+/g, ' ');
  return text.length + more.length > REASON_LIMIT
    ? `${text.slice(0, REASON_LIMIT - more.length - 3)}...${more}`
    : `${text}${more}`;
}

/**
 * Thrown by a suite's teardown when a setup call after the checks failed (DeleteStream). vitest serializes an
 * error's own fields, so the collector finds the records in `kcsSetupFailures`.
 */
export class SetupFailureError extends KcsError {
  constructor(readonly kcsSetupFailures: readonly SetupFailureRecord[]) {
    super('KCS_SETUP_FAILURE', kcsSetupFailures.map((f) => `${f.call} ${f.problem}`).join('; '));
  }
}
