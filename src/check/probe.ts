/**
 * Before a run against a given endpoint, one ListStreams call with a short timeout: an unreachable target
 * or rejected credentials stop `kcs check` with one line instead of a suite full of transport failures.
 */
import type { Target } from '../client/exchange.ts';
import { TransportError } from '../errors.ts';
import { AWS_ERRORS } from '../profiles/common.ts';
import { callApi } from '../client/api-call.ts';

/** How long the probe waits for an answer. */
export const PROBE_TIMEOUT_MS = 5_000;

/** AWS errors that mean "these credentials will not do" rather than "this endpoint behaves oddly". */
const AUTH_ERRORS = new Set<string>(
  [
    AWS_ERRORS.accessDenied,
    AWS_ERRORS.missingAuthenticationToken,
    AWS_ERRORS.incompleteSignature,
    AWS_ERRORS.invalidSignature,
    AWS_ERRORS.unrecognizedClient,
  ].map((k) => k.type),
);

export type ProbeResult =
  | { readonly ok: true; readonly status: number; readonly note?: string }
  | { readonly ok: false; readonly reason: string };

export async function probeEndpoint(target: Target, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  try {
    const reply = await callApi(target, 'ListStreams', { Limit: 1 }, { timeoutMs });
    if (reply.errorType !== undefined && AUTH_ERRORS.has(reply.errorType)) {
      return {
        ok: false,
        reason: `credentials rejected: ${reply.errorType}: ${reply.errorMessage ?? ''}`.trim(),
      };
    }
    if (reply.status !== 200) {
      // Not fatal: judging odd answers is the suite's job. Say so once, though.
      return {
        ok: true,
        status: reply.status,
        note: `ListStreams answered ${reply.status}${reply.errorType ? ` ${reply.errorType}` : ''}`,
      };
    }
    return { ok: true, status: reply.status };
  } catch (err) {
    if (err instanceof TransportError) return { ok: false, reason: errorCodeOf(err) ?? err.message };
    throw err;
  }
}

/** The system or undici error code behind a transport failure (ECONNREFUSED, ENOTFOUND, UND_ERR_...). */
function errorCodeOf(err: unknown): string | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && !code.startsWith('KCS_')) return code;
  }
  return undefined;
}
