import * as vscode from 'vscode';
import type { CacheManager } from '../../core/CacheManager';
import type { OperationRegistry } from '../../core/operations/OperationRegistry';
import type {
  EnqueueInput,
  EnqueueResult,
  JsonObject,
  ListTasksInput,
  OperationHandler,
  TaskChangeEvent,
  TaskRecord,
  TaskStatus,
  TaskSummary,
} from '../../core/types';
import type { Engine } from './engine';

export type {
  EnqueueInput,
  EnqueueResult,
  JsonObject,
  ListTasksInput,
  OperationContext,
  OperationHandler,
  TaskChangeEvent,
  TaskRecord,
  TaskStatus,
  TaskStatusName,
  TaskSummary,
} from '../../core/types';

export interface RegisterOperationOptions {
  /** Shown in "Enqueue Task..." and to MCP clients (cache_operation_list). */
  description: string;
  /** JSON Schema of the parameters; default `{ "type": "object" }`. "Enqueue Task..." checks typed parameters against it. */
  inputSchema?: JsonObject;
  /** Runs at enqueue time; throw (ideally `new Error('parameters.x: rule')`) to refuse the parameters. */
  validate?: (parameters: JsonObject) => void;
}

/**
 * What `activate` returns, for other extensions:
 * `vscode.extensions.getExtension<BackgroundTasksApi>('background-tasks.background-tasks')?.activate()`.
 * Register an operation (your cache-refresh job), then enqueue tasks of it; they run in the background
 * with priorities, retries, progress and cancel, and survive a reload.
 */
export interface BackgroundTasksApi {
  /** Bumped on incompatible changes. */
  readonly apiVersion: 1;
  /**
   * Adds an operation this window runs. The name is global to the queue (every window and process
   * shares it): prefix it with your extension's name, e.g. "myExtension.refreshCache". Throws if the
   * name is taken. Dispose to remove it; queued tasks of it then wait until it is registered again.
   */
  registerOperation(name: string, handler: OperationHandler, options: RegisterOperationOptions): vscode.Disposable;
  /** Validates and queues a task; resolves once it is queued (in memory; on disk shortly after). */
  enqueue(input: EnqueueInput): Promise<EnqueueResult>;
  /** Throws "Task <id> not found" for unknown ids. */
  getTaskStatus(taskId: string): TaskStatus;
  /** The whole task, parameters included. */
  getTask(taskId: string): TaskRecord;
  /** Newest first; default 50, at most 500. */
  listTasks(input?: ListTasksInput): TaskSummary[];
  /** Queued: cancelled at once. Running: its AbortSignal fires, and it ends as cancelled. */
  cancel(taskId: string): Promise<TaskStatus>;
  /** A failed or cancelled task is queued again. */
  retry(taskId: string): Promise<TaskStatus>;
  /** Every state change and progress report of any task (throttle your own UI updates). */
  readonly onDidChangeTask: vscode.Event<TaskChangeEvent>;

  /** @internal The engine itself, for this extension's tests. Not a stable API. */
  readonly manager: CacheManager;
  /** @internal */
  readonly operations: OperationRegistry;
  /** @internal The database file in the extension's global storage. */
  readonly databaseFile: string;
  /** @internal From the start of `activate` until the engine ran and the views were registered. */
  readonly activationTimeMs: number;
  /** @internal What the UI shows, for the end-to-end tests. */
  readonly ui?: UiProbe;
}

/** @internal */
export interface UiProbe {
  statusBarText(): string | undefined;
  treeSnapshot(): { description: string | undefined; message: string | undefined; groups: { label: string; tasks: string[] }[] };
}

export function createApi(engine: Engine, activationTimeMs: number, ui?: UiProbe): BackgroundTasksApi {
  const { manager, operations, databaseFile } = engine;
  const onDidChangeTask: vscode.Event<TaskChangeEvent> = (listener, thisArgs, disposables) => {
    const subscription = manager.onDidChangeTask((event) => listener.call(thisArgs, event));
    const disposable = new vscode.Disposable(() => subscription.dispose());
    if (Array.isArray(disposables)) disposables.push(disposable);
    return disposable;
  };
  return {
    apiVersion: 1,
    registerOperation: (name, handler, options) => {
      if (typeof handler !== 'function') throw new TypeError('registerOperation: handler must be a function');
      if (!options || typeof options.description !== 'string') throw new TypeError('registerOperation: options.description must be a string');
      const registration = operations.register({
        name,
        handler,
        description: options.description,
        inputSchema: options.inputSchema ?? { type: 'object' },
        ...(options.validate ? { validate: options.validate } : {}),
      });
      return new vscode.Disposable(() => registration.dispose());
    },
    enqueue: (input) => manager.enqueueTask(input),
    getTaskStatus: (taskId) => manager.getTaskStatus(taskId),
    getTask: (taskId) => manager.getTask(taskId),
    listTasks: (input) => manager.listTasks(input),
    cancel: (taskId) => manager.cancelTask(taskId),
    retry: (taskId) => manager.retryTask(taskId),
    onDidChangeTask,
    manager,
    operations,
    databaseFile,
    activationTimeMs,
    ...(ui ? { ui } : {}),
  };
}
