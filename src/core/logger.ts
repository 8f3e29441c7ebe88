import type { Logger } from './types';

export const silentLogger: Logger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
};

/** Logs to stderr: stdout belongs to the headless server's protocol. */
export function createStderrLogger(prefix = 'background-tasks', minimum: 'debug' | 'info' | 'warn' = 'info'): Logger {
  const levels = ['trace', 'debug', 'info', 'warn', 'error'];
  const floor = levels.indexOf(minimum);
  const write = (level: string) => (message: unknown, ...args: unknown[]) => {
    if (levels.indexOf(level) < floor) return;
    const text = message instanceof Error ? (message.stack ?? message.message) : String(message);
    const extra = args.length ? ' ' + args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ') : '';
    process.stderr.write(`${new Date().toISOString()} [${prefix}] ${level}: ${text}${extra}\n`);
  };
  return {
    trace: write('trace'),
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
  };
}
