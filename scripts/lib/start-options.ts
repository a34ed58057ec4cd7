// The options of `npm start`. Written `npm start -- --in-memory`, they reach the script;
// written `npm start --in-memory` (no `--`), npm keeps them as its own config and passes
// them only in the environment (`npm_config_in_memory=true`, `--no-demo` as
// `npm_config_demo=`), with a warning a newcomer does not read. Both spellings count.

export interface StartOptions {
  inMemory: boolean;
  withDemo: boolean;
  help: boolean;
  /** Arguments this script does not know: it refuses to start. */
  unknown: string[];
}

const KNOWN = ['--in-memory', '--no-demo', '--help', '-h'];

export function startOptions(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): StartOptions {
  const args = new Set(argv);
  const demoConfig = env.npm_config_demo;
  return {
    inMemory: args.has('--in-memory') || env.npm_config_in_memory === 'true',
    withDemo: !args.has('--no-demo') && demoConfig !== '' && demoConfig !== 'false',
    help: args.has('--help') || args.has('-h'),
    unknown: [...args].filter((arg) => !KNOWN.includes(arg)),
  };
}
