/**
 * Control-plane calls around a run (create, describe and delete the stream; read it back for --verify): JSON
 * 1.1 through the same request builder and signer the generators use, sent with undici.
 */
import { request } from 'undici';
import { TransportError } from '../errors.ts';
import type { OperationName } from '../protocol/operations.ts';
import { nodeSigningCrypto } from './node-crypto.ts';
import { errorTypeOf } from './outcome.ts';
import type { Endpoint } from '../protocol/endpoint.ts';
import { buildJsonRequest, SigV4Signer, type SigningCredentials } from './request.ts';

export interface ControlTarget {
  readonly endpoint: Endpoint;
  readonly region: string;
  readonly credentials?: SigningCredentials;
  readonly timeoutMs: number;
}

export interface ControlReply {
  readonly status: number;
  readonly body: Record<string, unknown>;
  /** The AWS error name, when the reply is an error. */
  readonly errorType?: string;
}

export type Control = (
  operation: OperationName,
  input: Readonly<Record<string, unknown>>,
) => Promise<ControlReply>;

export function createControl(target: ControlTarget): Control {
  const { endpoint } = target;
  const signer = target.credentials
    ? new SigV4Signer(target.credentials, target.region, nodeSigningCrypto)
    : undefined;
  return async (operation, input) => {
    const parts = buildJsonRequest(endpoint, operation, input);
    const headers = signer
      ? signer.sign(parts, nodeSigningCrypto.sha256Hex(parts.body), Date.now())
      : { ...parts.headers };
    let text: string;
    let status: number;
    try {
      const res = await request(`${endpoint.origin}${parts.path}`, {
        method: 'POST',
        headers,
        body: parts.body,
        headersTimeout: target.timeoutMs,
        bodyTimeout: target.timeoutMs,
        signal: AbortSignal.timeout(target.timeoutMs),
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new TransportError(`${operation} to ${endpoint.url} failed: ${reason}`, { cause: err });
    }
    let body: Record<string, unknown> = {};
    try {
      const parsed: unknown = text === '' ? {} : JSON.parse(text);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
        body = parsed as Record<string, unknown>;
    } catch {
      // Not JSON (an HTML error page, XML): the status says what happened.
    }
    const errorType = status === 200 ? undefined : (errorTypeOf(body) ?? `HTTP ${status}`);
    return { status, body, ...(errorType !== undefined ? { errorType } : {}) };
  };
}
