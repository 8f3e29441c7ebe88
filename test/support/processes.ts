import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

export interface Child {
  process: ChildProcess;
  lines: Record<string, unknown>[];
  next(event: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

const childScript = path.join(__dirname, 'childEngine.ts');

/** Starts test/support/childEngine.ts in a real Node process. */
export function startChild(t: { after(fn: () => unknown): void }, dir: string, mode: string, args: string[] = [], env: Record<string, string> = {}): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', childScript, dir, mode, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const lines: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      lines.push(JSON.parse(line));
    } catch {
      lines.push({ event: 'garbage', line });
    }
    for (const wake of waiters.splice(0)) wake();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    for (const wake of waiters.splice(0)) wake();
    resolve(code);
  }));
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const consumed = new Set<number>();
  return {
    process: child,
    lines,
    exited,
    async next(event, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const index = lines.findIndex((line, i) => line.event === event && !consumed.has(i));
        if (index >= 0) {
          consumed.add(index);
          return lines[index]!;
        }
        if (child.exitCode !== null || child.signalCode !== null) throw new Error(`child exited (${child.exitCode ?? child.signalCode}) before "${event}": ${stderr}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for "${event}" from child: ${stderr}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
  };
}

export function kill(child: Child): Promise<number | null> {
  child.process.kill('SIGKILL');
  return child.exited;
}
