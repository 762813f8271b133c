import { CONTENT_TYPES, encodeCbor, TARGET_PREFIX } from '../protocol/wire.ts';
import type { ApiRequest, HttpRequest, Target } from './exchange.ts';

/**
 * ApiRequest -> unsigned HttpRequest, as the JSON 1.1 / CBOR 1.1 protocol frames it (AWS-M metadata:
 * POST to the endpoint's path (`/` for AWS), X-Amz-Target `Kinesis_20131202.<Op>`, the wire's Content-Type).
 */
export function build(target: Target, request: ApiRequest): HttpRequest {
  const { endpoint } = target;
  const body =
    request.rawBody ??
    (request.wire === 'json' ? Buffer.from(JSON.stringify(request.body), 'utf8') : encodeCbor(request.body));
  const headers: Record<string, string> = {
    host: endpoint.host,
    'content-type': CONTENT_TYPES[request.wire],
    'x-amz-target': `${TARGET_PREFIX}.${request.operation}`,
  };
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    const key = name.toLowerCase();
    if (value === null) delete headers[key];
    else headers[key] = value;
  }
  return { url: `${endpoint.origin}${endpoint.path}`, method: request.method ?? 'POST', headers, body };
}
