import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Database } from 'sql.js';
import { retryDelayMs } from './backoff';
import { type CacheManager, WORKER_STALE_SECONDS } from './CacheManager';
import { isProcessAlive } from './database/databaseFile';
import type { OperationRegistry } from './operations/OperationRegistry';
import { finishCancelledTasks } from './sql/cancelTasks';
import { type ClaimedTask, claimTasks } from './sql/claimTasks';
import { type Completion, completeTasks } from './sql/completeTasks';
import { type Failure, failTasks } from './sql/failTasks';
import { recoverOrphanedTasks, releaseWorkerTasks, renewLeases } from './sql/leases';
import { cancelRequestedLeases, heldLeases, nextRunAfter } from './sql/readTasks';
import { epochSeconds } from './sql/taskRow';
import { type ProgressUpdate, updateProgress } from './sql/updateProgress';
import { deleteDeadWorkers, deleteWorker, upsertWorker } from './sql/workers';
import type { Disposable, JsonObject, Logger, TaskChangeEvent } from './types';

export interface WorkerOptions {
  /** Tasks run at once by this process. */
  concurrency?: number;
  /** The setInterval tick that catches delayed and retried tasks (enqueue wakes the worker at once). */
  tickMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** A running task's lease; renewed every third of it. A process that stops renewing loses its tasks. */
  leaseMs?: number;
  /** Progress reports are coalesced and written at most this often. */
  progressIntervalMs?: number;
  /** After an abort (cancel, timeout), how long a handler may take to give up before it is let go. */
  abortGraceMs?: number;
  /** Results larger than this (as JSON) fail the task instead of bloating the database. */
  maxResultBytes?: number;
}

const DEFAULTS: Required<WorkerOptions> = {
  concurrency: 4,
  tickMs: 1000,
  backoffBaseMs: 1000,
  backoffMaxMs: 300_000,
  leaseMs: 30_000,
  progressIntervalMs: 200,
  abortGraceMs: 2000,
  maxResultBytes: 1024 * 1024,
};

const RETENTION_INTERVAL_MS = 60_000;

type Outcome =
  | { kind: 'completed'; resultJson: string | null }
  | { kind: 'failed'; error: string }
  | { kind: 'cancelled' }
  | { kind: 'interrupted' };

interface ActiveTask {
  claim: ClaimedTask;
  controller: AbortController;
  timeoutTimer?: NodeJS.Timeout;
  graceTimer?: NodeJS.Timeout;
  settled: boolean;
}

class TaskAbort extends Error {
  constructor(
    readonly kind: 'cancelled' | 'timeout' | 'shutdown' | 'lease-lost',
    message: string,
  ) {
    super(message);
    this.name = 'AbortError';
  }
}

/**
 * Runs queued tasks: the seed's start/stop/process loop, on a setInterval tick plus an immediate wake
 * on enqueue. Each cycle is one write transaction that records the results since the last cycle and
 * claims as many tasks as there are free slots: per-commit cost is what limits sql.js.
 */
