/**
 * The protocol-level cases (behaviour.md 1.2) as the request shows them: a request is the case of the one
 * thing it does differently from a well-formed POST (another method, a Content-Type removed or replaced,
 * another X-Amz-Target, an empty or unreadable body). The classification reads the request value only, so
 * each protocol check can tell its own exchanges from any other.
 */
import type { ApiRequest, Exchange } from '../client/exchange.ts';
import type { ProtocolCase } from '../profiles/profile.ts';
import { isOperationName } from '../protocol/operations.ts';
import { CONTENT_TYPES, decodeBody, TARGET_PREFIX, wireFormatOf } from '../protocol/wire.ts';

/** behaviour.md 1.2 "application/x-amz-json-1.0": the JSON protocol's older version. */
export const AMZ_JSON_1_0 = 'application/x-amz-json-1.0';

function header(request: ApiRequest, name: string): string | null | undefined {
  const entry = Object.entries(request.headers ?? {}).find(([k]) => k.toLowerCase() === name);
  return entry?.[1];
}

export function protocolCaseOf(request: ApiRequest): ProtocolCase | undefined {
  if (request.method !== undefined && request.method !== 'POST') return 'nonPost';
  const contentType = header(request, 'content-type');
  if (contentType === null) return 'missingContentType';
  if (contentType !== undefined) {
    if (contentType === AMZ_JSON_1_0) return 'amzJson10';
    if (wireFormatOf(contentType) === undefined) return 'unknownContentType';
  }
  const target = header(request, 'x-amz-target');
  if (typeof target === 'string') {
    const dot = target.indexOf('.');
    const service = dot < 0 ? target : target.slice(0, dot);
    if (service !== TARGET_PREFIX) return 'wrongService';
    if (!isOperationName(target.slice(dot + 1))) return 'unknownOperation';
  }
  if (request.rawBody === undefined) return undefined;
  if (request.rawBody.length === 0) return 'emptyBody';
  return parses(request) ? undefined : 'malformedBody';
}

function parses(request: ApiRequest): boolean {
  try {
    decodeBody(wireFormatOf(header(request, 'content-type') ?? undefined) ?? request.wire, request.rawBody!);
    return true;
  } catch {
    return false;
  }
}

/** The Content-Type the request declared: its wire's, unless a header replaced or removed it. */
export function declaredContentType(request: ApiRequest): string | undefined {
  const contentType = header(request, 'content-type');
  if (contentType === null) return undefined;
  return contentType ?? CONTENT_TYPES[request.wire];
}

/** The root element of an XML body (`<AccessDeniedException>` -> AccessDeniedException), or undefined. */
export function xmlRoot(exchange: Exchange): string | undefined {
  const text = exchange.rawBody.toString('utf8', 0, 512);
  return /^\s*(?:<\?xml[^>]*\?>\s*)?<([A-Za-z_][\w.-]*)[\s/>]/.exec(text)?.[1];
}
