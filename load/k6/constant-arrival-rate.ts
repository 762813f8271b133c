/**
 * PutRecords at a constant arrival rate (k6 executor constant-arrival-rate): RATE requests started per
 * second for DURATION, the open model of `kcs load --rate RATE`.
 *
 *   k6 run -e ENDPOINT=http://127.0.0.1:4567 -e CREATE_STREAM=1 -e RATE=200 -e DURATION=30s load/k6/constant-arrival-rate.ts
 *
 * Configuration is in the environment (lib/config.ts ENV_VARS; README.md); handleSummary writes load.json.
 */
import type { Options } from 'k6/options';
import { createLoad } from './lib/lifecycle.ts';
import type { K6SummaryData, SetupData } from './lib/summary.ts';

// open() resolves against this file: the repository's package.json, for the kcs version in load.json.
const load = createLoad('constant-arrival-rate', () => open('../../package.json'));

export const options: Options = load.options;

export function setup(): SetupData {
  return load.setup();
}

export default function (data: SetupData): void {
  load.iteration(data);
}

export function teardown(data: SetupData): void {
  load.teardown(data);
}

export function handleSummary(data: K6SummaryData): Record<string, string> {
  return load.handleSummary(data);
}
