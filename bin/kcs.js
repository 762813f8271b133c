#!/usr/bin/env node
// The `kcs` command, as installed: the compiled JavaScript in dist/ (`npm run build`; `npm ci` in a clone
// and `npm pack` build it). From a clone, `node bin/kcs-dev.js` runs the TypeScript sources instead.
await import('../dist/src/cli/main.js');
