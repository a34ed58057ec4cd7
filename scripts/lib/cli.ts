// Small helpers for the CLI commands: argument parsing with clear errors, output.
import { type ParseArgsConfig, parseArgs } from 'node:util';

export class UsageError extends Error {}

export function args<T extends NonNullable<ParseArgsConfig['options']>>(
  options: T,
  usage: string,
  argv = process.argv.slice(2),
) {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
  }
}

export function need<T>(value: T | undefined, what: string, usage: string): T {
  if (value === undefined || value === '') throw new UsageError(`missing ${what}\n\n${usage}`);
  return value;
}

export function yearOf(text: string, usage: string): number {
  const year = Number(text);
  if (!Number.isInteger(year) || year < 1990 || year > 2100)
    throw new UsageError(`--year must be a year, got ${text}\n\n${usage}`);
  return year;
}

/** Runs a CLI main: usage errors and typed errors print one clear line and exit non-zero. */
export function runCli(main: () => Promise<void>): void {
  main().then(
    () => process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0),
    (error: unknown) => {
      if (error instanceof UsageError) process.stderr.write(`${error.message}\n`);
      else if (error instanceof Error && 'code' in error && typeof (error as { code: unknown }).code === 'string') {
        const issues = (error as { issues?: { path: string; message: string }[] }).issues ?? [];
        process.stderr.write(
          `error (${(error as { code: string }).code}): ${error.message}\n${issues.map((i) => `  ${i.path}: ${i.message}\n`).join('')}`,
        );
      } else process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
