/** node:crypto behind the injected interfaces of the pure modules (k6 passes k6/crypto instead). */
import { createHash, createHmac, hash } from 'node:crypto';
import type { Md5Hex } from './payload.ts';
import type { SigningCrypto } from './request.ts';

export const nodeSigningCrypto: SigningCrypto = {
  sha256Hex: (data) => createHash('sha256').update(data).digest('hex'),
  hmacSha256: (key, data) => new Uint8Array(createHmac('sha256', key).update(data, 'utf8').digest()),
};

export const nodeMd5Hex: Md5Hex = (text) => hash('md5', text, 'hex');
