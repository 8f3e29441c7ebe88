import type { CacheManager } from '../../core/CacheManager';
import type { OperationRegistry } from '../../core/operations/OperationRegistry';
import type { EnqueueInput, EnqueueResult, ListTasksInput, TaskStatus, TaskSummary } from '../../core/types';
import type { Engine } from './engine';

/**
 * What `activate` returns: `vscode.extensions.getExtension('background-tasks.background-tasks').exports`.
 * Other extensions (and the end-to-end tests) enqueue through it, or register their own operations.
 */
export interface BackgroundTasksApi {
  readonly manager: CacheManager;
  readonly operations: OperationRegistry;
  /** The database file in the extension's global storage. */
  readonly databaseFile: string;
  /** From the start of `activate` until the engine ran and the views were registered. */
  readonly activationTimeMs: number;
  enqueue(input: EnqueueInput): Promise<EnqueueResult>;
  getTaskStatus(taskId: string): TaskStatus;
  listTasks(input?: ListTasksInput): TaskSummary[];
}

export function createApi(engine: Engine, activationTimeMs: number): BackgroundTasksApi {
  const { manager, operations, databaseFile } = engine;
  return {
    manager,
    operations,
    databaseFile,
    activationTimeMs,
    enqueue: (input) => manager.enqueueTask(input),
    getTaskStatus: (taskId) => manager.getTaskStatus(taskId),
    listTasks: (input) => manager.listTasks(input),
  };
}
