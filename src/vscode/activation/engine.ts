import { mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { BackgroundWorker } from '../../core/BackgroundWorker';
import { CacheManager } from '../../core/CacheManager';
import { OperationRegistry } from '../../core/operations/OperationRegistry';
import { demoWaitOperation } from '../../core/operations/demoWait';
import type { Logger } from '../../core/types';

export const DATABASE_FILE_NAME = 'tasks.db';

/**
 * How long deactivate lets running tasks finish before aborting them. VS Code gives all extensions
 * 5 s in total to deactivate; the flush after the stop needs some of that.
 */
const STOP_DEADLINE_MS = 2500;

/** The engine of one extension host: the operations, the database and the worker running them. */
export interface Engine extends vscode.Disposable {
  readonly operations: OperationRegistry;
  readonly manager: CacheManager;
  readonly worker: BackgroundWorker;
  readonly databaseFile: string;
  /** Stops the worker (running tasks get a short deadline) and closes (flushes) the database. Idempotent. */
  shutdown(): Promise<void>;
}

/**
 * Opens the task database in the extension's global storage (one file shared by every window, so a
 * task enqueued in one window is seen, and run, by all), registers the built-in operations and starts
 * the worker.
 */
export async function startEngine(globalStorage: vscode.Uri, logger: Logger): Promise<Engine> {
  if (globalStorage.scheme !== 'file') {
    throw new Error(`Background Tasks needs a local global storage folder; got ${globalStorage.toString()}`);
  }
  const folder = globalStorage.fsPath;
  await mkdir(folder, { recursive: true });
  const databaseFile = path.join(folder, DATABASE_FILE_NAME);

  const operations = new OperationRegistry();
  const registrations = [operations.register(demoWaitOperation)];
  let manager: CacheManager;
  try {
    manager = await CacheManager.open({ file: databaseFile, operations, logger });
  } catch (error) {
    for (const registration of registrations) registration.dispose();
    operations.dispose();
    throw error;
  }
  const worker = new BackgroundWorker(manager, operations, {}, logger);
  worker.start();

  let stopping: Promise<void> | undefined;
  const shutdown = () =>
    (stopping ??= (async () => {
      const started = Date.now();
      try {
        await worker.stop(STOP_DEADLINE_MS);
      } catch (error) {
        logger.error(`Stopping the worker failed: ${String(error)}`);
      } finally {
        // The flush runs whatever happened to the stop.
        try {
          await manager.close();
          logger.info(`Stopped in ${Date.now() - started} ms: worker stopped, database flushed and closed`);
        } finally {
          for (const registration of registrations) registration.dispose();
          operations.dispose();
        }
      }
    })());

  return {
    operations,
    manager,
    worker,
    databaseFile,
    shutdown,
    dispose: () => void shutdown(),
  };
}
