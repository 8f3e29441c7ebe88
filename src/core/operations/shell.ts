// The opt-in `shell` operation: runs exactly the user's command line through the system shell (sh -c on POSIX,
// cmd.exe on Windows), captures output up to a bound, and kills the whole process group on cancel or timeout.
// Registered only where the user asked for it (`serve --allow-shell`, or the extension when enabled).
import { spawn, spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ValidationError } from '../errors';
import type { JsonObject, OperationContext, OperationDefinition } from '../types';
import { MAX_TIMEOUT_MS, parseInput } from '../validation';

export const SHELL_OPERATION_NAME = 'shell';
export const DEFAULT_MAX_OUTPUT_BYTES = 256 * 1024;
/** After SIGTERM, how long a process group gets before SIGKILL. */
export const KILL_GRACE_MS = 2000;

const shellParameters = z.strictObject({
  command: z.string({ message: 'must be a string' }).min(1, 'must be a non-empty string').max(100_000, 'must be at most 100000 characters'),
  cwd: z.string({ message: 'must be a string' }).min(1, 'must be a non-empty string').optional(),
  timeout_ms: z.number({ message: 'must be a number' }).int('must be an integer').min(1, 'must be at least 1').max(MAX_TIMEOUT_MS, 'must be at most 7 days').optional(),
});

export interface ShellOperationOptions {
  /** Folder a relative or omitted cwd is resolved against; default: the process's working directory. */
  defaultCwd?: () => string | undefined;
  /** Per stream (stdout, stderr): the last this-many bytes are kept; default 256 KiB. */
  maxOutputBytes?: number;
}

export interface ShellResult {
  exit_code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** True when earlier output was dropped to stay within the bound (the end is kept). */
  stdout_truncated: boolean;
  stderr_truncated: boolean;
  duration_ms: number;
  cwd: string;
}

export function createShellOperation(options: ShellOperationOptions = {}): OperationDefinition {
  const maxOutputBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const resolveCwd = (cwd: string | undefined): string => path.resolve(options.defaultCwd?.() ?? process.cwd(), cwd ?? '.');
  return {
    name: SHELL_OPERATION_NAME,
    description:
      'Runs a command line through the system shell (sh -c on Linux and macOS, cmd.exe on Windows) and returns ' +
      `{exit_code, stdout, stderr, duration_ms}; the last ${maxOutputBytes} bytes of each stream are kept. A non-zero exit ` +
      'code fails the task (and is retried up to max_retries). Cancelling kills the command and everything it started.',
    inputSchema: {
      type: 'object',
      properties: {
        command: { type: 'string', minLength: 1, description: 'The command line, run exactly as given.' },
        cwd: { type: 'string', minLength: 1, description: 'Working folder (relative paths resolve against the default).' },
        timeout_ms: { type: 'integer', minimum: 1, maximum: MAX_TIMEOUT_MS, description: 'Kill the command after this long.' },
      },
      required: ['command'],
      additionalProperties: false,
    },
    validate: (parameters) => {
      const { cwd } = parseInput(shellParameters, parameters, 'parameters');
      if (cwd !== undefined && !isDirectory(resolveCwd(cwd))) throw new ValidationError('parameters.cwd', `folder ${resolveCwd(cwd)} does not exist`);
    },
    handler: (parameters, context) => runShell(parameters, context, resolveCwd, maxOutputBytes),
  };
}

/** The shell operation with default options. */
export const shellOperation: OperationDefinition = createShellOperation();

