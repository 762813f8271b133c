/**
 * The request pipeline, in AWS's order (behaviour.md 1.3): method -> Content-Type -> body (size cap) ->
 * parse -> X-Amz-Target -> auth -> types -> constraints -> operation. What each protocol-level step reads and
 * answers is the profile's (profile.protocol, read by protocol-level.ts). Every failure is an AWS-shaped
 * answer (or AWS's XML one, where the profile says so); an unexpected exception is a 500 InternalFailure with
 * a body, and the server keeps serving.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Http2ServerRequest, Http2ServerResponse } from 'node:http2';
import type { Profile, ProtocolError } from '../profiles/profile.ts';
import type { OperationName } from '../protocol/operations.ts';
import { decodeBody, type WireFormat } from '../protocol/wire.ts';
import { verifySigV4 } from './auth/sigv4.ts';
import { AwsError } from './aws-error.ts';
import { maxBodyBytes } from './body-limit.ts';
import type { OperationContext } from './operation.ts';
import { OPERATION_TABLE } from './operations/index.ts';
import { INTERNAL_FAILURE_MESSAGE } from './operations/routing.ts';
import type { ResolvedServerOptions } from './options.ts';
import {
  contentTypeReader,
  protocolAwsError,
  protocolXml,
  targetReader,
  type ProtocolFacts,
} from './protocol-level.ts';
import { encodeResponse, responseHeaders } from './responses.ts';
import type { StreamStore } from './store/stream-store.ts';
import type { Shape } from './validation/rules.ts';
import { validateInput } from './validation/validate.ts';

export type Request = IncomingMessage | Http2ServerRequest;
export type Response = ServerResponse | Http2ServerResponse;

export interface HandlerState {
  readonly profile: Profile;
  readonly store: StreamStore;
  readonly options: ResolvedServerOptions;
  readonly random: () => number;
}

export interface Handler {
  (req: Request, res: Response): void;
  /** Counters for the CLI's summary and for tests. */
  readonly stats: { requests: number; errors4xx: number; errors5xx: number };
}

