import type { ProfileName } from '../profiles/profile.ts';
import type { Endpoint } from '../protocol/endpoint.ts';
import type { WireFormat } from '../protocol/wire.ts';

/**
 * What the conformance suites get (vitest `provide`/`inject`, as the `kcs` key): the target and how to
 * exercise it. `runCheck` builds it from its resolved options and hands it to vitest in the inline config,
 * so the suites read exactly what the run decided: no environment variables, no second set of defaults.
 */
export interface SuiteConfig {
  readonly endpoint: Endpoint;
  readonly region: string;
  readonly profile: ProfileName;
  readonly wire: WireFormat;
  /** fast-check seed: printed and recorded so every generated case can be replayed. */
  readonly seed: number;
  /** fast-check runs per property. */
  readonly runs: number;
  /** Every stream the suite creates starts with this (unique per run); it touches no other stream. */
  readonly streamPrefix: string;
  /** The suite refuses to hold more shards than this at a time (real endpoints cost money). */
  readonly maxShards: number;
  /** Resolved credentials (from flags or the standard AWS chain), or undefined to send unsigned. */
  readonly credentials?: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
  /** True when the target is the embedded reference server started by the global setup. */
  readonly embedded: boolean;
}

declare module 'vitest' {
  export interface ProvidedContext {
    kcs: SuiteConfig;
  }
}
