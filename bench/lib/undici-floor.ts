/**
 * The floor of any undici-based generator, as a reference row of bench/load-generator.ts: `connections`
 * keep-alive undici Clients, each sending the same fixed unsigned request as autocannon in a closed loop
 * through Client.dispatch with a handler that only counts the answers (no signing, no reading, no
 * histograms but one). What kcs load spends beyond this row is its own; what this row spends beyond
 * autocannon is undici's HTTP/1.1 machinery.
 */
import { build } from 'hdr-histogram-js';
import { Client } from 'undici';

export interface UndiciFloorOptions {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly connections: number;
  readonly durationMs: number;
  readonly timeoutMs: number;
}

export interface UndiciFloorResult {
  readonly seconds: number;
  readonly ok: number;
  readonly errors: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number };
}

function postOnce(client: Client, headers: Readonly<Record<string, string>>, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    let status = 0;
    client.dispatch(
      { path: '/', method: 'POST', headers, body },
      {
        onConnect() {},
        onHeaders(statusCode: number) {
          status = statusCode;
          return true;
        },
        onData() {
          return true;
        },
        onComplete() {
          resolve(status);
        },
        onError(error: Error) {
          reject(error);
        },
      },
    );
  });
}

export async function runUndiciFloor(o: UndiciFloorOptions): Promise<UndiciFloorResult> {
  const clients = Array.from(
    { length: o.connections },
    () => new Client(o.url, { pipelining: 1, headersTimeout: o.timeoutMs, bodyTimeout: o.timeoutMs }),
  );
  const histogram = build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, autoResize: true });
  let ok = 0;
  let errors = 0;
  const started = performance.now();
  const endAt = started + o.durationMs;
  try {
    await Promise.all(
      clients.map(async (client) => {
        while (performance.now() < endAt) {
          const sent = performance.now();
          try {
            const status = await postOnce(client, o.headers, o.body);
            if (status >= 200 && status < 300) ok++;
            else errors++;
          } catch {
            errors++;
          }
          histogram.recordValue(Math.max(1, Math.round((performance.now() - sent) * 1000)));
        }
      }),
    );
    return {
      seconds: (performance.now() - started) / 1000,
      ok,
      errors,
      latencyMs: {
        p50: histogram.getValueAtPercentile(50) / 1000,
        p99: histogram.getValueAtPercentile(99) / 1000,
      },
    };
  } finally {
    histogram.destroy();
    await Promise.all(clients.map((c) => c.destroy()));
  }
}