export class BackgroundWorker implements Disposable {
  readonly workerId = `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  private options: Required<WorkerOptions>;
  private readonly active = new Map<string, ActiveTask>();
  private completions: Completion[] = [];
  private failures: Failure[] = [];
  private cancellations: { task_id: string; lease_id: string }[] = [];
  private releases: string[] = [];
  private progress = new Map<string, ProgressUpdate>();
  private events: TaskChangeEvent[] = [];
  private running = false;
  private stopping = false;
  private cycle: Promise<void> | undefined;
  private cycleAgain = false;
  private wakeScheduled = false;
  private maybeDue = true;
  private tickTimer: NodeJS.Timeout | undefined;
  private dueTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private progressTimer: NodeJS.Timeout | undefined;
  private lastRetentionAt = 0;
  private idleWaiters: (() => void)[] = [];
  private subscriptions: Disposable[] = [];

  constructor(
    private readonly manager: CacheManager,
    private readonly operations: OperationRegistry,
    options: WorkerOptions = {},
    private readonly logger: Logger = manager.logger,
  ) {
    this.options = { ...DEFAULTS, ...definedOnly(options) };
  }

  get isRunning(): boolean {
    return this.running;
  }

  get activeCount(): number {
    return this.active.size;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.stopping = false;
    this.subscriptions = [
      this.manager.onDidEnqueue(() => this.wake()),
      this.manager.onDidRequestCancel((taskId) => this.abortTask(taskId, new TaskAbort('cancelled', 'cancelled'))),
      this.manager.onDidChangeExternally(() => this.onExternalChange()),
      this.operations.onDidChange(() => void this.heartbeat()),
    ];
    this.tickTimer = setInterval(() => this.wake(), this.options.tickMs);
    this.heartbeatTimer = setInterval(() => void this.heartbeat(), Math.max(50, Math.floor(this.options.leaseMs / 3)));
    this.logger.info(`background worker started (${this.workerId}, concurrency ${this.options.concurrency})`);
    void this.heartbeat().then(() => this.wake());
  }

  /** Settings applied live. */
  updateOptions(options: WorkerOptions): void {
    const previousTick = this.options.tickMs;
    this.options = { ...this.options, ...definedOnly(options) };
    if (this.running && previousTick !== this.options.tickMs) {
      clearInterval(this.tickTimer);
      this.tickTimer = setInterval(() => this.wake(), this.options.tickMs);
    }
    this.wake();
  }

  /** Waits for running tasks up to the deadline, then aborts them and hands them back to the queue. */
  async stop(deadlineMs = 5000): Promise<void> {
    if (!this.running) return;
    this.stopping = true;
    clearInterval(this.tickTimer);
    clearTimeout(this.dueTimer);
    const deadline = Date.now() + deadlineMs;
    await this.waitForIdle(deadline);
    for (const taskId of [...this.active.keys()]) this.abortTask(taskId, new TaskAbort('shutdown', 'the worker is stopping'));
    await this.waitForIdle(Date.now() + Math.min(this.options.abortGraceMs, 1000));
    for (const [, task] of this.active) this.settle(task, { kind: 'interrupted' });
    await this.runCycle();
    if (this.hasResults()) await this.runCycle();
    clearInterval(this.heartbeatTimer);
    clearTimeout(this.progressTimer);
    for (const subscription of this.subscriptions) subscription.dispose();
    this.subscriptions = [];
    await this.manager.database.write((db) => deleteWorker(db, this.workerId)).catch(() => undefined);
    this.running = false;
    this.logger.info('background worker stopped');
  }

  dispose(): void {
    void this.stop(0);
  }

  /** Runs a cycle soon; several wakes before it runs make one cycle. */
  wake(): void {
    this.maybeDue = true;
    if (!this.running || this.wakeScheduled) return;
    this.wakeScheduled = true;
    setImmediate(() => {
      this.wakeScheduled = false;
      void this.runCycle();
    });
  }

  /** One cycle loop at a time; a call during a cycle makes it go round once more and shares its end. */
  private runCycle(): Promise<void> {
    if (this.cycle) {
      this.cycleAgain = true;
      return this.cycle;
    }
    this.cycle = (async () => {
      try {
        do {
          this.cycleAgain = false;
          await this.cycleOnce();
        } while (this.cycleAgain);
      } catch (error) {
        this.logger.error(`worker cycle failed: ${(error as Error).message}`);
      } finally {
        this.cycle = undefined;
        this.resolveIdleWaiters();
      }
    })();
    return this.cycle;
  }

  private async cycleOnce(): Promise<void> {
    const free = this.stopping ? 0 : this.options.concurrency - this.active.size;
    const operations = this.operations.names();
    // Holding the write lock, a claim that finds nothing costs what the check would; without it, the
    // check on our copy spares taking the lock from another process for nothing.
    const claimWanted = free > 0 && this.maybeDue && (this.manager.database.holdsWriteLock || this.hasDueTask(operations));
    if (!claimWanted && !this.hasResults()) {
      this.scheduleDueTimer(operations);
      return;
    }
    const completions = this.completions.splice(0);
    const failures = this.failures.splice(0);
    const cancellations = this.cancellations.splice(0);
    const releases = this.releases.splice(0);
    const progress = [...this.progress.values()];
    this.progress.clear();
    const claimed = await this.manager.database.write((db) => {
      const now = epochSeconds();
      for (const id of completeTasks(db, completions, now)) this.events.push({ task_id: id, kind: 'completed', status: 'completed' });
      for (const failed of failTasks(db, failures, now)) {
        this.events.push(failed.retrying ? { task_id: failed.task_id, kind: 'retrying', status: 'queued' } : { task_id: failed.task_id, kind: 'failed', status: 'failed' });
      }
      for (const id of finishCancelledTasks(db, cancellations, now)) this.events.push({ task_id: id, kind: 'cancelled', status: 'cancelled' });
      for (const id of releaseWorkerTasks(db, this.workerId, releases)) this.events.push({ task_id: id, kind: 'requeued', status: 'queued' });
      for (const id of updateProgress(db, progress)) this.events.push({ task_id: id, kind: 'progress', status: 'running' });
      if (!claimWanted) return [];
      const tasks = claimTasks(db, { workerId: this.workerId, operations, limit: free, now, leaseSeconds: this.options.leaseMs / 1000 });
      if (tasks.length < free) this.maybeDue = false;
      return tasks;
    });
    if (failures.some((failure) => failure.retry_at !== null) || releases.length) this.maybeDue = true;
    for (const task of claimed) {
      this.events.push({ task_id: task.task_id, kind: 'started', status: 'running' });
    }
    this.flushEvents();
    for (const task of claimed) this.startTask(task);
    if (claimed.length) this.cycleAgain ||= this.hasResults();
    if (claimed.length < free) this.scheduleDueTimer(operations);
  }

  private hasResults(): boolean {
    return this.completions.length + this.failures.length + this.cancellations.length + this.releases.length + this.progress.size > 0;
  }

  private hasDueTask(operations: readonly string[]): boolean {
    const due = this.manager.database.read((db) => nextRunAfter(db, operations));
    return due !== null && due <= epochSeconds();
  }

  /** Wakes exactly when the next delayed or retried task becomes due, if that is before the next tick. */
  private scheduleDueTimer(operations: readonly string[]): void {
    if (!this.running || this.stopping) return;
    clearTimeout(this.dueTimer);
    const due = this.manager.database.read((db) => nextRunAfter(db, operations));
    if (due === null) return;
    const waitMs = Math.max(0, due * 1000 - Date.now());
    if (waitMs === 0 && this.active.size < this.options.concurrency) return void this.wake();
    if (waitMs >= this.options.tickMs) return;
    this.dueTimer = setTimeout(() => this.wake(), waitMs + 1);
  }

  private startTask(claim: ClaimedTask): void {
    const definition = this.operations.get(claim.operation);
    const controller = new AbortController();
    const task: ActiveTask = { claim, controller, settled: false };
    this.active.set(claim.task_id, task);
    if (!definition) {
      this.settle(task, { kind: 'failed', error: `operation "${claim.operation}" is no longer registered in this process` });
      return;
    }
    if (claim.timeout_ms !== null) {
      const timeoutMs = claim.timeout_ms;
      task.timeoutTimer = setTimeout(() => this.abortTask(claim.task_id, new TaskAbort('timeout', `timed out after ${timeoutMs} ms`)), timeoutMs);
    }
    const logger = this.logger;
    const context = {
      signal: controller.signal,
      attempt: claim.attempts,
      taskId: claim.task_id,
      accountId: claim.account_id,
      logger,
      reportProgress: (percent: number, message?: string) => this.reportProgress(task, percent, message),
    };
    let parameters: JsonObject;
    try {
      parameters = JSON.parse(claim.parameters_json) as JsonObject;
    } catch {
      this.settle(task, { kind: 'failed', error: 'stored parameters are not valid JSON' });
      return;
    }
    Promise.resolve()
      .then(() => definition.handler(parameters, context))
      .then(
        (value) => this.settle(task, this.outcomeOfValue(task, value)),
        (error: unknown) => this.settle(task, this.outcomeOfError(task, error)),
      );
  }

  private outcomeOfValue(task: ActiveTask, value: unknown): Outcome {
    const aborted = this.abortOutcome(task);
    if (aborted) return aborted;
    let resultJson: string | null;
    try {
      resultJson = value === undefined ? null : JSON.stringify(value);
    } catch (error) {
      return { kind: 'failed', error: `the result is not JSON-serialisable: ${(error as Error).message}` };
    }
    if (resultJson !== null && Buffer.byteLength(resultJson) > this.options.maxResultBytes) {
      return { kind: 'failed', error: `the result is ${Buffer.byteLength(resultJson)} bytes as JSON; at most ${this.options.maxResultBytes} are stored` };
    }
    return { kind: 'completed', resultJson };
  }

  private outcomeOfError(task: ActiveTask, error: unknown): Outcome {
    return this.abortOutcome(task) ?? { kind: 'failed', error: errorText(error) };
  }

  private abortOutcome(task: ActiveTask): Outcome | undefined {
    if (!task.controller.signal.aborted) return undefined;
    const reason = task.controller.signal.reason as TaskAbort;
    if (reason.kind === 'cancelled') return { kind: 'cancelled' };
    if (reason.kind === 'timeout') return { kind: 'failed', error: reason.message };
    return { kind: 'interrupted' };
  }

  private settle(task: ActiveTask, outcome: Outcome): void {
    if (task.settled) return;
    task.settled = true;
    clearTimeout(task.timeoutTimer);
    clearTimeout(task.graceTimer);
    this.active.delete(task.claim.task_id);
    this.progress.delete(task.claim.task_id);
    const { task_id, lease_id } = task.claim;
    switch (outcome.kind) {
      case 'completed':
        this.completions.push({ task_id, lease_id, result_json: outcome.resultJson });
        break;
      case 'failed':
        this.failures.push({ task_id, lease_id, error: outcome.error, retry_at: this.retryAt(task.claim) });
        this.logger.warn(`task ${task_id.slice(0, 8)} (${task.claim.operation}) attempt ${task.claim.attempts} failed: ${outcome.error}`);
        break;
      case 'cancelled':
        this.cancellations.push({ task_id, lease_id });
        break;
      case 'interrupted':
        this.releases.push(lease_id);
        break;
    }
    this.wake();
  }

  private retryAt(claim: ClaimedTask): number | null {
    if (claim.attempts > claim.max_retries) return null;
    const delay = retryDelayMs(claim.attempts, { baseMs: this.options.backoffBaseMs, maxMs: this.options.backoffMaxMs });
    return epochSeconds(Date.now() + delay);
  }

  private abortTask(taskId: string, reason: TaskAbort): void {
    const task = this.active.get(taskId);
    if (!task || task.controller.signal.aborted) return;
    task.controller.abort(reason);
    // A handler that ignores its signal must not keep the task running forever: it is let go.
    task.graceTimer = setTimeout(() => this.settle(task, this.abortOutcome(task)!), this.options.abortGraceMs);
  }

  private reportProgress(task: ActiveTask, percent: number, message?: string): void {
    if (task.settled || !Number.isFinite(percent)) return;
    this.progress.set(task.claim.task_id, {
      task_id: task.claim.task_id,
      lease_id: task.claim.lease_id,
      percent: Math.max(0, Math.min(100, Math.round(percent))),
      message: message === undefined ? null : String(message).slice(0, 1000),
    });
    if (this.progressTimer) return;
    this.progressTimer = setTimeout(() => {
      this.progressTimer = undefined;
      void this.runCycle();
    }, this.options.progressIntervalMs);
  }

  /** Heartbeat: renew leases, advertise operations, recover tasks of dead processes, apply retention. */
  private async heartbeat(): Promise<void> {
    if (!this.running) return;
    const recovered = await this.manager.database
      .write((db) => this.heartbeatTransaction(db))
      .catch((error: Error) => {
        this.logger.error(`worker heartbeat failed: ${error.message}`);
        return [];
      });
    if (recovered.length) {
      this.logger.warn(`recovered ${recovered.length} task(s) left running by a process that stopped`);
      this.manager.notify(recovered.map((task) => ({ task_id: task.task_id, kind: task.status === 'queued' ? 'requeued' : task.status, status: task.status })));
      this.wake();
    }
    this.checkLeases();
    if (Date.now() - this.lastRetentionAt > RETENTION_INTERVAL_MS) {
      this.lastRetentionAt = Date.now();
      await this.manager.pruneFinished().catch((error: Error) => this.logger.error(`retention failed: ${error.message}`));
    }
  }

  private heartbeatTransaction(db: Database) {
    const now = epochSeconds();
    upsertWorker(db, { worker_id: this.workerId, pid: process.pid, hostname: os.hostname(), operations: this.operations.names() }, now);
    renewLeases(db, this.workerId, now + this.options.leaseMs / 1000);
    deleteDeadWorkers(db, now - WORKER_STALE_SECONDS, os.hostname(), isProcessAlive);
    return recoverOrphanedTasks(db, now, now - WORKER_STALE_SECONDS);
  }

  /** Another process changed the database: it may hold new tasks, cancel requests, or have taken ours. */
  private onExternalChange(): void {
    if (!this.running) return;
    this.wake();
    const cancelled = this.manager.database.read((db) => cancelRequestedLeases(db, this.workerId));
    for (const { task_id } of cancelled) this.abortTask(task_id, new TaskAbort('cancelled', 'cancelled'));
    this.checkLeases();
  }

  /** Tasks whose lease another process recovered (we stalled past it) are no longer ours to finish. */
  private checkLeases(): void {
    if (this.active.size === 0) return;
    const held = this.manager.database.read((db) => heldLeases(db, this.workerId));
    for (const [taskId, task] of this.active) {
      if (!held.has(task.claim.lease_id)) this.abortTask(taskId, new TaskAbort('lease-lost', 'another process took this task over'));
    }
  }

  private flushEvents(): void {
    if (this.events.length === 0) return;
    const events = this.events;
    this.events = [];
    this.manager.notify(events);
  }

  private waitForIdle(deadline: number): Promise<void> {
    if (this.active.size === 0 && !this.hasResults()) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(finish, Math.max(0, deadline - Date.now()));
      function finish() {
        clearTimeout(timer);
        resolve();
      }
      this.idleWaiters.push(finish);
    });
  }

  private resolveIdleWaiters(): void {
    if (this.active.size > 0 || this.hasResults()) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<T>;
}
