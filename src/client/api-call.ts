/**
 * One JSON 1.1 call through the suite's client, reduced to what `kcs check` needs around the suites (probe
 * the target before the run, delete the run's streams after it): the status, the body and the AWS error name.
 */
import type { Target } from './exchange.ts';
import { send } from './send.ts';
import type { OperationName } from '../protocol/operations.ts';

export interface ApiReply {
  readonly status: number;
  /** The decoded body, or undefined when empty or undecodable. */
  readonly body: unknown;
  /** The AWS error name (`__type` without its namespace), when the reply is an error. */
  readonly errorType?: string;
  readonly errorMessage?: string;
}

/** Sends one operation as JSON 1.1, signed when the target has credentials. Transport failures throw TransportError. */
export async function callApi(
  target: Target,
  operation: OperationName,
  input: Record<string, unknown>,
  options: { readonly timeoutMs: number },
): Promise<ApiReply> {
  const exchange = await send(
    target,
    { operation, body: input, wire: 'json' },
    { timeoutMs: options.timeoutMs },
  );
  const fields = (exchange.body ?? {}) as Record<string, unknown>;
  const rawType = typeof fields['__type'] === 'string' ? fields['__type'] : undefined;
  const message = fields['message'] ?? fields['Message'];
  return {
    status: exchange.status,
    body: exchange.body,
    // AWS sends `__type` either bare or as `namespace#Name`.
    ...(rawType !== undefined ? { errorType: rawType.slice(rawType.lastIndexOf('#') + 1) } : {}),
    ...(typeof message === 'string' ? { errorMessage: message } : {}),
  };
}
