/**
 * Where a 500 x 100 B PutRecords goes in the reference server, stage by stage, in-process (no HTTP): the
 * JSON parse that the parse-only ceiling also does, and each step the seed requires beyond it. Microseconds
 * per record of this one busy thread, the minimum over rounds (other processes only ever add time). With the
 * parse-only server's records per CPU-second from `npm run bench:server` (its HTTP share included), this
 * says how far below the ceiling the required work alone puts any server in this process model.
 *
 * A report, not a test: it prints a table, writes reports/bench-put-records-stages.json and exits 0.
 *
 *   npm run bench:put-records-stages [-- --rounds 15]
 */
import { hash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DEFAULT_PROFILE, getProfile } from '../src/profiles/index.ts';
import { decodeBody } from '../src/protocol/wire.ts';
import { putRecords } from '../src/server/operations/put-records.ts';
import { resolveServerOptions } from '../src/server/options.ts';
import { md5Words } from '../src/server/store/hash-words.ts';
import { MemoryBudget } from '../src/server/store/memory-budget.ts';
import { StreamStore } from '../src/server/store/stream-store.ts';
import type { Checked } from '../src/server/validation/types.ts';
import { benchMain } from './lib/main.ts';
import { gitCommit, machine, writeJsonReport } from './lib/report.ts';
import { num } from './lib/round-stats.ts';
import { buildBodies, scenarios } from './lib/scenarios.ts';
import { REPO_ROOT } from './lib/targets.ts';

const STREAM = 'bench-stages';
const SHARDS = 4;
const REQUESTS_PER_ROUND = 200;
const OUT = 'reports/bench-put-records-stages.json';
const DEFAULT_ROUNDS = 30;

const HELP = `bench/put-records-stages.ts: the reference server's PutRecords (500 x 100 B) stage by stage, in-process.

Usage: npm run bench:put-records-stages -- [--rounds N]

  --rounds N   rounds of ${REQUESTS_PER_ROUND} requests; the minimum per stage is reported (default ${DEFAULT_ROUNDS})
  -h, --help   this help
`;

const STAGES = {
  parse: 'JSON.parse of the body (the parse-only ceiling does this too)',
  validate: 'fast validation, Data base64-decoded into one buffer',
  write: 'routing (MD5), admission, shard log, sequence numbers',
  render: 'the JSON answer, rendered and encoded',
} as const;
type Stage = keyof typeof STAGES;

/** Single operations, each over every record of one request, for scale. */
const PIECES = {
  cryptoMd5: 'node:crypto hash("md5") of each key, hex',
  ownMd5: 'the server MD5 (hash-words.ts) of each key',
  base64: 'Buffer.from(Data, "base64") of each record',
} as const;
type Piece = keyof typeof PIECES;

function parseOptions(argv: string[]): { rounds: number } | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: { rounds: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) return 'help';
  const rounds = values.rounds === undefined ? DEFAULT_ROUNDS : Number(values.rounds);
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 1000) throw new Error('--rounds: 1..1000');
  return { rounds };
}

const nowNs = (): bigint => process.hrtime.bigint();

