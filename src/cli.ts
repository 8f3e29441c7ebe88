// Headless entry (bundled to dist/cli.js): `background-tasks serve --storage DIR (--stdio | --http PORT) [--allow-shell]`.
import packageJson from '../package.json';
import { createStderrLogger } from './core/logger';
import { parseCliArgs, USAGE, UsageError, type CliArgs } from './mcp/headless/parseServeArgs';
import { serve } from './mcp/headless/serve';

async function main(argv: readonly string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`background-tasks: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.command === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (args.command === 'version') {
    process.stdout.write(packageJson.version + '\n');
    return 0;
  }

  const logger = createStderrLogger('background-tasks');
  const server = await serve(args, { stdin: process.stdin, stdout: process.stdout, logger, version: packageJson.version });
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      logger.warn(`${signal} again: exiting without waiting`);
      process.exit(1);
    }
    logger.info(`${signal}: shutting down`);
    void server.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  await server.stopped;
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`background-tasks: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
