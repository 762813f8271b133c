import { isProfileName, PROFILES } from '../../profiles/index.ts';
import type { ProfileName } from '../../profiles/profile.ts';
import { createServer } from '../../server/server.ts';
import {
  MIN_MAX_MEMORY_BYTES,
  SERVER_DEFAULTS,
  type AuthOptions,
  type ServerOptions,
} from '../../server/options.ts';
import { formatSize } from '../../server/store/memory-budget.ts';
import { UsageError } from '../../errors.ts';
import { parseFlags, stringFlag, stringList, type OptionSpecs } from '../parse.ts';
import { parseChoice, parseDuration, parseFraction, parseInteger, parseSize } from '../units.ts';

/** A size as the flags take it: "512MiB". */
const sizeFlag = (bytes: number): string => `${bytes / (1024 * 1024)}MiB`;
/** A duration as the flags take it: "24h", "90s", "500ms". */
const durationFlag = (ms: number): string =>
  ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;

export const SERVE_HELP = `kcs serve: run the reference Kinesis-compatible server (the embedded default target)

Usage: kcs serve [options]

  --host HOST                 address to listen on (default ${SERVER_DEFAULTS.host})
  --port N                    port; 0 picks a free one (default ${SERVER_DEFAULTS.port})
  --profile yds|aws           documented behaviour to implement (default ${SERVER_DEFAULTS.profile})
  --create-delay DURATION     CREATING -> ACTIVE after this long (default 0)
  --delete-delay DURATION     DELETING -> gone after this long (default 0)
  --update-delay DURATION     UPDATING -> ACTIVE after SplitShard, MergeShards, UpdateShardCount
                              (default 0)
  --throttle on|off           per-shard write limits (default on: 1 MiB/s and 1000 records/s)
  --shard-bytes-per-second N  per-shard byte limit (default 1MiB)
  --shard-records-per-second N
                              per-shard record limit (default 1000)
  --fail-rate F               fail this fraction (0..1) of records with InternalFailure (default 0)
  --seed N                    seed for --fail-rate (default ${SERVER_DEFAULTS.seed})
  --retention DURATION        trim records older than this (default 24h)
  --retention-bytes SIZE      Data + key bytes kept per shard, oldest trimmed (default 64MiB); a cap per
                              shard inside --max-memory, not a bound on memory
  --max-memory SIZE           what the kept records of all streams may cost together: Data, keys, offsets
                              and a little per request and shard (default ${sizeFlag(SERVER_DEFAULTS.maxMemoryBytes)}, at least ${sizeFlag(MIN_MAX_MEMORY_BYTES)});
                              beyond it the oldest records across all shards are trimmed (TRIM_HORIZON
                              moves), and a line on stderr says so at most every 10 s
  --shard-limit N             open shards across all streams (default ${SERVER_DEFAULTS.shardLimit})
  --account-id ID             12-digit account in ARNs and messages (default ${SERVER_DEFAULTS.accountId})
  --region R                  region in ARNs (default ${SERVER_DEFAULTS.region})
  --auth none|sigv4           verify SigV4 signatures (default none)
  --credentials AKID:SECRET   a key pair accepted with --auth sigv4 (repeatable; also KCS_CREDENTIALS,
                              comma-separated)
  --log                       print internal errors to stderr
  -h, --help                  this help

kinesalite's flags are accepted as aliases, so \`kinesalite --port 4567 --createStreamMs 0\` becomes
\`kcs serve --profile aws --port 4567 --createStreamMs 0\`:
  --createStreamMs MS, --deleteStreamMs MS, --updateStreamMs MS  = --create-delay, --delete-delay,
                              --update-delay (kinesalite defaults to 500 ms each; kcs serve to 0)
  --shardLimit N              = --shard-limit (kinesalite defaults to 10; kcs serve to ${SERVER_DEFAULTS.shardLimit})
kinesalite's --path (LevelDB storage) and --ssl have no equivalent: kcs serve keeps streams in memory and
speaks plain HTTP/1.1 and HTTP/2.

The first line on stdout is "listening on http://HOST:PORT". SIGINT or SIGTERM stops it gracefully.
Profiles: ${Object.values(PROFILES)
  .map((p) => `${p.name} (${p.title})`)
  .join('; ')}.
`;

