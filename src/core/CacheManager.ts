import { randomUUID } from 'node:crypto';
import { TaskDatabase, type TaskDatabaseOptions } from './database/TaskDatabase';
import { InvalidStateError, TaskNotFoundError, UnknownOperationError, ValidationError } from './errors';
import { Emitter } from './events';
import { silentLogger } from './logger';
import type { OperationRegistry } from './operations/OperationRegistry';
import { cancelTask } from './sql/cancelTasks';
import { insertTask, type NewTask } from './sql/insertTask';
import { deleteFinishedTasks, pruneFinished } from './sql/pruneFinished';
import { countByStatus, getTaskRow, listTaskRows } from './sql/readTasks';
import { retryTask } from './sql/retryTask';
import { epochSeconds, toTaskRecord, toTaskStatus, toTaskSummary } from './sql/taskRow';
import { listWorkers } from './sql/workers';
import type {
  EnqueueInput,
  EnqueueResult,
  Event,
  ExternalChangeEvent,
  JsonObject,
  ListTasksInput,
  Logger,
  TaskChangeEvent,
  TaskCounts,
  TaskRecord,
  TaskStatus,
  TaskStatusName,
  TaskSummary,
} from './types';
import { enqueueInputSchema, listTasksInputSchema, parseInput, parseTaskId, pruneInputSchema } from './validation';

export interface RetentionOptions {
  /** Finished tasks older than this are deleted. */
  maxAgeDays?: number;
  /** At most this many finished tasks are kept (the newest). */
  maxFinished?: number;
}

export interface CacheManagerOptions extends TaskDatabaseOptions {
  file: string;
  operations: OperationRegistry;
  logger?: Logger;
  defaultMaxRetries?: number;
  defaultTimeoutMs?: number | null;
  retention?: RetentionOptions;
}

/** A worker is considered alive while its heartbeat is younger than this. */
export const WORKER_STALE_SECONDS = 30;

/**
 * The task queue's front: the seed's enqueue_task / get_task_status / list_tasks, plus cancel, retry,
 * dedup, delayed start, retention and change events. Storage is a TaskDatabase (sql.js, one file,
 * shared by every process on the same storage folder); the BackgroundWorker runs the tasks.
 */
export class CacheManager {
  private readonly taskChanged = new Emitter<TaskChangeEvent>();
  private readonly externalChange = new Emitter<ExternalChangeEvent>();
  private readonly enqueued = new Emitter<void>();
  private readonly cancelRequested = new Emitter<string>();
  readonly onDidChangeTask: Event<TaskChangeEvent> = this.taskChanged.event;
  /** Another process changed the database: anything may differ. */
  readonly onDidChangeExternally: Event<ExternalChangeEvent> = this.externalChange.event;
  /** Engine-internal: a task became runnable here (the worker wakes at once). */
  readonly onDidEnqueue: Event<void> = this.enqueued.event;
  /** Engine-internal: cancel was requested for a running task. */
  readonly onDidRequestCancel: Event<string> = this.cancelRequested.event;

  readonly logger: Logger;
  private defaultMaxRetries: number;
  private defaultTimeoutMs: number | null;
  private retention: RetentionOptions;

  private constructor(
    readonly database: TaskDatabase,
    readonly operations: OperationRegistry,
    options: CacheManagerOptions,
  ) {
    this.logger = options.logger ?? silentLogger;
    this.defaultMaxRetries = options.defaultMaxRetries ?? 3;
    this.defaultTimeoutMs = options.defaultTimeoutMs ?? null;
    this.retention = options.retention ?? { maxAgeDays: 7, maxFinished: 10_000 };
    database.onDidReload(() => this.externalChange.fire({ reason: 'reloaded' }));
  }

  static async open(options: CacheManagerOptions): Promise<CacheManager> {
    const logger = options.logger ?? silentLogger;
    const database = await TaskDatabase.open(options.file, logger, options);
    return new CacheManager(database, options.operations, options);
  }

  get file(): string {
    return this.database.file;
  }

  /** Settings applied live. */
  updateDefaults(options: { defaultMaxRetries?: number; defaultTimeoutMs?: number | null; retention?: RetentionOptions }): void {
    if (options.defaultMaxRetries !== undefined) this.defaultMaxRetries = options.defaultMaxRetries;
    if (options.defaultTimeoutMs !== undefined) this.defaultTimeoutMs = options.defaultTimeoutMs;
    if (options.retention !== undefined) this.retention = options.retention;
  }

