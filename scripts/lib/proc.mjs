// Child-process helpers: every command has a hard timeout, and long-lived servers run in their own
// process group so that stopping them stops everything they started.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';

export function log(message) {
  process.stdout.write(`[harness ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/**
 * Runs a command to completion. Rejects on a non-zero exit or when `timeoutMs` passes (the whole
 * process group is killed then). `logFile` receives stdout+stderr; otherwise they are inherited.
 */
export function run(command, args, { cwd, env, timeoutMs = 10 * 60_000, logFile, quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const out = logFile ? createWriteStream(logFile, { flags: 'a' }) : undefined;
    const child = spawn(command, args, {
      cwd,
      env: env ?? process.env,
      detached: true, // own process group: a timeout kills its children too
      stdio: ['ignore', out || quiet ? 'pipe' : 'inherit', out || quiet ? 'pipe' : 'inherit'],
    });
    let tail = '';
    const collect = (chunk) => {
      out?.write(chunk);
      tail = (tail + chunk.toString()).slice(-4000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const timer = setTimeout(() => {
      killGroup(child.pid, 'SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} timed out after ${Math.round(timeoutMs / 1000)} s\n${tail}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      out?.end();
      if (code === 0) resolve(tail);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}${logFile ? ` (log: ${logFile})` : ''}\n${tail}`));
    });
  });
}

/** Runs a command and returns its stdout, or undefined when it fails. */
export async function capture(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    child.stdout.on('data', (chunk) => (text += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve(code === 0 ? text : undefined);
    });
  });
}

export function killGroup(pid, signal = 'SIGTERM') {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      /* already gone */
    }
  }
}

export function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns a truthy value or the deadline passes. */
export async function waitFor(description, check, { timeoutMs = 30_000, intervalMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await delay(intervalMs);
  }
  throw new Error(`Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${description}${lastError ? `: ${lastError.message}` : ''}`);
}
