import type { Database } from 'sql.js';
import { all, type Params } from '../database/statementCache';

export interface ClaimedTask {
  task_id: string;
  lease_id: string;
  operation: string;
  parameters_json: string;
  account_id: string | null;
  attempts: number;
  max_retries: number;
  timeout_ms: number | null;
  priority: number;
  seq: number;
}

export interface ClaimRequest {
  workerId: string;
  operations: readonly string[];
  limit: number;
  now: number;
  leaseSeconds: number;
}

/**
 * Claims up to `limit` due tasks in one statement (no SELECT-then-UPDATE race): highest priority first
 * (1 before 10), FIFO inside a priority, only operations this process can run. Each claim gets a fresh
 * lease id; completion and failure are conditional on it.
 */
export function claimTasks(db: Database, request: ClaimRequest): ClaimedTask[] {
  if (request.limit <= 0 || request.operations.length === 0) return [];
  const params: Params = {
    $worker: request.workerId,
    $now: request.now,
    $expires: request.now + request.leaseSeconds,
  };
  // A literal LIMIT lets SQLite plan the claim for that size: bound, the statement costs over twice as
  // much (measured). It is our own slot count, never user input; one cached statement per size.
  const limit = Math.floor(request.limit);
  const placeholders = request.operations.map((operation, index) => {
    params[`$op${index}`] = operation;
    return `$op${index}`;
  });
  const rows = all(
    db,
    `UPDATE cache_tasks
        SET status = 'running', started_at = $now, attempts = attempts + 1,
            lease_id = lower(hex(randomblob(8))), lease_owner = $worker, lease_expires_at = $expires,
            progress_pct = 0, progress_message = NULL, cancel_requested = 0
      WHERE seq IN (
        SELECT seq FROM cache_tasks
         WHERE status = 'queued' AND run_after <= $now AND operation IN (${placeholders.join(', ')})
         ORDER BY priority, seq
         LIMIT ${limit})
      RETURNING seq, task_id, lease_id, operation, parameters_json, account_id, attempts, max_retries, timeout_ms, priority`,
    params,
  );
  return rows
    .map((row) => ({
      task_id: String(row.task_id),
      lease_id: String(row.lease_id),
      operation: String(row.operation),
      parameters_json: String(row.parameters_json),
      account_id: row.account_id === null ? null : String(row.account_id),
      attempts: Number(row.attempts),
      max_retries: Number(row.max_retries),
      timeout_ms: row.timeout_ms === null ? null : Number(row.timeout_ms),
      priority: Number(row.priority),
      seq: Number(row.seq),
    }))
    .sort((a, b) => a.priority - b.priority || a.seq - b.seq);
}