  async enqueueTask(input: EnqueueInput): Promise<EnqueueResult> {
    const [result] = await this.enqueueTasks([input]);
    return result!;
  }

  /**
   * Enqueues several tasks in one transaction: all are validated first, and either all are stored or,
   * on any bad input, none (the error names the entry: `tasks[3].priority: ...`).
   */
  async enqueueTasks(inputs: readonly EnqueueInput[]): Promise<EnqueueResult[]> {
    if (!Array.isArray(inputs)) throw new ValidationError('tasks', 'must be an array');
    const rows = inputs.map((input, index) => this.toNewTask(input, inputs.length === 1 ? undefined : index));
    const results = await this.database.write((db) => rows.map((row) => insertTask(db, row)));
    let added = 0;
    for (const result of results) {
      if (result.deduplicated) continue;
      added++;
      this.taskChanged.fire({ task_id: result.task_id, kind: 'enqueued', status: 'queued' });
    }
    if (added) {
      this.logger.debug(`enqueued ${added} task(s)`);
      this.enqueued.fire();
    }
    return results.map((result) => ({ task_id: result.task_id, status: result.status as TaskStatusName, deduplicated: result.deduplicated }));
  }

  private toNewTask(input: EnqueueInput, index: number | undefined): NewTask {
    try {
      const parsed = parseInput(enqueueInputSchema, input);
      this.assertOperationKnown(parsed.operation);
      const parameters = (parsed.parameters ?? {}) as JsonObject;
      this.operations.get(parsed.operation)?.validate?.(parameters);
      const nowMs = Date.now();
      return {
        task_id: randomUUID(),
        account_id: parsed.account_id ?? null,
        operation: parsed.operation,
        parameters_json: JSON.stringify(parameters),
        priority: parsed.priority ?? 5,
        max_retries: parsed.max_retries ?? this.defaultMaxRetries,
        timeout_ms: parsed.timeout_ms === undefined ? this.defaultTimeoutMs : parsed.timeout_ms,
        dedup_key: parsed.dedup_key ?? null,
        created_at: epochSeconds(nowMs),
        run_after: epochSeconds(nowMs + (parsed.delay_ms ?? 0)),
      };
    } catch (error) {
      if (index === undefined) throw error;
      if (error instanceof ValidationError) throw new ValidationError(`tasks[${index}].${error.field}`, error.rule);
      if (error instanceof UnknownOperationError) throw new UnknownOperationError(error.operation, error.known, `tasks[${index}].operation`);
      throw error;
    }
  }

  getTaskStatus(taskId: string): TaskStatus {
    const row = this.readTaskRow(taskId);
    const status = toTaskStatus(row);
    const reason = this.waitingReason(status);
    if (reason) status.waiting_reason = reason;
    return status;
  }

  getTask(taskId: string): TaskRecord {
    const record = toTaskRecord(this.readTaskRow(taskId));
    const reason = this.waitingReason(record);
    if (reason) record.waiting_reason = reason;
    return record;
  }

  listTasks(input: ListTasksInput = {}): TaskSummary[] {
    const parsed = parseInput(listTasksInputSchema, input);
    return this.database
      .read((db) => listTaskRows(db, { account_id: parsed.account_id ?? null, status: parsed.status ?? null, limit: parsed.limit ?? 50 }))
      .map(toTaskSummary);
  }

  countByStatus(): TaskCounts {
    return this.database.read(countByStatus);
  }

  /** Every operation some live process offers (this one's registry and the other workers'). */
  knownOperations(): string[] {
    const names = new Set(this.operations.names());
    for (const worker of this.liveWorkers()) for (const name of worker.operations) names.add(name);
    return [...names].sort();
  }

  async cancelTask(taskId: string): Promise<TaskStatus> {
    const id = parseTaskId(taskId);
    const previous = await this.database.write((db) => cancelTask(db, id, epochSeconds()));
    if (previous === undefined) throw new TaskNotFoundError(id);
    if (previous !== 'queued' && previous !== 'running') {
      throw new InvalidStateError(`Task ${id} is ${previous}; only queued or running tasks can be cancelled`);
    }
    if (previous === 'queued') this.taskChanged.fire({ task_id: id, kind: 'cancelled', status: 'cancelled' });
    else this.cancelRequested.fire(id);
    return this.getTaskStatus(id);
  }

