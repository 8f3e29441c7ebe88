import type { Database } from 'sql.js';
import { all, run } from '../database/statementCache';

/** Extends the leases of every task this worker runs (its heartbeat). */
export function renewLeases(db: Database, workerId: string, expiresAt: number): number {
  return run(
    db,
    `UPDATE cache_tasks SET lease_expires_at = $expires WHERE status = 'running' AND lease_owner = $worker`,
    { $expires: expiresAt, $worker: workerId },
  );
}

export interface RecoveredTask {
  task_id: string;
  status: 'queued' | 'failed' | 'cancelled';
}

/**
 * Tasks left running by a process that is gone (its lease ran out, or its worker row is missing or
 * stale) are queued again with the attempt counted, or failed once past max_retries: a task that
 * crashes its process cannot loop forever.
 */
export function recoverOrphanedTasks(db: Database, now: number, staleBefore: number): RecoveredTask[] {
  const orphaned = `status = 'running' AND (
      lease_expires_at IS NULL OR lease_expires_at < $now
      OR lease_owner IS NULL
      OR lease_owner NOT IN (SELECT worker_id FROM workers WHERE heartbeat_at >= $stale))`;
  const params = { $now: now, $stale: staleBefore };
  const cancelled = all(
    db,
    `UPDATE cache_tasks
        SET status = 'cancelled', completed_at = $now, lease_id = NULL, lease_owner = NULL, lease_expires_at = NULL
      WHERE ${orphaned} AND cancel_requested = 1
      RETURNING task_id`,
    params,
  );
  const failed = all(
    db,
    `UPDATE cache_tasks
        SET status = 'failed', completed_at = $now,
            error_text = 'the process running this task stopped (attempt ' || attempts || ' of ' || (max_retries + 1) || '); no retries left',
            lease_id = NULL, lease_owner = NULL, lease_expires_at = NULL
      WHERE ${orphaned} AND attempts > max_retries
      RETURNING task_id`,
    params,
  );
  const queued = all(
    db,
    `UPDATE cache_tasks
        SET status = 'queued', retry_count = retry_count + 1, run_after = $now,
            error_text = 'the process running this task stopped (attempt ' || attempts || ' of ' || (max_retries + 1) || '); queued again',
            lease_id = NULL, lease_owner = NULL, lease_expires_at = NULL
      WHERE ${orphaned}
      RETURNING task_id`,
    params,
  );
  return [
    ...cancelled.map((row) => ({ task_id: String(row.task_id), status: 'cancelled' as const })),
    ...failed.map((row) => ({ task_id: String(row.task_id), status: 'failed' as const })),
    ...queued.map((row) => ({ task_id: String(row.task_id), status: 'queued' as const })),
  ];
}

/**
 * A clean shutdown hands its interrupted tasks back: queued at once for another process, the attempt
 * not counted (the task did not fail; we stopped it).
 */
export function releaseWorkerTasks(db: Database, workerId: string, leaseIds: readonly string[]): string[] {
  const released: string[] = [];
  for (const leaseId of leaseIds) {
    const rows = all(
      db,
      `UPDATE cache_tasks
          SET status = 'queued', attempts = MAX(attempts - 1, 0), started_at = NULL,
              lease_id = NULL, lease_owner = NULL, lease_expires_at = NULL
        WHERE status = 'running' AND lease_owner = $worker AND lease_id = $lease_id AND cancel_requested = 0
        RETURNING task_id`,
      { $worker: workerId, $lease_id: leaseId },
    );
    released.push(...rows.map((row) => String(row.task_id)));
  }
  return released;
}