async function runShell(
  parameters: JsonObject,
  context: OperationContext,
  resolveCwd: (cwd: string | undefined) => string,
  maxOutputBytes: number,
): Promise<ShellResult> {
  const { command, cwd, timeout_ms } = parseInput(shellParameters, parameters, 'parameters');
  const folder = resolveCwd(cwd);
  if (!isDirectory(folder)) throw new Error(`cwd: folder ${folder} does not exist`);
  context.signal.throwIfAborted();

  const started = Date.now();
  const child = spawn(command, {
    cwd: folder,
    shell: true,
    // Its own process group on POSIX, so a kill reaches everything the command started.
    detached: process.platform !== 'win32',
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });
  const stdout = new TailBuffer(maxOutputBytes);
  const stderr = new TailBuffer(maxOutputBytes);
  let lastLine = '';
  let lastReport = 0;
  const onOutput = (buffer: TailBuffer) => (chunk: Buffer) => {
    buffer.push(chunk);
    const line = chunk.toString('utf8').split(/\r?\n/).filter((l) => l.trim()).pop();
    if (line) lastLine = line.trim().slice(0, 200);
    const now = Date.now();
    if (lastLine && now - lastReport > 250) {
      lastReport = now;
      context.reportProgress(0, lastLine);
    }
  };
  child.stdout.on('data', onOutput(stdout));
  child.stderr.on('data', onOutput(stderr));

  let stopReason: string | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  const stop = (reason: string) => {
    if (stopReason || child.exitCode !== null || child.signalCode !== null) return;
    stopReason = reason;
    killTree(child.pid, 'SIGTERM');
    killTimer = setTimeout(() => killTree(child.pid, 'SIGKILL'), KILL_GRACE_MS);
    killTimer.unref();
  };
  const onAbort = () => stop(describeAbort(context.signal.reason));
  context.signal.addEventListener('abort', onAbort, { once: true });
  const timeoutTimer = timeout_ms !== undefined ? setTimeout(() => stop(`timed out after ${timeout_ms} ms`), timeout_ms) : undefined;

  try {
    const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.once('error', reject);
      // 'close' waits for the output pipes too (a background grandchild may hold them: the group kill ends it).
      child.once('close', (code, sig) => resolve([code, sig]));
    });
    const result: ShellResult = {
      exit_code: exitCode,
      signal,
      stdout: stdout.text(),
      stderr: stderr.text(),
      stdout_truncated: stdout.truncated,
      stderr_truncated: stderr.truncated,
      duration_ms: Date.now() - started,
      cwd: folder,
    };
    if (context.signal.aborted) throw context.signal.reason;
    if (stopReason) throw new Error(`command ${stopReason}${tailForError(result.stderr)}`);
    if (exitCode !== 0) {
      throw new Error(`command exited with ${exitCode === null ? `signal ${signal}` : `code ${exitCode}`}${tailForError(result.stderr || result.stdout)}`);
    }
    return result;
  } finally {
    context.signal.removeEventListener('abort', onAbort);
    if (timeoutTimer) clearTimeout(timeoutTimer);
    if (killTimer) clearTimeout(killTimer);
    // Stopped: whatever in the group survived SIGTERM goes now.
    if (stopReason) killTree(child.pid, 'SIGKILL');
  }
}

function killTree(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    if (process.platform === 'win32') {
      spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true });
    } else {
      process.kill(-pid, signal);
    }
  } catch {
    // Already gone.
  }
}

function describeAbort(reason: unknown): string {
  if (reason instanceof Error) return `stopped: ${reason.message}`;
  return typeof reason === 'string' ? `stopped: ${reason}` : 'stopped';
}

function tailForError(text: string): string {
  const trimmed = text.trim();
  if (!trimmed) return '';
  return `: ${trimmed.length > 2000 ? '…' + trimmed.slice(-2000) : trimmed}`;
}

function isDirectory(folder: string): boolean {
  try {
    return statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

/** Keeps the last `limit` bytes written. */
class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;
  truncated = false;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size > this.limit && this.chunks.length) {
      const excess = this.size - this.limit;
      const first = this.chunks[0]!;
      this.truncated = true;
      if (first.length <= excess) {
        this.chunks.shift();
        this.size -= first.length;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.size -= excess;
      }
    }
  }

  text(): string {
    // A cut in the middle of a UTF-8 sequence shows as one replacement character at the start: acceptable.
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
