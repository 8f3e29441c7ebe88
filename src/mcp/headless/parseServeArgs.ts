// Command-line parsing for the headless server. No dependency: the grammar is small and the errors must be exact.

export const USAGE = `Usage:
  background-tasks serve --storage DIR (--stdio | --http PORT) [--allow-shell]
  background-tasks --help | --version

Serves the Background Tasks MCP tools (cache_task_*) from the task database DIR/tasks.db and runs its tasks.
  --storage DIR   folder of the task database (created if missing); share it with the editor to share the queue
  --stdio         speak MCP over stdin/stdout (for a client that starts this process)
  --http PORT     Streamable HTTP on 127.0.0.1:PORT (0 picks a free port); the first stdout line is
                  {"url": ..., "headers": {...}}: the headers every request must carry
  --allow-shell   also offer the \`shell\` operation (runs command lines through the system shell)
Logs go to stderr.`;

export class UsageError extends Error {}

export type ServeTransport = { kind: 'stdio' } | { kind: 'http'; port: number };

export interface ServeArgs {
  command: 'serve';
  storage: string;
  transport: ServeTransport;
  allowShell: boolean;
}

export type CliArgs = ServeArgs | { command: 'help' } | { command: 'version' };

export function parseCliArgs(argv: readonly string[]): CliArgs {
  if (argv.length === 0) throw new UsageError('missing command: expected "serve"');
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') return { command: 'help' };
  if (command === '--version' || command === '-v') return { command: 'version' };
  if (command !== 'serve') throw new UsageError(`unknown command "${command}": expected "serve"`);

  let storage: string | undefined;
  let stdio = false;
  let httpPort: number | undefined;
  let allowShell = false;
  const seen = new Set<string>();
  for (let i = 0; i < rest.length; i++) {
    let arg = rest[i]!;
    let inline: string | undefined;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      inline = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    const value = (): string => {
      const next = inline ?? rest[++i];
      if (next === undefined || (inline === undefined && next.startsWith('--'))) throw new UsageError(`${arg} needs a value`);
      return next;
    };
    const noValue = () => {
      if (inline !== undefined) throw new UsageError(`${arg} takes no value`);
    };
    if (arg === '--help' || arg === '-h') return { command: 'help' };
    if (seen.has(arg)) throw new UsageError(`${arg} given twice`);
    seen.add(arg);
    switch (arg) {
      case '--storage': {
        storage = value();
        if (!storage.trim()) throw new UsageError('--storage: must be a folder path');
        break;
      }
      case '--stdio':
        noValue();
        stdio = true;
        break;
      case '--http': {
        const text = value();
        if (!/^\d{1,5}$/.test(text) || Number(text) > 65535) throw new UsageError(`--http: port must be an integer from 0 to 65535, not "${text}"`);
        httpPort = Number(text);
        break;
      }
      case '--allow-shell':
        noValue();
        allowShell = true;
        break;
      default:
        throw new UsageError(arg.startsWith('-') ? `unknown option ${arg}` : `unexpected argument "${arg}"`);
    }
  }
  if (storage === undefined) throw new UsageError('--storage DIR is required');
  if (stdio && httpPort !== undefined) throw new UsageError('give either --stdio or --http PORT, not both');
  if (!stdio && httpPort === undefined) throw new UsageError('give --stdio or --http PORT');
  return {
    command: 'serve',
    storage,
    transport: stdio ? { kind: 'stdio' } : { kind: 'http', port: httpPort! },
    allowShell,
  };
}
