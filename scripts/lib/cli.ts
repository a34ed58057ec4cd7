// Small helpers for the CLI commands: argument parsing with clear errors, the target
// (the local store, or a deployed stack with --stack), output.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { StackTarget } from './stack';

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

/** Where a CLI command works: the local DynamoDB, or a deployed stack. */
export type Target = { kind: 'local' } | ({ kind: 'stack' } & StackTarget);
export const LOCAL: Target = { kind: 'local' };

// A stack name as CloudFormation allows it, or a stack id (ARN).
const STACK_NAME =
  /^(?:[A-Za-z][A-Za-z0-9-]{0,127}|arn:aws[a-z-]*:cloudformation:[a-z0-9-]+:\d{12}:stack\/[A-Za-z][A-Za-z0-9-]{0,127}\/[A-Za-z0-9-]+)$/;

/** The options every command takes to work on a deployed stack instead of the local store. */
export const TARGET_OPTIONS = {
  stack: { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
} as const;
export const TARGET_USAGE = '[--stack <name> [--region <region>] [--profile <profile>]]';

export function targetOf(
  values: { stack?: string | undefined; region?: string | undefined; profile?: string | undefined },
  usage: string,
): Target {
  if (values.stack === undefined) {
    if (values.region !== undefined || values.profile !== undefined)
      throw new UsageError(`--region and --profile go with --stack <name>\n\n${usage}`);
    return LOCAL;
  }
  if (!STACK_NAME.test(values.stack))
    throw new UsageError(`--stack must name a CloudFormation stack (letters, digits, -), got ${values.stack}`);
  if (values.region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d+$/.test(values.region))
    throw new UsageError(`--region must be an AWS region such as eu-central-1, got ${values.region}`);
  return { kind: 'stack', stackName: values.stack, region: values.region, profile: values.profile };
}

/** Runs `main` when this module is the script node was started with (not when a test imports it). */
export function runIfMain(moduleUrl: string, main: (argv: string[]) => Promise<void>): void {
  const script = process.argv[1];
  if (script && pathToFileURL(path.resolve(script)).href === moduleUrl) runCli(() => main(process.argv.slice(2)));
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
