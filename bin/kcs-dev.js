#!/usr/bin/env node
// The `kcs` command from the TypeScript sources through tsx (a dev dependency): what tests and benchmarks
// spawn, so they never run a stale build. Not part of the package.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
