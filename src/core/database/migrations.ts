import type { Database } from 'sql.js';

/**
 * Versioned schema (PRAGMA user_version). Append only: a migration that has shipped never changes.
 * cache_tasks keeps the seed's columns and names, plus those the seed's code used but its schema lacked
 * (task_type, progress_pct, error_text) and those the queue needs (run_after, leases, attempts, ...).
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE cache_tasks (
    seq               INTEGER PRIMARY KEY,
    task_id           TEXT    NOT NULL UNIQUE,
    account_id        TEXT,
    task_type         TEXT    NOT NULL,
    operation         TEXT    NOT NULL,
    parameters_json   TEXT    NOT NULL DEFAULT '{}',
    status            TEXT    NOT NULL DEFAULT 'queued'
                      CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled')),
    priority          INTEGER NOT NULL DEFAULT 5 CHECK (priority BETWEEN 1 AND 10),
    created_at        REAL    NOT NULL,
    started_at        REAL,
    completed_at      REAL,
    progress_pct      INTEGER NOT NULL DEFAULT 0 CHECK (progress_pct BETWEEN 0 AND 100),
    progress_message  TEXT,
    result_json       TEXT,
    error_text        TEXT,
    retry_count       INTEGER NOT NULL DEFAULT 0,
    max_retries       INTEGER NOT NULL DEFAULT 3,
    attempts          INTEGER NOT NULL DEFAULT 0,
    run_after         REAL    NOT NULL,
    timeout_ms        INTEGER,
    dedup_key         TEXT,
    lease_id          TEXT,
    lease_owner       TEXT,
    lease_expires_at  REAL,
    cancel_requested  INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX cache_tasks_claim_order ON cache_tasks (status, priority, seq);
  CREATE INDEX cache_tasks_by_status ON cache_tasks (status, seq);
  CREATE INDEX cache_tasks_due ON cache_tasks (run_after) WHERE status = 'queued';
  CREATE UNIQUE INDEX cache_tasks_active_dedup ON cache_tasks (dedup_key)
    WHERE dedup_key IS NOT NULL AND status IN ('queued', 'running');
  CREATE TABLE workers (
    worker_id        TEXT PRIMARY KEY,
    pid              INTEGER NOT NULL,
    hostname         TEXT    NOT NULL,
    operations_json  TEXT    NOT NULL,
    started_at       REAL    NOT NULL,
    heartbeat_at     REAL    NOT NULL
  );
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Runs the migrations the database lacks, each in its own transaction. Returns the version found. */
export function migrate(db: Database): number {
  const found = Number(db.exec('PRAGMA user_version')[0]?.values[0]?.[0] ?? 0);
  if (found > SCHEMA_VERSION) {
    throw new Error(`database schema version ${found} is newer than this build understands (${SCHEMA_VERSION})`);
  }
  // Deleted tasks must give their pages back, or every export keeps their weight (sql.js exports whole files).
  if (found === 0) db.exec('PRAGMA auto_vacuum = INCREMENTAL');
  for (let version = found; version < SCHEMA_VERSION; version++) {
    db.exec('BEGIN');
    try {
      db.exec(MIGRATIONS[version]!);
      db.exec(`PRAGMA user_version = ${version + 1}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
  return found;
}

/** sql.js keeps the database in memory: a rollback journal in memory and no syncs cost nothing and risk nothing. */
export function applyPragmas(db: Database): void {
  db.exec(`
    PRAGMA journal_mode = MEMORY;
    PRAGMA synchronous = OFF;
    PRAGMA temp_store = MEMORY;
    PRAGMA locking_mode = EXCLUSIVE;
    PRAGMA foreign_keys = ON;
  `);
}