async function run(options: { rounds: number }): Promise<void> {
  const profile = getProfile(DEFAULT_PROFILE);
  const scenario = scenarios(profile)['500x100B'];
  const { bodies } = buildBodies(scenario, STREAM, 1);
  const serverOptions = resolveServerOptions({ shardWriteLimits: false });
  const store = new StreamStore(
    profile,
    {
      accountId: serverOptions.accountId,
      region: serverOptions.region,
      shardLimits: undefined,
      retention: {
        maxAgeMs: serverOptions.retentionMs,
        maxBytesPerShard: serverOptions.retentionBytesPerShard,
        budget: new MemoryBudget(serverOptions.maxMemoryBytes),
      },
    },
    { createMs: 0, deleteMs: 0, updateMs: 0 },
  );
  store.create(STREAM, SHARDS, Date.now());
  const parsedBodies = bodies.map(
    (b) => decodeBody('json', b) as { Records: { Data: string; PartitionKey: string }[] },
  );

  const best: Record<Stage | Piece, number> = {
    parse: Infinity,
    validate: Infinity,
    write: Infinity,
    render: Infinity,
    cryptoMd5: Infinity,
    ownMd5: Infinity,
    base64: Infinity,
  };
  const words = new Uint32Array(4);
  let sink = 0;
  for (let round = 0; round < options.rounds; round++) {
    const spent: Record<Stage | Piece, bigint> = {
      parse: 0n,
      validate: 0n,
      write: 0n,
      render: 0n,
      cryptoMd5: 0n,
      ownMd5: 0n,
      base64: 0n,
    };
    let records = 0;
    for (let i = 0; i < REQUESTS_PER_ROUND; i++) {
      const body = bodies[(round * REQUESTS_PER_ROUND + i) % bodies.length]!;
      let t = nowNs();
      const parsed = decodeBody('json', body);
      let u = nowNs();
      spent.parse += u - t;
      t = u;
      const input = putRecords.fastInput!(parsed, profile, 'json') as Checked;
      u = nowNs();
      spent.validate += u - t;
      t = u;
      const ctx = { profile, store, options: serverOptions, nowMs: Date.now(), random: Math.random };
      const result = putRecords.run(ctx, input) as object;
      u = nowNs();
      spent.write += u - t;
      t = u;
      sink += Buffer.from(putRecords.renderJson!(result), 'utf8').length;
      spent.render += nowNs() - t;

      const sample = parsedBodies[i % parsedBodies.length]!.Records;
      t = nowNs();
      for (const r of sample) sink += hash('md5', r.PartitionKey, 'hex').length;
      u = nowNs();
      spent.cryptoMd5 += u - t;
      t = u;
      for (const r of sample) {
        md5Words(r.PartitionKey, words);
        sink += words[0]! & 1;
      }
      u = nowNs();
      spent.ownMd5 += u - t;
      t = u;
      for (const r of sample) sink += Buffer.from(r.Data, 'base64').length;
      spent.base64 += nowNs() - t;
      records += scenario.recordsPerRequest;
    }
    for (const k of Object.keys(best) as (Stage | Piece)[])
      best[k] = Math.min(best[k], Number(spent[k]) / 1000 / records);
  }
  if (sink === 0) throw new Error('nothing measured');

  const total = (Object.keys(STAGES) as Stage[]).reduce((a, k) => a + best[k], 0);
  const beyondParse = total - best.parse;
  const m = machine();
  const lines = [
    '## PutRecords 500 x 100 B, stage by stage (in-process, no HTTP)',
    '',
    `${m.cpuModel}, ${m.cores} cores, Node ${m.node}; ${options.rounds} rounds of ${REQUESTS_PER_ROUND} requests, ` +
      'µs per record (one busy thread), minimum over rounds.',
    '',
    '| stage | µs/record |',
    '|---|--:|',
    ...(Object.keys(STAGES) as Stage[]).map((k) => `| ${STAGES[k]} | ${num(best[k], 3)} |`),
    `| all stages | ${num(total, 3)} |`,
    `| beyond the parse | ${num(beyondParse, 3)} |`,
    '',
    '| single operation, per record | µs/record |',
    '|---|--:|',
    ...(Object.keys(PIECES) as Piece[]).map((k) => `| ${PIECES[k]} | ${num(best[k], 3)} |`),
    '',
    'The parse-only ceiling spends its HTTP share plus the parse per record; a server at 2/3 of it may spend ' +
      'at most half of that on top, for everything beyond the parse.',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  writeJsonReport(OUT, {
    benchmark: 'put-records-stages',
    date: new Date().toISOString(),
    commit: gitCommit(REPO_ROOT) ?? null,
    machine: m,
    settings: { rounds: options.rounds, requestsPerRound: REQUESTS_PER_ROUND, shards: SHARDS },
    microsPerRecord: best,
    allStages: total,
    beyondParse,
  });
}

await benchMain(() => parseOptions(process.argv.slice(2)), HELP, run);
