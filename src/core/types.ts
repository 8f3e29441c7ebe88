// The engine's public vocabulary. Field names in TaskStatus and TaskSummary are the seed's
// (snake_case): these objects go to MCP clients unchanged.

export const TASK_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export type TaskStatusName = (typeof TASK_STATUSES)[number];

export const FINISHED_STATUSES: readonly TaskStatusName[] = ['completed', 'failed', 'cancelled'];

/** Seconds since the epoch, fractional, as the seed's `time.time()`. */
export type EpochSeconds = number;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** What `getTaskStatus` returns: the seed's fields first, then what the engine adds. */
export interface TaskStatus {
  task_id: string;
  status: TaskStatusName;
  /** 0-100. */
  progress: number;
  created_at: EpochSeconds;
  completed_at: EpochSeconds | null;
  /** Present when status is completed and the handler returned a value. */
  result?: JsonValue;
  /** Present when status is failed (and kept on a queued retry: the last error). */
  error?: string;
  operation: string;
  account_id: string | null;
  priority: number;
  progress_message: string | null;
  started_at: EpochSeconds | null;
  /** Starts so far (claims). */
  attempts: number;
  /** Failures that were retried, as in the seed. */
  retry_count: number;
  max_retries: number;
  /** When a queued task may start next (delay or retry backoff). */
  run_after: EpochSeconds;
  timeout_ms: number | null;
  dedup_key: string | null;
  cancel_requested: boolean;
  /** Why a queued task is not running, when the engine knows (e.g. no process offers its operation). */
  waiting_reason?: string;
}

/** What `listTasks` returns per task: the seed's fields, then a few the UI needs. */
export interface TaskSummary {
  task_id: string;
  operation: string;
  status: TaskStatusName;
  progress: number;
  created_at: EpochSeconds;
  account_id: string | null;
  priority: number;
  progress_message: string | null;
  started_at: EpochSeconds | null;
  completed_at: EpochSeconds | null;
  /** When a queued task may start (delay or retry backoff). */
  run_after: EpochSeconds;
  attempts: number;
  max_retries: number;
  error?: string;
}

/** The whole stored task, for details views. */
export interface TaskRecord extends TaskStatus {
  task_type: string;
  parameters: JsonObject;
  lease_owner: string | null;
  lease_expires_at: EpochSeconds | null;
}

export interface EnqueueInput {
  operation: string;
  parameters?: JsonObject;
  /** Omitted: no account. */
  account_id?: string | null;
  /** 1 (highest) to 10; default 5. */
  priority?: number;
  /** Default from the manager's options (3, as in the seed). */
  max_retries?: number;
  /** Delayed start, in ms from now. */
  delay_ms?: number;
  /** Per-attempt timeout; omitted: the manager's default (none unless configured). */
  timeout_ms?: number | null;
  /** A second enqueue with the same key while one is queued or running returns the existing task. */
  dedup_key?: string | null;
}

export interface EnqueueResult {
  task_id: string;
  status: TaskStatusName;
  /** True when an active task with the same dedup_key already existed and was returned. */
  deduplicated: boolean;
}

export interface ListTasksInput {
  account_id?: string | null;
  status?: TaskStatusName | null;
  /** 1-500, default 50. */
  limit?: number;
}

export type TaskCounts = Record<TaskStatusName, number>;

export type TaskChangeKind =
  | 'enqueued'
  | 'started'
  | 'progress'
  | 'completed'
  | 'failed'
  | 'retrying'
  | 'cancelled'
  | 'requeued'
  | 'deleted';

export interface TaskChangeEvent {
  task_id: string;
  kind: TaskChangeKind;
  status: TaskStatusName | null;
}

/** Fired when the database was reloaded because another process changed it: everything may differ. */
export interface ExternalChangeEvent {
  reason: 'reloaded';
}

export interface Logger {
  trace(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  error(message: string | Error, ...args: unknown[]): void;
}

export interface OperationContext {
  /** Fires on cancel, timeout or shutdown; `signal.reason` says which. */
  signal: AbortSignal;
  /** percent 0-100 (clamped), optional message; cheap to call often. */
  reportProgress(percent: number, message?: string): void;
  /** 1 on the first run, 2 on the first retry, ... */
  attempt: number;
  taskId: string;
  accountId: string | null;
  logger: Logger;
}

/** Returns a JSON-serialisable value (or undefined). */
export type OperationHandler = (parameters: JsonObject, context: OperationContext) => Promise<unknown> | unknown;

export interface OperationDefinition {
  name: string;
  description: string;
  /** JSON Schema of the parameters (shown to users and MCP clients). */
  inputSchema: JsonObject;
  handler: OperationHandler;
  /** Validates parameters at enqueue time; throw a ValidationError to refuse. */
  validate?: (parameters: JsonObject) => void;
}

export interface Disposable {
  dispose(): void;
}

/** A listener registration, shaped like vscode.Event so the glue can pass it on. */
export type Event<T> = (listener: (event: T) => void) => Disposable;