  async retryTask(taskId: string): Promise<TaskStatus> {
    const id = parseTaskId(taskId);
    const outcome = await this.database.write((db) => {
      const row = getTaskRow(db, id);
      if (!row) return 'missing' as const;
      try {
        return retryTask(db, id, epochSeconds()) ? ('queued' as const) : String(row.status);
      } catch (error) {
        if (/UNIQUE/i.test(String((error as Error).message))) return 'duplicate' as const;
        throw error;
      }
    });
    if (outcome === 'missing') throw new TaskNotFoundError(id);
    if (outcome === 'duplicate') {
      throw new InvalidStateError(`Task ${id} cannot be retried: another queued or running task has the same dedup_key`);
    }
    if (outcome !== 'queued') throw new InvalidStateError(`Task ${id} is ${outcome}; only failed or cancelled tasks can be retried`);
    this.taskChanged.fire({ task_id: id, kind: 'requeued', status: 'queued' });
    this.enqueued.fire();
    return this.getTaskStatus(id);
  }

  async deleteTask(taskId: string): Promise<void> {
    const id = parseTaskId(taskId);
    const status = this.readTaskRow(id).status;
    const deleted = await this.database.write((db) => deleteFinishedTasks(db, [id]));
    if (deleted.length === 0) throw new InvalidStateError(`Task ${id} is ${String(status)}; only finished tasks can be deleted (cancel it first)`);
    this.taskChanged.fire({ task_id: id, kind: 'deleted', status: null });
  }

  /** Deletes every completed, failed and cancelled task. */
  async clearFinished(): Promise<number> {
    return this.deleteAndAnnounce({ olderThan: Number.POSITIVE_INFINITY });
  }

  async pruneFinished(options: RetentionOptions = this.retention): Promise<number> {
    const parsed = parseInput(pruneInputSchema, options, 'retention');
    const cutoff = parsed.maxAgeDays === undefined ? undefined : epochSeconds() - parsed.maxAgeDays * 86_400;
    return this.deleteAndAnnounce({ olderThan: cutoff, keep: parsed.maxFinished });
  }

  whenDurable(): Promise<void> {
    return this.database.whenDurable();
  }

  flush(): Promise<void> {
    return this.database.flush();
  }

  async close(): Promise<void> {
    await this.database.close();
    this.taskChanged.dispose();
    this.externalChange.dispose();
    this.enqueued.dispose();
    this.cancelRequested.dispose();
  }

  /** Engine-internal: the worker announces the transitions it made. */
  notify(events: readonly TaskChangeEvent[]): void {
    if (!this.taskChanged.hasListeners) return;
    for (const event of events) this.taskChanged.fire(event);
  }

  private async deleteAndAnnounce(options: { olderThan?: number; keep?: number }): Promise<number> {
    const deleted = await this.database.write((db) => {
      const ids = pruneFinished(db, options);
      if (ids.length) db.exec('PRAGMA incremental_vacuum');
      return ids;
    });
    this.notify(deleted.map((task_id) => ({ task_id, kind: 'deleted' as const, status: null })));
    if (deleted.length) this.logger.info(`deleted ${deleted.length} finished task(s)`);
    return deleted.length;
  }

  private readTaskRow(taskId: string) {
    const id = parseTaskId(taskId);
    const row = this.database.read((db) => getTaskRow(db, id));
    if (!row) throw new TaskNotFoundError(id);
    return row;
  }

  private assertOperationKnown(operation: string): void {
    if (this.operations.get(operation)) return;
    const known = this.knownOperations();
    if (!known.includes(operation)) throw new UnknownOperationError(operation, known);
  }

  private waitingReason(task: TaskStatus): string | undefined {
    if (task.status !== 'queued') return undefined;
    if (!this.knownOperations().includes(task.operation)) {
      return `no running process offers operation "${task.operation}"; it starts when one that does is running`;
    }
    const now = epochSeconds();
    if (task.run_after > now) {
      const when = new Date(task.run_after * 1000).toISOString();
      return task.retry_count > 0 ? `retry ${task.retry_count} scheduled for ${when}` : `delayed until ${when}`;
    }
    return undefined;
  }

  private liveWorkers() {
    const staleBefore = epochSeconds() - WORKER_STALE_SECONDS;
    return this.database.read(listWorkers).filter((worker) => worker.heartbeat_at >= staleBefore);
  }
}
