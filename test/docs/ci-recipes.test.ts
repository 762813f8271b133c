/**
 * docs/ci.md is a recipe users copy: its YAML must parse, its workflows must have the shape GitHub Actions
 * and GitLab CI expect, every `kcs` command line in it must pass the real argument parser, the JUnit path
 * it publishes must be where `kcs check` writes, and its example ledger must be a valid ledger.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { parseCheckArgs } from '../../src/cli/commands/check.ts';
import { parseCompatArgs } from '../../src/cli/commands/compat.ts';
import { parseServeArgs } from '../../src/cli/commands/serve.ts';
import { parseLoadArgs } from '../../src/load/args.ts';
import { parseLedger } from '../../src/report/expected-failures.ts';

const DOC = readFileSync(new URL('../../docs/ci.md', import.meta.url), 'utf8');

function fenced(language: string): string[] {
  return [...DOC.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]!);
}

/** Shell words of one command line: whitespace-separated, single and double quotes honoured. */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g)) out.push(m[1] ?? m[2] ?? m[3]!);
  return out;
}

/** Every `npx kcs ...` command in a shell script (one command per line, up to a shell operator). */
function kcsCommands(script: string): string[][] {
  const commands: string[][] = [];
  for (const line of script.split('\n')) {
    const m = /\bnpx kcs (.*)$/.exec(line);
    if (!m) continue;
    commands.push(words(m[1]!.split(/\s(?:&&|\|\||;|&|\||>)\s?/)[0]!));
  }
  return commands;
}

const PARSERS: Record<string, (args: readonly string[]) => unknown> = {
  check: (args) => parseCheckArgs(args, {}),
  load: (args) => parseLoadArgs(args, {}),
  serve: (args) => parseServeArgs(args, {}),
  compat: (args) => parseCompatArgs(args),
};

function expectParses(command: readonly string[]): void {
  const [name, ...args] = command;
  const parser = PARSERS[name!];
  expect(parser, `unknown kcs command '${name}'`).toBeDefined();
  const parsed = parser!(args);
  expect(parsed, command.join(' ')).not.toBe('help');
}

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}

describe('docs/ci.md', () => {
  const [github, gitlab] = fenced('yaml').map((text) => parse(text) as Record<string, unknown>);

  test('has a GitHub Actions workflow and a GitLab CI job', () => {
    expect(github).toHaveProperty('jobs');
    expect(gitlab).toHaveProperty('kinesis-conformance');
  });

  test('GitHub Actions: every step uses an action or runs a script; the kcs lines parse; the JUnit report is where kcs check writes it', () => {
    const jobs = github!['jobs'] as Record<string, { 'runs-on': string; steps: Step[] }>;
    const commands: string[][] = [];
    for (const [name, job] of Object.entries(jobs)) {
      expect(job['runs-on'], name).toMatch(/^ubuntu-/);
      for (const step of job.steps) {
        expect(step.uses !== undefined || step.run !== undefined, JSON.stringify(step)).toBe(true);
        if (step.run) commands.push(...kcsCommands(step.run));
      }
    }
    expect(commands.map((c) => c[0])).toEqual(['check', 'load']);
    for (const command of commands) expectParses(command);

    const check = parseCheckArgs(commands[0]!.slice(1), {});
    if (check === 'help') throw new Error('help');
    const steps = jobs['conformance']!.steps;
    const junit = steps.find((s) => s.uses?.startsWith('mikepenz/action-junit-report'));
    expect(junit?.with?.['report_paths']).toBe(`${check.reportDir}/junit.xml`);
    const upload = steps.find((s) => s.uses?.startsWith('actions/upload-artifact'));
    expect(upload?.with?.['path']).toBe(`${check.reportDir}/`);
    expect(check.expectFailures).toBe('ci/kcs-ledger.json');
    expect(check.endpoint?.url).toBe('http://127.0.0.1:4567');
  });

  test('GitLab CI: the kcs line parses and the JUnit report and artifacts are where kcs check writes them', () => {
    const job = gitlab!['kinesis-conformance'] as {
      image: string;
      script: string[];
      artifacts: { when: string; paths: string[]; reports: { junit: string } };
    };
    expect(job.image).toMatch(/^node:\d+/);
    const commands = job.script.flatMap(kcsCommands);
    expect(commands.map((c) => c[0])).toEqual(['check']);
    for (const command of commands) expectParses(command);
    const check = parseCheckArgs(commands[0]!.slice(1), {});
    if (check === 'help') throw new Error('help');
    expect(job.artifacts.when).toBe('always');
    expect(job.artifacts.reports.junit).toBe(`${check.reportDir}/junit.xml`);
    expect(job.artifacts.paths).toContain(`${check.reportDir}/`);
  });

  test('the example ledger is a valid ledger', () => {
    const [ledger] = fenced('json');
    expect(parseLedger(ledger!, 'docs/ci.md').entries).toHaveLength(1);
  });

  test('a broken command line in a recipe would be caught', () => {
    expect(() => expectParses(['check', '--endpoint', 'localhost:4567'])).toThrow(/--endpoint/);
    expect(() => expectParses(['check', '--expect-failure', 'x.json'])).toThrow(/Unknown option/);
  });
});
