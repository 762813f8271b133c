/**
 * `kcs load` arguments -> LoadOptions. Pure and tested (test/load/args.test.ts); bad input is a UsageError
 * with one line that names the flag.
 */
import { UsageError } from '../errors.ts';
import { parseFlags, stringFlag, type OptionSpecs } from '../cli/parse.ts';
import { parseChoice, parseDuration, parseInteger, parseSize } from '../cli/units.ts';
import { LOAD_DEFAULTS } from './defaults.ts';
import { resolveLoadOptions, type LoadInput, type LoadOptions } from './options.ts';
import type { PartitionKeySpec, RecordSize } from './payload.ts';

export type { LoadOptions } from './options.ts';

const OPTIONS = {
  endpoint: { type: 'string' },
  duration: { type: 'string' },
  rate: { type: 'string' },
  connections: { type: 'string' },
  'records-per-request': { type: 'string' },
  'record-size': { type: 'string' },
  'partition-keys': { type: 'string' },
  shards: { type: 'string' },
  stream: { type: 'string' },
  wire: { type: 'string' },
  seed: { type: 'string' },
  'report-dir': { type: 'string' },
  baseline: { type: 'string' },
  'max-regression': { type: 'string' },
  verify: { type: 'boolean' },
  workers: { type: 'string' },
  'max-requests': { type: 'string' },
  'max-in-flight': { type: 'string' },
  timeout: { type: 'string' },
  region: { type: 'string' },
  'access-key-id': { type: 'string' },
  'secret-access-key': { type: 'string' },
  throttle: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} satisfies OptionSpecs;

/** "200", "200/s", "1.5/s": requests started per second. */
export function parseRate(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(?:\/s)?$/.exec(text.trim());
  const n = m ? Number(m[1]) : NaN;
  if (!(n > 0) || n > LOAD_DEFAULTS.maxRate)
    throw new UsageError(
      `--rate: expected requests per second like 200/s (up to ${LOAD_DEFAULTS.maxRate}), got '${text}'`,
    );
  return n;
}

/** "100", "1KiB", "uniform:100-1000", "uniform:1KiB-64KiB". */
export function parseRecordSize(text: string): RecordSize {
  const m = /^uniform:([^-]+)-(.+)$/.exec(text.trim());
  if (m) {
    const min = parseSize('record-size', m[1]!);
    const max = parseSize('record-size', m[2]!);
    if (min > max) throw new UsageError(`--record-size: the minimum ${min} is above the maximum ${max}`);
    return { kind: 'uniform', min, max };
  }
  if (text.includes(':'))
    throw new UsageError(
      `--record-size: expected a size like 100 or 1KiB, or uniform:MIN-MAX, got '${text}'`,
    );
  return { kind: 'fixed', bytes: parseSize('record-size', text) };
}

export function parsePartitionKeys(text: string, shards: number): PartitionKeySpec {
  if (text.trim() === 'hot-shard') return { kind: 'hot-shard', count: LOAD_DEFAULTS.hotShardKeys, shards };
  return { kind: 'count', count: parseInteger('partition-keys', text, 1, LOAD_DEFAULTS.maxPartitionKeys) };
}

/** "10", "10%", "2.5": a percentage. */
export function parsePercent(flag: string, text: string): number {
  const m = /^(\d+(?:\.\d+)?)%?$/.exec(text.trim());
  if (!m) throw new UsageError(`--${flag}: expected a percentage like 10 or 10%, got '${text}'`);
  return Number(m[1]);
}

/** Pure: argv after `load` (and the environment, for the region) -> options, or 'help'. */
export function parseLoadArgs(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>> = {},
): LoadOptions | 'help' {
  const { values, positionals } = parseFlags(args, OPTIONS);
  if (values['help']) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const str = (name: string): string | undefined => stringFlag(values, name);
  const int = (name: string): number | undefined => {
    const text = str(name);
    return text === undefined ? undefined : parseInteger(name, text, Number.MIN_SAFE_INTEGER);
  };
  const text = (name: string, parse: (t: string) => unknown): Record<string, unknown> => {
    const t = str(name);
    return t === undefined ? {} : { [camel(name)]: parse(t) };
  };
  const numbers = [
    'connections',
    'records-per-request',
    'shards',
    'seed',
    'workers',
    'max-requests',
    'max-in-flight',
  ];
  const input: Record<string, unknown> = {
    ...text('endpoint', (t) => t),
    ...text('duration', (t) => parseDuration('duration', t)),
    ...text('rate', parseRate),
    ...text('record-size', parseRecordSize),
    ...text('partition-keys', (t) =>
      t.trim() === 'hot-shard' ? 'hot-shard' : parseInteger('partition-keys', t, Number.MIN_SAFE_INTEGER),
    ),
    ...text('stream', (t) => t),
    ...text('wire', (t) => parseChoice('wire', t, ['json', 'cbor'] as const)),
    ...text('report-dir', (t) => t),
    ...text('baseline', (t) => t),
    ...text('max-regression', (t) => parsePercent('max-regression', t)),
    ...text('timeout', (t) => parseDuration('timeout', t)),
    ...text('region', (t) => t),
    ...text('access-key-id', (t) => t),
    ...text('secret-access-key', (t) => t),
    ...text('throttle', (t) => parseChoice('throttle', t, ['on', 'off'] as const) === 'on'),
    ...(values['verify'] === true ? { verify: true } : {}),
    ...(values['quiet'] === true ? { quiet: true } : {}),
  };
  for (const name of numbers) {
    const n = int(name);
    if (n !== undefined) input[camel(name)] = n;
  }
  // Flag names that differ from the option names.
  rename(input, 'duration', 'durationMs');
  rename(input, 'timeout', 'requestTimeoutMs');
  rename(input, 'maxRegression', 'maxRegressionPct');
  return resolveLoadOptions(input as LoadInput, env);
}

function camel(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

function rename(input: Record<string, unknown>, from: string, to: string): void {
  if (from in input) {
    input[to] = input[from];
    delete input[from];
  }
}