const OPTIONS = {
  host: { type: 'string' },
  port: { type: 'string' },
  profile: { type: 'string' },
  'create-delay': { type: 'string' },
  'delete-delay': { type: 'string' },
  'update-delay': { type: 'string' },
  createStreamMs: { type: 'string' },
  deleteStreamMs: { type: 'string' },
  updateStreamMs: { type: 'string' },
  shardLimit: { type: 'string' },
  path: { type: 'string' },
  ssl: { type: 'boolean' },
  throttle: { type: 'string' },
  'shard-bytes-per-second': { type: 'string' },
  'shard-records-per-second': { type: 'string' },
  'fail-rate': { type: 'string' },
  seed: { type: 'string' },
  retention: { type: 'string' },
  'retention-bytes': { type: 'string' },
  'max-memory': { type: 'string' },
  'shard-limit': { type: 'string' },
  'account-id': { type: 'string' },
  region: { type: 'string' },
  auth: { type: 'string' },
  credentials: { type: 'string', multiple: true },
  log: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} satisfies OptionSpecs;

export function parseCredentials(pairs: readonly string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const pair of pairs) {
    const i = pair.indexOf(':');
    if (i <= 0 || i === pair.length - 1)
      throw new UsageError(`--credentials: expected AKID:SECRET, got '${pair.slice(0, 4)}...'`);
    map.set(pair.slice(0, i), pair.slice(i + 1));
  }
  return map;
}

/** kinesalite's camelCase flags and the kcs serve flag each one means (kinesalite cli.js). */
const KINESALITE_ALIASES = {
  createStreamMs: 'create-delay',
  deleteStreamMs: 'delete-delay',
  updateStreamMs: 'update-delay',
  shardLimit: 'shard-limit',
} as const satisfies Record<string, keyof typeof OPTIONS>;

/** Pure: argv (after `serve`) and environment -> server options, or a UsageError. */
export function parseServeArgs(args: readonly string[], env: NodeJS.ProcessEnv): ServerOptions | 'help' {
  const { values, positionals } = parseFlags(args, OPTIONS);
  if (values['help']) return 'help';
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  if (values['path'] !== undefined)
    throw new UsageError(
      '--path: kcs serve keeps streams in memory only (kinesalite stored them in LevelDB)',
    );
  if (values['ssl'] !== undefined)
    throw new UsageError('--ssl: kcs serve speaks plain HTTP only (HTTP/1.1 and HTTP/2 on one port)');
  // The name the user typed, for messages about its value.
  const typed: Record<string, string> = {};
  for (const [alias, flag] of Object.entries(KINESALITE_ALIASES)) {
    if (values[alias] === undefined) continue;
    if (values[flag] !== undefined)
      throw new UsageError(`--${alias} and --${flag} are the same option; give one`);
    values[flag] = values[alias];
    typed[flag] = alias;
  }
  const label = (flag: string): string => typed[flag] ?? flag;
  const str = (name: string): string | undefined => stringFlag(values, name);
  const options: ServerOptions = {};
  if (str('host') !== undefined) options.host = str('host')!;
  if (str('port') !== undefined) options.port = parseInteger('port', str('port')!, 0, 65535);
  if (str('profile') !== undefined) {
    const p = str('profile')!;
    if (!isProfileName(p))
      throw new UsageError(`--profile: expected one of ${Object.keys(PROFILES).join(', ')}, got '${p}'`);
    options.profile = p as ProfileName;
  }
  if (str('create-delay') !== undefined)
    options.createStreamDelayMs = parseDuration(label('create-delay'), str('create-delay')!);
  if (str('delete-delay') !== undefined)
    options.deleteStreamDelayMs = parseDuration(label('delete-delay'), str('delete-delay')!);
  if (str('update-delay') !== undefined)
    options.updateStreamDelayMs = parseDuration(label('update-delay'), str('update-delay')!);
  const throttle =
    str('throttle') === undefined ? 'on' : parseChoice('throttle', str('throttle')!, ['on', 'off'] as const);
  const bps = str('shard-bytes-per-second');
  const rps = str('shard-records-per-second');
  if (throttle === 'off') {
    if (bps !== undefined || rps !== undefined)
      throw new UsageError('--throttle off cannot be combined with shard limits');
    options.shardWriteLimits = false;
  } else if (bps !== undefined || rps !== undefined) {
    options.shardWriteLimits = {
      ...(bps !== undefined ? { bytesPerSecond: parseSize('shard-bytes-per-second', bps) } : {}),
      ...(rps !== undefined ? { recordsPerSecond: parseInteger('shard-records-per-second', rps, 1) } : {}),
    };
  }
  if (str('fail-rate') !== undefined) options.failRate = parseFraction('fail-rate', str('fail-rate')!);
  if (str('seed') !== undefined) options.seed = parseInteger('seed', str('seed')!, 0, 2 ** 32 - 1);
  if (str('retention') !== undefined) options.retentionMs = parseDuration('retention', str('retention')!);
  if (str('retention-bytes') !== undefined)
    options.retentionBytesPerShard = parseSize('retention-bytes', str('retention-bytes')!);
  if (str('max-memory') !== undefined) {
    const bytes = parseSize('max-memory', str('max-memory')!);
    if (bytes < MIN_MAX_MEMORY_BYTES)
      throw new UsageError(
        `--max-memory: must be at least ${sizeFlag(MIN_MAX_MEMORY_BYTES)}, got '${str('max-memory')}'`,
      );
    options.maxMemoryBytes = bytes;
  }
  if (str('shard-limit') !== undefined)
    options.shardLimit = parseInteger(label('shard-limit'), str('shard-limit')!, 1);
  if (str('account-id') !== undefined) {
    if (!/^\d{12}$/.test(str('account-id')!)) throw new UsageError('--account-id: expected 12 digits');
    options.accountId = str('account-id')!;
  }
  if (str('region') !== undefined) options.region = str('region')!;
  const auth =
    str('auth') === undefined ? 'none' : parseChoice('auth', str('auth')!, ['none', 'sigv4'] as const);
  const pairs = [
    ...stringList(values, 'credentials'),
    ...(env['KCS_CREDENTIALS']?.split(',').filter(Boolean) ?? []),
  ];
  if (auth === 'sigv4') {
    if (pairs.length === 0)
      throw new UsageError('--auth sigv4 needs at least one --credentials AKID:SECRET (or KCS_CREDENTIALS)');
    const sigv4: AuthOptions = { mode: 'sigv4', credentials: parseCredentials(pairs) };
    options.auth = sigv4;
  } else if (stringList(values, 'credentials').length > 0) {
    throw new UsageError('--credentials only applies with --auth sigv4');
  }
  if (values['log']) options.log = (line) => process.stderr.write(`${line}\n`);
  return options;
}

