import fs from 'node:fs';
import path from 'node:path';
import type { Database, SqlJsStatic } from 'sql.js';
import { ClosedError } from '../errors';
import { Emitter } from '../events';
import type { Event, Logger } from '../types';
import {
  type FileIdentity,
  quarantineFile,
  readDatabaseFile,
  removeStaleTempFiles,
  sameIdentity,
  statIdentity,
  writeDatabaseFileAtomically,
} from './databaseFile';
import { loadSqlJs } from './loadSqlJs';
import { applyPragmas, migrate } from './migrations';
import { cachedStatement } from './statementCache';
import { WriterLock } from './writerLock';

export interface TaskDatabaseOptions {
  /** Quiet period before a group commit is written. */
  debounceMs?: number;
  /** Longest a change waits for its group commit under continuous load. */
  maxDelayMs?: number;
}

export interface PersistTiming {
  exportMs: number;
  writeMs: number;
  bytes: number;
}

type Work<T> = (db: Database) => T;

interface PendingWrite {
  work: Work<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * sql.js in memory, persisted to one file, shared safely by several processes.
 *
 * - Reads run on this process's copy, which follows the file: when another process replaces it,
 *   the copy is reloaded and `onDidReload` fires.
 * - Writes run under the WriterLock, on a copy first refreshed from the file if another process
 *   changed it, each in its own transaction, and are group-committed: one export and one atomic
 *   write for all the changes of a debounce window.
 * - The lock is kept while nobody else wants it (one process stays as fast as with no lock) and
 *   released after the next commit as soon as another process asks.
 * Invariant: without the lock, this copy holds no change that is not on disk.
 */
export class TaskDatabase {
  private readonly reloaded = new Emitter<void>();
  /** Another process changed the file and this copy was reloaded. */
  readonly onDidReload: Event<void> = this.reloaded.event;
  readonly lastPersist: PersistTiming = { exportMs: 0, writeMs: 0, bytes: 0 };

  private readonly lock: WriterLock;
  private readonly debounceMs: number;
  private readonly maxDelayMs: number;
  private readonly queue: PendingWrite[] = [];
  private acquiring = false;
  private changesBefore: number | undefined;
  private closed = false;
  private changeSeq = 0;
  private durableSeq = 0;
  private firstDirtyAt = 0;
  private lastChangeAt = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private durableWaiters: { seq: number; resolve(): void; reject(error: unknown): void }[] = [];
  private watcher: fs.FSWatcher | undefined;
  private reloadTimer: NodeJS.Timeout | undefined;
  private pollTimer: NodeJS.Timeout | undefined;

  private constructor(
    private readonly sql: SqlJsStatic,
    private db: Database,
    private identity: FileIdentity | null,
    readonly file: string,
    private readonly logger: Logger,
    options: TaskDatabaseOptions,
  ) {
    this.lock = WriterLock.forFile(file);
    this.debounceMs = options.debounceMs ?? 15;
    this.maxDelayMs = options.maxDelayMs ?? 200;
    this.lock.onDidContend(() => this.onContended());
  }

  static async open(file: string, logger: Logger, options: TaskDatabaseOptions = {}): Promise<TaskDatabase> {
    const sql = await loadSqlJs();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const lock = WriterLock.forFile(file);
    // Open under the lock: quarantine and migrations must not race another process doing the same.
    await lock.acquire();
    let opened: { db: Database; identity: FileIdentity | null };
    try {
      removeStaleTempFiles(file);
      opened = openOrQuarantine(sql, file, logger);
      if (opened.identity === null) {
        opened.identity = await writeDatabaseFileAtomically(file, opened.db.export());
      }
    } finally {
      lock.dispose();
    }
    const database = new TaskDatabase(sql, opened.db, opened.identity, file, logger, options);
    database.watchFile();
    return database;
  }

  /** True while this process may write without waiting (nobody else asked for the lock). */
  get holdsWriteLock(): boolean {
    return this.lock.held && !this.lock.isContended;
  }

  /** Runs on this process's copy. Never call write() from inside. */
  read<T>(work: Work<T>): T {
    this.assertOpen();
    this.refreshIfIdle();
    return work(this.db);
  }

  /** Runs `work` in a transaction under the writer lock; resolves when it is committed in memory. */
  write<T>(work: Work<T>): Promise<T> {
    if (this.closed) return Promise.reject(new ClosedError());
    if (this.lock.held && this.queue.length === 0 && !this.lock.isContended) {
      try {
        return Promise.resolve(this.runInTransaction(work));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.drainQueue();
    });
  }

