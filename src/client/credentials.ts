/**
 * Credentials for a run: explicit flags win; against a given endpoint, the standard AWS chain (environment,
 * shared config, SSO, process, container and instance metadata); when that finds nothing, dummy ones, since
 * emulators do not verify signatures. The embedded reference server needs none (the global setup signs with
 * its own). Secrets are never printed.
 */
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface ResolvedCredentials {
  readonly credentials?: Credentials;
  /** Where they came from, for one line on the terminal (never the secret). */
  readonly source: 'flags' | 'aws-chain' | 'dummy' | 'embedded';
  readonly note?: string;
}

/** Dummy credentials for emulators that accept any signature. */
export const DUMMY_CREDENTIALS: Credentials = { accessKeyId: 'kcs-dummy', secretAccessKey: 'kcs-dummy' };

/** Instance-metadata lookups give up quickly: a laptop has no IMDS and a run should not wait for it. */
const CHAIN_TIMEOUT_MS = 1_000;

export type CredentialChain = () => Promise<Credentials>;

export async function resolveCredentials(
  explicit: { readonly accessKeyId?: string; readonly secretAccessKey?: string },
  endpointGiven: boolean,
  chain: CredentialChain = fromNodeProviderChain({ timeout: CHAIN_TIMEOUT_MS, maxRetries: 0 }),
): Promise<ResolvedCredentials> {
  if (explicit.accessKeyId !== undefined && explicit.secretAccessKey !== undefined) {
    return {
      credentials: { accessKeyId: explicit.accessKeyId, secretAccessKey: explicit.secretAccessKey },
      source: 'flags',
    };
  }
  if (!endpointGiven) return { source: 'embedded' };
  try {
    const found = await chain();
    return {
      credentials: {
        accessKeyId: found.accessKeyId,
        secretAccessKey: found.secretAccessKey,
        ...(found.sessionToken ? { sessionToken: found.sessionToken } : {}),
      },
      source: 'aws-chain',
    };
  } catch {
    return {
      credentials: DUMMY_CREDENTIALS,
      source: 'dummy',
      note: 'no AWS credentials found; signing with dummy ones (emulators do not verify signatures)',
    };
  }
}
