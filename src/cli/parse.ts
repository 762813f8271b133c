import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.ts';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs with its errors turned into one-line usage errors. */
export function parseFlags(
  args: readonly string[],
  options: OptionSpecs,
): { values: Record<string, string | boolean | (string | boolean)[] | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values, positionals };
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0]! : String(err);
    throw new UsageError(message.replace(/\. To specify a positional argument.*$/, ''));
  }
}

export function stringFlag(values: Record<string, unknown>, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A repeatable flag whose values may also be comma-separated (`--only a,b --only c`), trimmed. */
export function commaList(values: Record<string, unknown>, name: string): string[] {
  return stringList(values, name)
    .flatMap((s) => s.split(','))
    .map((s) => s.trim());
}

export function stringList(values: Record<string, unknown>, name: string): string[] {
  const v = values[name];
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}
