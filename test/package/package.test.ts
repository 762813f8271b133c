/**
 * The installed package is the product: this packs the repository, installs the tarball into a fresh
 * project (offline, from the npm cache that `npm ci` filled) and uses it there as a user would, with
 * `npx kcs ...`, a plain .mjs file and a TypeScript consumer. Nothing here runs from this checkout's
 * sources except the AWS SDK client that plays the user's producer.
 */
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { once } from 'node:events';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { KinesisClient, PutRecordsCommand, CreateStreamCommand } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Ajv } from 'ajv';
import { installPackedPackage, REPO_ROOT, type InstalledPackage } from './installed-package.ts';

const TSC = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

describe('the packed package, installed into a fresh project', () => {
  let pkg: InstalledPackage;
  const kcs = (args: readonly string[], timeout = 60_000): SpawnSyncReturns<string> =>
    spawnSync('npx', ['--no-install', 'kcs', ...args], { cwd: pkg.project, encoding: 'utf8', timeout });

  beforeAll(async () => {
    pkg = await installPackedPackage();
  }, 180_000);

  afterAll(async () => {
    if (pkg) await rm(join(pkg.project, '..'), { recursive: true, force: true });
  });

  test('the tarball holds what runs, the docs and the schemas; no tests, benchmarks, CI or sources', () => {
    for (const prefix of ['test/', 'bench/', '.ci/', 'src/', 'suites/', 'scripts/', 'load/'])
      expect(
        pkg.files.filter((f) => f.startsWith(prefix)),
        prefix,
      ).toEqual([]);
    for (const file of [
      'bin/kcs.js',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/src/cli/main.js',
      'dist/src/load/worker.js',
      'dist/src/compat/loopback-only.mjs',
      'dist/suites/put-records/put-records.suite.js',
      'dist/schemas/report.schema.json',
      'dist/schemas/load.schema.json',
      'dist/schemas/ledger.schema.json',
      'compat/ledgers/kinesalite.json',
      'README.md',
      'LICENSE',
      'package.json',
    ])
      expect(pkg.files, file).toContain(file);
    expect(pkg.files.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))).toEqual([]);
    expect(pkg.files.filter((f) => f.startsWith('dist/suites/') && !f.endsWith('.js'))).toEqual([]);
  });

  test('npx kcs --version and --help answer', () => {
    const version = kcs(['--version']);
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout).toBe(`${pkg.version}\n`);
    const help = kcs(['check', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^kcs check: /);
  });

  test('npx kcs check runs the whole suite against the embedded server: exit 0 and a valid report.json', async () => {
    const run = kcs(['check', '--seed', '3', '--report-dir', 'reports/embedded']);
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const report = JSON.parse(await readFile(join(pkg.project, 'reports/embedded/report.json'), 'utf8')) as {
      summary: { passed: number; failed: number };
      target: { embedded: boolean };
    };
    // Judged by the schema the package ships, as a user's CI would.
    const schema = JSON.parse(
      await readFile(
        join(pkg.project, 'node_modules/kinesis-conformance/dist/schemas/report.schema.json'),
        'utf8',
      ),
    ) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.target.embedded).toBe(true);
    expect(report.summary.failed).toBe(0);
    expect(report.summary.passed).toBeGreaterThanOrEqual(21);
  }, 120_000);

  test('npx kcs serve answers the AWS SDK, and npx kcs check --endpoint and npx kcs load judge it', async () => {
    const server = spawn('npx', ['--no-install', 'kcs', 'serve', '--port', '0'], { cwd: pkg.project });
    try {
      const [first] = (await once(createInterface({ input: server.stdout }), 'line')) as [string];
      const url = /^listening on (http:\/\/\S+)$/.exec(first)?.[1];
      expect(url, first).toBeDefined();

      const client = new KinesisClient({
        endpoint: url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
        requestHandler: new NodeHttpHandler(),
      });
      await client.send(new CreateStreamCommand({ StreamName: 'from-the-sdk', ShardCount: 1 }));
      const put = await client.send(
        new PutRecordsCommand({
          StreamName: 'from-the-sdk',
          Records: [{ PartitionKey: 'k', Data: new TextEncoder().encode('hello') }],
        }),
      );
      client.destroy();
      expect(put.FailedRecordCount).toBe(0);
      expect(put.Records?.[0]?.ShardId).toBe('shardId-000000000000');

      const checked = kcs(['check', '--endpoint', url!, '--seed', '4', '--report-dir', 'reports/endpoint']);
      expect(checked.status, `${checked.stdout}\n${checked.stderr}`).toBe(0);
      expect(checked.stdout).toMatch(/\b0 failed\b/);

      const loaded = kcs(['load', '--endpoint', url!, '--duration', '2s', '--report-dir', 'reports/load']);
      expect(loaded.status, loaded.stderr).toBe(0);
      const result = JSON.parse(await readFile(join(pkg.project, 'reports/load/load.json'), 'utf8')) as {
        totals: { records: number };
      };
      expect(result.totals.records).toBeGreaterThan(0);
    } finally {
      server.kill('SIGTERM');
      await once(server, 'exit');
    }
  }, 120_000);

  test('npx kcs load with no endpoint loads the embedded server for the duration asked', async () => {
    const run = kcs(['load', '--duration', '2s', '--report-dir', 'reports/load-embedded']);
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(
      await readFile(join(pkg.project, 'reports/load-embedded/load.json'), 'utf8'),
    ) as {
      target: { embedded: boolean };
      totals: { records: number; recordErrors: Record<string, number> };
    };
    expect(result.target.embedded).toBe(true);
    expect(result.totals.records).toBeGreaterThan(0);
  }, 60_000);

  test('an emulator that is not installed is one line saying how to add it, exit 2', () => {
    const run = kcs(['compat', '--targets', 'kinesalite']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      "kcs: --targets: kinesalite is not installed; add it with 'npm install --save-dev kinesalite', " +
        'or give a running one as kinesalite=URL\n',
    );
  });

  test('a plain .mjs file imports createServer and runCheck', async () => {
    const script = join(pkg.project, 'use-it.mjs');
    await writeFile(
      script,
      `import { createServer, runCheck } from 'kinesis-conformance';
const server = await createServer({ port: 0, profile: 'aws' });
const { exitCode, report, files } = await runCheck({
  endpoint: server.url,
  profile: 'aws',
  only: ['put-records.request-id-present', 'put-records.shard-routing'],
  reportDir: 'reports/api',
});
await server.close();
console.log(JSON.stringify({ exitCode, summary: report.summary, files: files.length }));
`,
    );
    const run = spawnSync(process.execPath, [script], {
      cwd: pkg.project,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toEqual({
      exitCode: 0,
      summary: { passed: 2, failed: 0, skipped: 0, expectedFailures: 0 },
      // report.json, report.md, report.html, junit.xml
      files: 4,
    });
  }, 60_000);

  test('a TypeScript consumer type-checks against the exported types', async () => {
    await writeFile(
      join(pkg.project, 'consumer.ts'),
      `import {
  createServer,
  runCheck,
  runLoad,
  runCompat,
  type CheckInput,
  type CompatReport,
  type LoadResult,
  type Report,
  type ReportCheck,
  type RunningServer,
  type ServerOptions,
} from 'kinesis-conformance';

const options: ServerOptions = { port: 0, profile: 'aws', shardWriteLimits: false };
const server: RunningServer = await createServer(options);
const input: CheckInput = { endpoint: server.url, runs: 5, only: ['put-records.shard-routing'] };
const report: Report = (await runCheck(input)).report;
const failed: readonly ReportCheck[] = report.checks.filter((c) => c.status === 'failed');
const load: LoadResult = (await runLoad({ endpoint: server.url, durationMs: 1000, rate: 10 })).result;
const matrix: CompatReport = (await runCompat({ targets: ['reference'], runs: 1 })).report;
console.log(failed.length, load.totals.records, matrix.exitCode);
// @ts-expect-error: the profile is a closed set
await runCheck({ profile: 'gcp' });
await server.close();
`,
    );
    await writeFile(
      join(pkg.project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          noEmit: true,
          // A user's project has @types/node; this one borrows ours.
          typeRoots: [join(REPO_ROOT, 'node_modules', '@types')],
          types: ['node'],
        },
        files: ['consumer.ts'],
      }),
    );
    const run = spawnSync(process.execPath, [TSC, '-p', pkg.project], { encoding: 'utf8', timeout: 60_000 });
    expect(run.status, `${run.stdout}${run.stderr}`).toBe(0);
  }, 60_000);
});
