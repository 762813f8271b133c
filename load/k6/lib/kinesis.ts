/**
 * Kinesis calls from k6: build (src/load/request.ts), sign (SigV4 over k6/crypto), send (k6/http), decode
 * (JSON, or CBOR by lib/cbor.ts). The control plane (CreateStream, DescribeStreamSummary, DeleteStream) is
 * JSON 1.1 whatever WIRE says; PutRecords goes on the configured wire.
 */
import http, { type RefinedResponse, type ResponseType } from 'k6/http';
import { errorTypeOf } from '../../../src/load/outcome.ts';
import { buildJsonRequest, buildRequest, SigV4Signer, type HttpParts } from '../../../src/load/request.ts';
import type { OperationName } from '../../../src/protocol/operations.ts';
import { decodeCbor, utf8Decode } from './cbor.ts';
import type { K6Config } from './config.ts';
import { k6SigningCrypto, toArrayBuffer } from './k6-crypto.ts';

export interface Reply {
  /** 0: the exchange broke off (refused, reset, timed out) before a status. */
  readonly status: number;
  /** The decoded body; undefined when empty or undecodable. */
  readonly body: unknown;
  /** k6's error code for a transport failure (https://grafana.com/docs/k6/latest/javascript-api/error-codes/). */
  readonly errorCode: number;
  /** Waiting for a connection, connecting, TLS, sending, waiting and receiving (ms). */
  readonly latencyMs: number;
}

function decode(res: RefinedResponse<'binary'>): unknown {
  const body = res.body;
  if (body === null || body.byteLength === 0) return undefined;
  const bytes = new Uint8Array(body);
  const type = (res.headers['Content-Type'] ?? '').toLowerCase();
  try {
    return type.includes('cbor') ? decodeCbor(bytes) : JSON.parse(utf8Decode(bytes, 0, bytes.length));
  } catch {
    return undefined;
  }
}

export class KinesisClient {
  private readonly signer: SigV4Signer | undefined;
  private readonly url: string;

  constructor(private readonly config: K6Config) {
    this.signer = config.credentials
      ? new SigV4Signer(config.credentials, config.region, k6SigningCrypto)
      : undefined;
    this.url = `${config.endpoint.origin}${config.endpoint.path}`;
  }

  /** Sends `parts` whose body is `body` (the same bytes) and whose SHA-256 is `payloadHash`. */
  send(parts: HttpParts, body: ArrayBuffer, payloadHash: string, tags: Record<string, string>): Reply {
    const headers = this.signer ? this.signer.sign(parts, payloadHash, Date.now()) : { ...parts.headers };
    const responseType: ResponseType = 'binary';
    const res = http.post(this.url, body, {
      headers,
      tags,
      timeout: `${this.config.timeoutMs}ms`,
      responseType,
    }) as RefinedResponse<'binary'>;
    const t = res.timings;
    return {
      status: res.status,
      body: res.status === 0 ? undefined : decode(res),
      errorCode: res.error_code,
      latencyMs: t.blocked + t.connecting + t.tls_handshaking + t.duration,
    };
  }

  /** A control-plane call in JSON 1.1, tagged with its operation name. */
  call(operation: OperationName, input: Readonly<Record<string, unknown>>): Reply {
    const parts = buildJsonRequest(this.config.endpoint, operation, input);
    return this.send(parts, toArrayBuffer(parts.body), k6SigningCrypto.sha256Hex(parts.body), {
      name: operation,
    });
  }

  putRecordsParts(bytes: Uint8Array): HttpParts {
    return buildRequest(this.config.endpoint, 'PutRecords', this.config.wire, bytes);
  }
}

/** The AWS error name of a reply, or `HTTP <status>`, for messages. */
export function describeReply(reply: Reply): string {
  if (reply.status === 0) return `no reply (k6 error code ${reply.errorCode})`;
  return `${reply.status} ${errorTypeOf(reply.body) ?? ''}`.trim();
}
