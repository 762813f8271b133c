/**
 * The `kcs` command: a thin dispatcher. Usage errors print one line and exit 2; anything unexpected prints
 * one line (the stack with KCS_DEBUG=1) and exits 2 as well, never a raw stack trace.
 */
import { KcsError, UsageError } from '../errors.ts';
import { KCS_VERSION } from '../package-info.ts';

type Command = { summary: string; run: (args: readonly string[]) => Promise<number> };

// Each command is imported only when it runs: `check` pulls in vitest, `load` worker threads, and a
// server should not pay for either at start-up.
const COMMANDS: Record<string, Command> = {
  serve: {
    summary: 'run the reference Kinesis-compatible server',
    run: async (args) => (await import('./commands/serve.ts')).serveCommand(args),
  },
  check: {
    summary: 'run the conformance suites against an endpoint',
    run: async (args) => (await import('./commands/check.ts')).checkCommand(args),
  },
  load: {
    summary: 'load an endpoint with PutRecords and measure it',
    run: async (args) => (await import('./commands/load.ts')).loadCommand(args),
  },
  compat: {
    summary: 'conformance matrix of several targets',
    run: async (args) => (await import('./commands/compat.ts')).compatCommand(args),
  },
};

function mainHelp(): string {
  const rows = Object.entries(COMMANDS)
    .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
    .join('\n');
  return `kcs ${KCS_VERSION}: is this endpoint a Kinesis-compatible Data Streams API, and how fast is it?

Usage: kcs <command> [options]

Commands:
${rows}

Run 'kcs <command> --help' for a command's options.
`;
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(mainHelp());
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${KCS_VERSION}\n`);
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`unknown command '${name}' (try 'kcs --help')`);
  return command.run(rest);
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  if (err instanceof UsageError) {
    process.stderr.write(`kcs: ${err.message}\n`);
  } else if (err instanceof KcsError) {
    process.stderr.write(`kcs: ${err.code}: ${err.message}\n`);
  } else {
    process.stderr.write(`kcs: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (process.env['KCS_DEBUG']) console.error(err);
  }
  process.exitCode = 2;
}