function headerOf(req: Request, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function send(
  res: Response,
  status: number,
  headers: Record<string, string | number>,
  body: Buffer | string,
): void {
  if (res.headersSent || res.destroyed) return;
  // The HTTP/1 and HTTP/2 compatibility responses share this shape; TypeScript cannot unify their overloads.
  (res as ServerResponse).writeHead(status, headers);
  (res as ServerResponse).end(body);
}

export function createHandler(state: HandlerState): Handler {
  const { profile, options } = state;
  const { protocol } = profile;
  const wireOf = contentTypeReader(protocol);
  const targetOf = targetReader(protocol);
  const limit = maxBodyBytes(profile);
  const shapes = new Map<OperationName, Shape>();
  for (const [name, op] of Object.entries(OPERATION_TABLE))
    shapes.set(name as OperationName, op.shape(profile));
  const stats = { requests: 0, errors4xx: 0, errors5xx: 0 };

  const sendError = (res: Response, format: WireFormat | undefined, err: AwsError): void => {
    if (err.status >= 500) stats.errors5xx++;
    else stats.errors4xx++;
    const body = encodeResponse(format ?? 'json', err.toBody(), true);
    send(res, err.status, responseHeaders(format, Buffer.byteLength(body)), body);
  };

  const sendXml = (res: Response, status: number, xml: string): void => {
    stats.errors4xx++;
    const headers = responseHeaders(undefined, Buffer.byteLength(xml));
    headers['content-type'] = 'application/xml';
    send(res, status, headers, xml);
  };

  /** A request refused at the protocol level, answered as the profile says (before any operation). */
  const refuse = (
    res: Response,
    format: WireFormat | undefined,
    answer: ProtocolError,
    facts: ProtocolFacts = {},
  ): void =>
    answer.body === 'xml'
      ? sendXml(res, answer.status, protocolXml(answer, facts))
      : sendError(res, format, protocolAwsError(answer, facts));

  const dispatch = (req: Request, res: Response, format: WireFormat, body: Buffer): void | Promise<void> => {
    if (body.length === 0) return refuse(res, format, protocol.emptyBody, { format });
    let parsed: unknown;
    try {
      parsed = decodeBody(format, body);
    } catch {
      return refuse(res, format, protocol.malformedBody, { format });
    }
    const target = targetOf(headerOf(req, 'x-amz-target'));
    if ('refused' in target) return refuse(res, format, target.refused, target);
    const opName = target.operation;
    if (options.auth.mode === 'sigv4') {
      const request = { method: req.method ?? 'POST', path: req.url ?? '/', headers: req.headers, body };
      const config = { credentials: options.auth.credentials, region: options.auth.region };
      return verifySigV4(request, config, Date.now()).then((failure) => {
        if (failure) throw new AwsError(profile.errors[failure.kind], failure.message);
        execute(res, format, opName, parsed);
      });
    }
    execute(res, format, opName, parsed);
  };

  const execute = (res: Response, format: WireFormat, opName: OperationName, parsed: unknown): void => {
    const op = OPERATION_TABLE[opName];
    const input =
      op.fastInput?.(parsed, profile, format) ?? validateInput(parsed, shapes.get(opName)!, profile, format);
    const ctx: OperationContext = {
      profile,
      store: state.store,
      options,
      nowMs: Date.now(),
      random: state.random,
    };
    const result = op.run(ctx, input);
    const out =
      result === undefined
        ? ''
        : format === 'json' && op.renderJson
          ? op.renderJson(result)
          : encodeResponse(format, result, op.plain === true);
    // Encoded once: Buffer.byteLength and then end() would each walk (and flatten) a long rendered string.
    const bytes = typeof out === 'string' ? Buffer.from(out, 'utf8') : out;
    send(res, 200, responseHeaders(format, bytes.length), bytes);
  };

  const fail = (res: Response, format: WireFormat, err: unknown): void => {
    if (err instanceof AwsError) return sendError(res, format, err);
    options.log?.(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    sendError(res, format, new AwsError(profile.errors.internalFailure, INTERNAL_FAILURE_MESSAGE));
  };

  const handler = ((req: Request, res: Response): void => {
    stats.requests++;
    if (req.method !== 'POST') {
      req.resume();
      return refuse(res, undefined, protocol.otherwise.nonPost);
    }
    const format = wireOf(headerOf(req, 'content-type'));
    if (!format) {
      req.resume();
      // behaviour.md 1.2 (KL-T, V-AWS): AWS says UnknownOperation when the target names an operation, and
      // AccessDenied when it cannot tell which operation is meant.
      const target = targetOf(headerOf(req, 'x-amz-target'));
      const answer =
        'operation' in target ? protocol.missingContentType : protocol.otherwise.contentTypeWithoutTarget;
      return refuse(res, undefined, answer, 'refused' in target ? target : { method: target.operation });
    }
    const declared = Number(headerOf(req, 'content-length') ?? 0);
    if (declared > limit) {
      return refuseTooLarge(req, res, format);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) {
        refused = true;
        chunks.length = 0;
        refuseTooLarge(req, res, format);
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => {
      refused = true;
    });
    req.on('end', () => {
      if (refused) return;
      const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size);
      try {
        dispatch(req, res, format, body)?.catch((err: unknown) => fail(res, format, err));
      } catch (err) {
        fail(res, format, err);
      }
    });
  }) as Handler;

  const refuseTooLarge = (req: Request, res: Response, format: WireFormat): void => {
    // Stop reading: for HTTP/1.1 the connection is closed after the answer, as the rest of the body is unread.
    if ('shouldKeepAlive' in res) res.shouldKeepAlive = false;
    sendError(
      res,
      format,
      new AwsError(profile.errors.requestTooLarge, `Request body exceeds ${limit} bytes.`),
    );
    req.resume();
  };

  Object.defineProperty(handler, 'stats', { value: stats });
  return handler;
}
