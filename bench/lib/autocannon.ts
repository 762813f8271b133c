/**
 * autocannon's programmatic API (autocannon 8, a dev dependency without type definitions), typed for what
 * the benchmarks use: one closed-loop run of `connections` keep-alive connections sending one fixed request.
 */
import { createRequire } from 'node:module';

export interface AutocannonOptions {
  readonly url: string;
  readonly method: 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly connections: number;
  /** Seconds. */
  readonly duration: number;
  readonly pipelining: number;
  /** Seconds without an answer before a request counts as a timeout. */
  readonly timeout: number;
}

interface Stats {
  readonly average: number;
  readonly mean: number;
  readonly stddev: number;
  readonly min: number;
  readonly max: number;
  readonly total: number;
  readonly p50: number;
  readonly p99: number;
}

/** The fields of autocannon's result (lib/aggregateResult.js) that the benchmarks read. */
export interface AutocannonResult {
  /** Seconds from start to finish, to 10 ms. */
  readonly duration: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly '2xx': number;
  /** Milliseconds, over the 2xx answers. */
  readonly latency: Stats;
  /** Per-second samples; `total` is every completed request. */
  readonly requests: Stats & { readonly sent: number };
  readonly throughput: Stats;
}

type Autocannon = (options: AutocannonOptions) => Promise<AutocannonResult>;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export function runAutocannon(options: AutocannonOptions): Promise<AutocannonResult> {
  return autocannon(options);
}

export function autocannonVersion(): string {
  const pkg = createRequire(import.meta.url)('autocannon/package.json') as { version: string };
  return pkg.version;
}
