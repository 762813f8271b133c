#!/usr/bin/env node
// npm's `prepare` runs after `npm ci` in a clone (build dist/ so `npx kcs` works) and again during
// `npm pack` / `npm publish`, where `prepack` has just built it: build only in the first case.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const command = process.env['npm_command'];
if (command !== 'pack' && command !== 'publish') {
  const build = join(dirname(fileURLToPath(import.meta.url)), 'build.js');
  process.exitCode = spawnSync(process.execPath, [build], { stdio: 'inherit' }).status ?? 1;
}
