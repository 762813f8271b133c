import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { COMPAT_DEFAULTS } from '../../src/compat/options.ts';
import { nameOfUrl, parseTarget, profileOf } from '../../src/compat/targets.ts';
import { parseCompatArgs } from '../../src/cli/commands/compat.ts';
import { parseEndpoint } from '../../src/protocol/endpoint.ts';
import { commandOnPath, missingEmulator, unavailableReason } from '../../src/compat/launch.ts';
import { UsageError } from '../../src/errors.ts';

describe('parseCompatArgs', () => {
  test('no arguments: the reference server and the three emulators, with the defaults', () => {
    expect(parseCompatArgs([])).toEqual({
      targets: [
        { name: 'reference', kind: 'reference' },
        { name: 'kinesalite', kind: 'kinesalite' },
        { name: 'kinesis-mock', kind: 'kinesis-mock' },
        { name: 'moto', kind: 'moto' },
      ],
      profile: 'aws',
      region: COMPAT_DEFAULTS.region,
      runs: COMPAT_DEFAULTS.runs,
      only: [],
      areas: [],
      reportDir: 'reports/compat',
      ledgerDir: COMPAT_DEFAULTS.ledgerDir,
      diffRuns: COMPAT_DEFAULTS.diffRuns,
    });
  });

  test('every flag; targets comma-separated and repeated, as names, NAME=URL and URLs', () => {
    const parsed = parseCompatArgs([
      '--targets=kinesalite,kinesis-mock=http://127.0.0.1:4568/',
      '--targets',
      'http://localhost:4567',
      '--report-dir=out',
      '--profile=yds',
      '--ledger-dir=ledgers',
      '--seed=9',
      '--runs=3',
      '--only=put-records.a,put-records.b',
      '--area=read',
      '--diff-runs=0',
      '--region=eu-west-1',
    ]);
    expect(parsed).toEqual({
      targets: [
        { name: 'kinesalite', kind: 'kinesalite' },
        { name: 'kinesis-mock', kind: 'kinesis-mock', endpoint: parseEndpoint('http://127.0.0.1:4568') },
        { name: 'localhost-4567', kind: 'url', endpoint: parseEndpoint('http://localhost:4567') },
      ],
      profile: 'yds',
      region: 'eu-west-1',
      seed: 9,
      runs: 3,
      only: ['put-records.a', 'put-records.b'],
      areas: ['read'],
      reportDir: 'out',
      ledgerDir: 'ledgers',
      diffRuns: 0,
    });
  });

  test('--help', () => {
    expect(parseCompatArgs(['--targets', 'nope', '-h'])).toBe('help');
  });

  test.each([
    [['--targets', 'localstack'], /unknown target 'localstack'/],
    [['--targets', 'kinesalite,kinesalite'], /'kinesalite' is given twice/],
    [['--targets', 'kinesalite,kinesalite=http://h:1'], /'kinesalite' is given twice/],
    [['--targets', 'Big Name=http://h:1'], /not a target name/],
    [['--targets', 'x=localhost:4567'], /expected an http/],
    [['--targets', 'reference,'], /empty target/],
    [['--profile', 'gcp'], /--profile: expected one of yds, aws/],
    [['--diff-runs=-1'], /--diff-runs: must be between/],
    [['--runs', '0'], /--runs: must be between/],
    [['--seed', 'x'], /--seed: expected a whole number/],
    [['--only', 'Not An Id'], /--only: not a check id/],
    [['--region', 'EU'], /--region: not a region name/],
    [['--report-dir='], /--report-dir must not be empty/],
    [['--ledger-dir='], /--ledger-dir must not be empty/],
    [['extra'], /unexpected argument 'extra'/],
  ])('%j is a usage error', (args, message) => {
    const attempt = (): unknown => parseCompatArgs(args);
    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(message);
  });
});

describe('targets', () => {
  test('a bare URL is named by its host and port', () => {
    expect(parseTarget('https://kinesis.eu-west-1.amazonaws.com')).toEqual({
      name: 'kinesis.eu-west-1.amazonaws.com-443',
      kind: 'url',
      endpoint: parseEndpoint('https://kinesis.eu-west-1.amazonaws.com'),
    });
    expect(nameOfUrl(parseEndpoint('http://[::1]:4567'))).toBe('1-4567');
  });

  test('emulators are judged by the profile they claim, others by the one given', () => {
    expect(profileOf({ name: 'kinesalite', kind: 'kinesalite' }, 'yds')).toBe('aws');
    expect(
      profileOf({ name: 'kinesis-mock', kind: 'kinesis-mock', endpoint: parseEndpoint('http://h:1') }, 'yds'),
    ).toBe('aws');
    expect(profileOf({ name: 'reference', kind: 'reference' }, 'yds')).toBe('yds');
    expect(profileOf({ name: 'h-1', kind: 'url', endpoint: parseEndpoint('http://h:1') }, 'aws')).toBe('aws');
  });
});

describe('missing emulators (optional peer dependencies)', () => {
  const none = (): boolean => false;
  test('an emulator to start that is not installed is one line saying how to add it', () => {
    expect(missingEmulator([parseTarget('reference'), parseTarget('kinesalite')], none)).toBe(
      "--targets: kinesalite is not installed; add it with 'npm install --save-dev kinesalite', " +
        'or give a running one as kinesalite=URL',
    );
    expect(missingEmulator([parseTarget('kinesis-mock')], none)).toMatch(
      /npm install --save-dev kinesis-local/,
    );
  });

  test('given by URL, or installed, it needs nothing', () => {
    expect(missingEmulator([parseTarget('kinesalite=http://127.0.0.1:4567')], none)).toBeUndefined();
    expect(
      missingEmulator([parseTarget('reference'), parseTarget('http://127.0.0.1:1')], none),
    ).toBeUndefined();
    expect(missingEmulator([parseTarget('kinesalite')], () => true)).toBeUndefined();
    // This repository has both as dev dependencies.
    expect(missingEmulator([parseTarget('kinesalite'), parseTarget('kinesis-mock')])).toBeUndefined();
  });
});

describe('command emulators (moto)', () => {
  test('moto is a known target, judged by the aws profile', () => {
    expect(parseTarget('moto')).toEqual({ name: 'moto', kind: 'moto' });
    expect(profileOf({ name: 'moto', kind: 'moto' }, 'yds')).toBe('aws');
  });

  test('missing from PATH, it is skipped with the reason (no npm install brings it); an npm emulator is not', () => {
    expect(unavailableReason('moto', '/nonexistent')).toMatch(/^moto_server is not on PATH \(install moto/);
    expect(unavailableReason('kinesalite', '/nonexistent')).toBeUndefined();
    expect(missingEmulator([parseTarget('moto')], () => false)).toBeUndefined();
  });

  test('found on PATH, it is available', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kcs-path-'));
    try {
      await writeFile(join(dir, 'moto_server'), '#!/bin/sh\n', { mode: 0o755 });
      expect(commandOnPath('moto_server', dir)).toBe(join(dir, 'moto_server'));
      expect(unavailableReason('moto', `/nonexistent${delimiter}${dir}`)).toBeUndefined();
      await writeFile(join(dir, 'not-executable'), '', { mode: 0o644 });
      expect(commandOnPath('not-executable', dir)).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
