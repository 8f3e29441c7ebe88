// Helpers shared by the benchmark's parent (run.ts) and its children (systems/*.ts).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** A child prints its result as one line starting with this marker; everything else is diagnostics. */
export const RESULT_MARKER = '@@bench-result ';

export interface SystemResult {
  system: string;
  n: number;
  tasks_per_s: number;
  [key: string]: unknown;
}

export function emitResult(result: SystemResult): void {
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
}

/** `--name value` and `--flag` arguments; values are strings. */
export function parseArgs(argv: string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const eq = arg.indexOf('=');
    if (eq > 0) {
      args.set(arg.slice(2, eq), arg.slice(eq + 1));
    } else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) {
      args.set(arg.slice(2), argv[++i]!);
    } else {
      args.set(arg.slice(2), 'true');
    }
  }
  return args;
}

export function intArg(args: Map<string, string>, name: string, fallback: number): number {
  const raw = args.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`--${name} must be a positive integer, got ${raw}`);
  return value;
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return round(process.resourceUsage().maxRSS / 1024, 1);
}

/** The longest event-loop stall, from perf_hooks.monitorEventLoopDelay (10 ms resolution). */
export class StallMonitor {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  /**
   * The histogram records nothing until its timer fired once (after enable or reset): let it fire before
   * the measured work, or the first stall is lost.
   */
  async start(): Promise<this> {
    this.histogram.enable();
    await new Promise((resolve) => setTimeout(resolve, 25));
    return this;
  }
  /** Longest delay seen since start/reset, in ms. */
  maxMs(): number {
    // The histogram records the whole delay between two checks, resolution included.
    return round(this.histogram.max / 1e6, 1);
  }
  async reset(): Promise<void> {
    this.histogram.reset();
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  /** Lets the loop turn once more first, so a stall that is still going on gets recorded. */
  async stop(): Promise<number> {
    await new Promise((resolve) => setTimeout(resolve, 25));
    this.histogram.disable();
    return this.maxMs();
  }
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `bt-bench-${prefix}-`));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** temp file + fsync + rename + fsync(dir): the same atomic write the engine does. */
export function writeAtomicallySync(file: string, bytes: Uint8Array): void {
  const temp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(temp, 'w', 0o600);
  try {
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, file);
  const dirFd = fs.openSync(path.dirname(file), 'r');
  try {
    fs.fsyncSync(dirFd);
  } finally {
    fs.closeSync(dirFd);
  }
}

export function round(value: number, digits = 0): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/** Resolves when `done()` returns true, polling every `everyMs`; rejects after `timeoutMs`. */
export async function waitUntil(done: () => boolean, what: string, timeoutMs: number, everyMs = 5): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
