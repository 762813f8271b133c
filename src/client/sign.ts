import { SignatureV4 } from '@smithy/signature-v4';
import { SignatureError } from '../errors.ts';
import type { HttpRequest, Target } from './exchange.ts';
import { NodeSha256 } from '../protocol/sha256.ts';

/** Kinesis's SigV4 signing name (AWS-M metadata `signingName`). */
export const SIGNING_SERVICE = 'kinesis';

const signers = new WeakMap<Target, SignatureV4>();

function signerFor(target: Target): SignatureV4 | undefined {
  if (!target.credentials) return undefined;
  let signer = signers.get(target);
  if (!signer) {
    signer = new SignatureV4({
      credentials: target.credentials,
      region: target.region,
      service: SIGNING_SERVICE,
      sha256: NodeSha256,
    });
    signers.set(target, signer);
  }
  return signer;
}

/** Signs with SigV4 when the target has credentials; returns the request unchanged otherwise. */
export async function sign(target: Target, http: HttpRequest): Promise<HttpRequest> {
  const signer = signerFor(target);
  if (!signer) return http;
  const url = new URL(http.url);
  try {
    const signed = await signer.sign({
      method: http.method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname || '/',
      query: {},
      headers: { ...http.headers },
      body: http.body,
    });
    return { ...http, headers: signed.headers };
  } catch (err) {
    throw new SignatureError(`cannot sign for ${target.endpoint.url}: ${String(err)}`, { cause: err });
  }
}
