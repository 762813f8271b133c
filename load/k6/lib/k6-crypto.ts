/** k6/crypto behind the injected interfaces of the pure modules (Node passes node:crypto instead). */
import { hmac, md5, sha256 } from 'k6/crypto';
import type { Md5Hex } from '../../../src/load/payload.ts';
import type { SigningCrypto } from '../../../src/load/request.ts';

/** The exact bytes of a view as an ArrayBuffer (k6/crypto and k6/http take ArrayBuffer, not views). */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  if (
    bytes.byteOffset === 0 &&
    bytes.byteLength === bytes.buffer.byteLength &&
    bytes.buffer instanceof ArrayBuffer
  )
    return bytes.buffer;
  return bytes.slice().buffer;
}

export const k6SigningCrypto: SigningCrypto = {
  sha256Hex: (data) => sha256(typeof data === 'string' ? data : toArrayBuffer(data), 'hex'),
  hmacSha256: (key, data) =>
    new Uint8Array(hmac('sha256', typeof key === 'string' ? key : toArrayBuffer(key), data, 'binary')),
};

export const k6Md5Hex: Md5Hex = (text) => md5(text, 'hex');