  /** Resolves once every change committed so far is on disk. */
  whenDurable(): Promise<void> {
    const seq = this.changeSeq;
    if (this.durableSeq >= seq) return Promise.resolve();
    return new Promise((resolve, reject) => this.durableWaiters.push({ seq, resolve, reject }));
  }

  /** Writes pending changes now. */
  async flush(): Promise<void> {
    while (this.flushing || this.durableSeq < this.changeSeq) {
      if (this.flushing) await this.flushing;
      else await this.persist();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flush();
    this.closed = true;
    clearTimeout(this.flushTimer);
    clearTimeout(this.reloadTimer);
    clearInterval(this.pollTimer);
    this.watcher?.close();
    for (const pending of this.queue.splice(0)) pending.reject(new ClosedError());
    this.lock.dispose();
    this.db.close();
    this.reloaded.dispose();
  }

  private runInTransaction<T>(work: Work<T>): T {
    // Only transactions change the copy, so the count after the last one is the count before this one.
    const before = (this.changesBefore ??= this.totalChanges());
    cachedStatement(this.db, 'BEGIN IMMEDIATE').run();
    let result: T;
    try {
      result = work(this.db);
      cachedStatement(this.db, 'COMMIT').run();
    } catch (error) {
      this.db.exec('ROLLBACK');
      this.changesBefore = undefined; // total_changes() counts rolled-back rows too.
      throw error;
    }
    this.changesBefore = this.totalChanges();
    if (this.changesBefore !== before) this.markChanged();
    return result;
  }

  private totalChanges(): number {
    const statement = cachedStatement(this.db, 'SELECT total_changes()');
    statement.step();
    const changes = statement.get()[0] as number;
    statement.reset();
    return changes;
  }

  private markChanged(): void {
    const now = Date.now();
    if (this.changeSeq === this.durableSeq) this.firstDirtyAt = now;
    this.lastChangeAt = now;
    this.changeSeq++;
    // The timer is armed once per group, not reset on every change: it re-arms itself while changes keep coming.
    if (!this.flushTimer && !this.flushing) this.armFlush(this.lock.isContended ? 0 : this.debounceMs);
  }

  /** Arms the group-commit timer afresh (after a commit that left changes, or when someone waits). */
  private scheduleFlush(): void {
    if (this.flushing) return; // persist() reschedules when it ends.
    clearTimeout(this.flushTimer);
    this.armFlush(this.lock.isContended ? 0 : this.debounceMs);
  }

  private armFlush(delayMs: number): void {
    this.flushTimer = setTimeout(() => this.onFlushTimer(), delayMs);
  }

  /** Debounce with a cap: writes after `debounceMs` of quiet, or once `maxDelayMs` has passed since the first change. */
  private onFlushTimer(): void {
    this.flushTimer = undefined;
    if (this.flushing) return;
    const now = Date.now();
    const quietMs = now - this.lastChangeAt;
    const waitedMs = now - this.firstDirtyAt;
    if (!this.lock.isContended && quietMs < this.debounceMs && waitedMs < this.maxDelayMs) {
      return this.armFlush(Math.min(this.debounceMs - quietMs, this.maxDelayMs - waitedMs));
    }
    void this.persist().catch((error) => this.logger.error(error));
  }

  private persist(): Promise<void> {
    if (this.flushing) return this.flushing;
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    let failed = false;
    this.flushing = this.persistOnce()
      .catch((error) => {
        failed = true;
        throw error;
      })
      .finally(() => {
        this.flushing = undefined;
        if (this.durableSeq >= this.changeSeq) return this.releaseIfWanted();
        if (!failed) return this.scheduleFlush();
        // A failing disk (full, read-only) is retried calmly, not in a tight loop.
        clearTimeout(this.flushTimer);
        this.armFlush(1000);
      });
    return this.flushing;
  }

  private async persistOnce(): Promise<void> {
    const seq = this.changeSeq;
    if (seq === this.durableSeq) return;
    const exportStart = performance.now();
    const bytes = this.db.export();
    const writeStart = performance.now();
    try {
      this.identity = await writeDatabaseFileAtomically(this.file, bytes);
    } catch (error) {
      this.logger.error(`could not write ${this.file}: ${(error as Error).message}; will retry`);
      this.failDurableWaiters(error, seq);
      throw error;
    }
    Object.assign(this.lastPersist, {
      exportMs: writeStart - exportStart,
      writeMs: performance.now() - writeStart,
      bytes: bytes.byteLength,
    });
    this.durableSeq = seq;
    this.firstDirtyAt = Date.now();
    this.durableWaiters = this.durableWaiters.filter((waiter) => {
      if (waiter.seq > seq) return true;
      waiter.resolve();
      return false;
    });
  }

  private failDurableWaiters(error: unknown, seq: number): void {
    this.durableWaiters = this.durableWaiters.filter((waiter) => {
      if (waiter.seq > seq) return true;
      waiter.reject(error);
      return false;
    });
  }

  private onContended(): void {
    if (this.durableSeq < this.changeSeq) this.scheduleFlush();
    else this.releaseIfWanted();
  }

  private releaseIfWanted(): void {
    if (!this.lock.held || !this.lock.isContended || this.flushing || this.durableSeq < this.changeSeq) return;
    this.lock.release();
    // Our own queued writes compete for the lock again, after the waiter had its chance.
    if (this.queue.length) setTimeout(() => this.drainQueue(), 1);
  }

  private drainQueue(): void {
    if (this.acquiring || this.closed || this.queue.length === 0) return;
    if (this.lock.held && !this.lock.isContended) {
      this.runQueued();
      return;
    }
    if (this.lock.held) return; // Contended: released after the commit, then re-acquired.
    this.acquiring = true;
    this.lock
      .acquire()
      .then(() => {
        this.acquiring = false;
        if (this.closed) return this.lock.release();
        this.refreshFromFile();
        this.runQueued();
        this.releaseIfWanted();
      })
      .catch((error) => {
        this.acquiring = false;
        for (const pending of this.queue.splice(0)) pending.reject(error);
      });
  }

  private runQueued(): void {
    for (const pending of this.queue.splice(0)) {
      try {
        pending.resolve(this.runInTransaction(pending.work));
      } catch (error) {
        pending.reject(error);
      }
    }
  }

  /** With the lock held or nothing unsaved: replace the copy if another process replaced the file. */
  private refreshFromFile(): boolean {
    if (sameIdentity(statIdentity(this.file), this.identity)) return false;
    const read = readDatabaseFile(this.file);
    if (!read) return false;
    let next: Database;
    try {
      next = new this.sql.Database(read.bytes);
      applyPragmas(next);
      migrate(next);
    } catch (error) {
      this.logger.error(`could not reload ${this.file} written by another process: ${(error as Error).message}`);
      return false;
    }
    this.db.close();
    this.db = next;
    this.changesBefore = undefined;
    this.identity = read.identity;
    this.reloaded.fire();
    return true;
  }

  private refreshIfIdle(): void {
    if (this.lock.held || this.acquiring || this.durableSeq < this.changeSeq) return;
    this.refreshFromFile();
  }

  private watchFile(): void {
    const schedule = () => {
      if (this.reloadTimer || this.closed) return;
      this.reloadTimer = setTimeout(() => {
        this.reloadTimer = undefined;
        if (!this.closed) this.refreshIfIdle();
      }, 30);
    };
    try {
      this.watcher = fs.watch(path.dirname(this.file), { persistent: false }, (_event, name) => {
        if (!name || name === path.basename(this.file)) schedule();
      });
      this.watcher.on('error', () => undefined);
    } catch {
      // No inotify (or too many watches): the poll below still catches changes.
    }
    this.pollTimer = setInterval(schedule, 1000);
    this.pollTimer.unref();
  }

  private assertOpen(): void {
    if (this.closed) throw new ClosedError();
  }
}

function openOrQuarantine(sql: SqlJsStatic, file: string, logger: Logger): { db: Database; identity: FileIdentity | null } {
  let read: ReturnType<typeof readDatabaseFile>;
  try {
    read = readDatabaseFile(file);
  } catch (error) {
    read = null;
    logger.warn(`could not read ${file}: ${(error as Error).message}`);
    moveAside(file, logger);
  }
  if (read && read.bytes.byteLength > 0) {
    try {
      const db = new sql.Database(read.bytes);
      applyPragmas(db);
      assertIntact(db);
      migrate(db);
      return { db, identity: read.identity };
    } catch (error) {
      logger.warn(`the task database ${file} is unreadable (${(error as Error).message})`);
      moveAside(file, logger);
    }
  } else if (read) {
    moveAside(file, logger);
  }
  const db = new sql.Database();
  applyPragmas(db);
  migrate(db);
  return { db, identity: null };
}

function moveAside(file: string, logger: Logger): void {
  if (!fs.existsSync(file)) return;
  const target = quarantineFile(file);
  logger.warn(`moved the unreadable task database aside to ${target}; starting with an empty one`);
}

function assertIntact(db: Database): void {
  const verdict = db.exec('PRAGMA quick_check')[0]?.values[0]?.[0];
  if (verdict !== 'ok') throw new Error(`quick_check: ${String(verdict)}`);
}
