import type { Profile } from '../profiles/profile.ts';
import type { WireFormat } from '../protocol/wire.ts';
import type { ResolvedServerOptions } from './options.ts';
import type { StreamStore } from './store/stream-store.ts';
import type { Shape } from './validation/rules.ts';
import type { Checked } from './validation/types.ts';

export interface OperationContext {
  readonly profile: Profile;
  readonly store: StreamStore;
  readonly options: ResolvedServerOptions;
  readonly nowMs: number;
  /** Seeded: draws for --fail-rate. */
  readonly random: () => number;
}

/**
 * One API operation: its input shape (validation rules as data, built from the profile) and its action.
 * `run` returns the response body, or undefined for AWS's empty 200 (CreateStream, DeleteStream).
 * Values may hold Buffers (blobs) and Dates (timestamps); the wire encoder renders them.
 */
export interface Operation {
  /** True when responses hold no Buffers or Dates, so JSON needs no replacer (the PutRecords hot path). */
  readonly plain?: boolean;
  /** A hand-written JSON renderer for a hot response, equal to JSON.stringify of `run`'s result. */
  readonly renderJson?: (result: object) => string;
  shape(profile: Profile): Shape;
  /** A one-pass check of the common valid request; undefined sends the request to the generic engine. */
  readonly fastInput?: (body: unknown, profile: Profile, wire: WireFormat) => Checked | undefined;
  run(ctx: OperationContext, input: Checked): object | undefined;
}
