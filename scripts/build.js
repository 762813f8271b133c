#!/usr/bin/env node
// `npm run build`: compile src/ and suites/ into dist/ (tsc), then write the JSON Schemas of the files kcs
// writes and reads (report.json, load.json, the expected-failures ledger) into dist/schemas/.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
  stdio: 'inherit',
});
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

const load = (file) => import(pathToFileURL(join(dist, 'src', file)).href);
const { REPORT_SCHEMA } = await load('report/report-schema.js');
const { LOAD_RESULT_SCHEMA } = await load('load/result-schema.js');
const { LEDGER_SCHEMA } = await load('report/expected-failures.js');
const schemas = {
  'report.schema.json': ['kcs check report.json', REPORT_SCHEMA],
  'load.schema.json': ['kcs load load.json', LOAD_RESULT_SCHEMA],
  'ledger.schema.json': ['kcs check --expect-failures ledger', LEDGER_SCHEMA],
};
mkdirSync(join(dist, 'schemas'), { recursive: true });
for (const [file, [title, schema]] of Object.entries(schemas)) {
  const document = { $schema: 'http://json-schema.org/draft-07/schema#', title, ...schema };
  writeFileSync(join(dist, 'schemas', file), `${JSON.stringify(document, null, 2)}\n`);
}