export async function serveCommand(args: readonly string[]): Promise<number> {
  const parsed = parseServeArgs(args, process.env);
  if (parsed === 'help') {
    process.stdout.write(SERVE_HELP);
    return 0;
  }
  let server;
  try {
    server = await createServer({ ...parsed, notice: (line) => process.stderr.write(`${line}\n`) });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      throw new UsageError(
        `cannot listen on ${parsed.host ?? SERVER_DEFAULTS.host}:${parsed.port ?? SERVER_DEFAULTS.port}: ${code}`,
      );
    }
    throw err;
  }
  process.stdout.write(`listening on ${server.url}\n`);
  const o = server.options;
  const limits =
    o.shardWriteLimits === false
      ? 'off'
      : `${o.shardWriteLimits.bytesPerSecond} B/s and ${o.shardWriteLimits.recordsPerSecond} records/s per shard`;
  process.stderr.write(
    `profile ${o.profile}; throttling ${limits}; auth ${o.auth.mode}; fail-rate ${o.failRate}; ` +
      `delays: create ${o.createStreamDelayMs} ms, delete ${o.deleteStreamDelayMs} ms, update ${o.updateStreamDelayMs} ms\n`,
  );
  process.stderr.write(
    `memory budget ${formatSize(o.maxMemoryBytes)} for the records of all streams, oldest trimmed first across ` +
      `all shards; per shard at most ${formatSize(o.retentionBytesPerShard)} of Data and keys, for ` +
      `${durationFlag(o.retentionMs)}\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.stderr.write('stopping...\n');
      void server.close().then(resolve);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  const s = server.stats;
  process.stderr.write(
    `stopped after ${s.requests} requests (${s.errors4xx} client errors, ${s.errors5xx} server errors)\n`,
  );
  const m = server.memory.stats();
  process.stderr.write(
    `memory budget: trimmed ${m.trimmedRecords} records (${formatSize(m.trimmedBytes)} of Data and keys) in total\n`,
  );
  return 0;
}
