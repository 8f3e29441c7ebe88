import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BackgroundWorker, type WorkerOptions } from '../../src/core/BackgroundWorker';
import { CacheManager, type CacheManagerOptions } from '../../src/core/CacheManager';
import { demoWaitOperation } from '../../src/core/operations/demoWait';
import { OperationRegistry } from '../../src/core/operations/OperationRegistry';
import type { Logger, OperationDefinition, TaskChangeEvent } from '../../src/core/types';

/** A fresh temp folder per test, removed afterwards (call it before opening engines in it). */
export function tempDir(t: { after(fn: () => unknown): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-test-'));
  closersByDir.set(dir, []);
  t.after(async () => {
    // Engines opened in the folder close first, whatever order the hooks were added in.
    for (const close of closersByDir.get(dir) ?? []) await close();
    closersByDir.delete(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return dir;
}

const closersByDir = new Map<string, (() => Promise<void>)[]>();

export interface CapturedLog {
  logger: Logger;
  warnings: string[];
  errors: string[];
}

export function captureLog(): CapturedLog {
  const warnings: string[] = [];
  const errors: string[] = [];
  return {
    warnings,
    errors,
    logger: {
      trace() {},
      debug() {},
      info() {},
      warn: (message: string) => void warnings.push(String(message)),
      error: (message: string | Error) => void errors.push(String(message)),
    },
  };
}

export interface Engine {
  manager: CacheManager;
  operations: OperationRegistry;
  worker: BackgroundWorker;
  events: TaskChangeEvent[];
  file: string;
  close(): Promise<void>;
}

export async function openEngine(
  t: { after(fn: () => unknown): void },
  options: {
    dir?: string;
    operations?: OperationDefinition[];
    worker?: WorkerOptions;
    manager?: Partial<CacheManagerOptions>;
    start?: boolean;
  } = {},
): Promise<Engine> {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'bt-test-'));
  const operations = new OperationRegistry();
  operations.register(demoWaitOperation);
  for (const operation of options.operations ?? []) operations.register(operation);
  const file = path.join(dir, 'tasks.db');
  const manager = await CacheManager.open({ file, operations, ...options.manager });
  const worker = new BackgroundWorker(manager, operations, { backoffBaseMs: 20, backoffMaxMs: 200, ...options.worker });
  const events: TaskChangeEvent[] = [];
  manager.onDidChangeTask((event) => events.push(event));
  if (options.start !== false) worker.start();
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await worker.stop(1000);
    await manager.close();
  };
  // node:test runs after-hooks in the order they were added: close before the folder goes.
  const closers = closersByDir.get(dir);
  if (closers) closers.push(close);
  else t.after(close);
  if (ownDir) t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return { manager, operations, worker, events, file, close };
}

/** Polls `check` until it returns a truthy value, or fails after the deadline. */
export async function waitFor<T>(check: () => T | undefined | false | null, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function waitForStatus(manager: CacheManager, taskId: string, status: string, timeoutMs = 10_000) {
  return waitFor(() => {
    const task = manager.getTaskStatus(taskId);
    return task.status === status ? task : undefined;
  }, `task ${taskId} to be ${status} (it is ${safeStatus(manager, taskId)})`, timeoutMs);
}

function safeStatus(manager: CacheManager, taskId: string): string {
  try {
    return manager.getTaskStatus(taskId).status;
  } catch (error) {
    return String(error);
  }
}

/** An operation whose runs the test controls: each run waits until released, and records what it saw. */
export function controlledOperation(name = 'test.controlled') {
  const runs: { taskId: string; attempt: number; parameters: unknown; signal: AbortSignal; release(value?: unknown): void; fail(error: Error): void }[] = [];
  const definition: OperationDefinition = {
    name,
    description: 'test operation',
    inputSchema: { type: 'object' },
    handler: (parameters, context) =>
      new Promise((resolve, reject) => {
        runs.push({ taskId: context.taskId, attempt: context.attempt, parameters, signal: context.signal, release: resolve, fail: reject });
      }),
  };
  return { definition, runs };
}
