// Property tests are reproducible: fast-check's seed comes from KCS_SEED when set (CI prints it on failure).
import fc from 'fast-check';

const seed = process.env['KCS_SEED'];
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });
