import type { Database } from 'sql.js';
import { run } from '../database/statementCache';

export interface Failure {
  task_id: string;
  lease_id: string;
  error: string;
  /** Seconds since the epoch of the next attempt, or null when the task has used its retries. */
  retry_at: number | null;
}

/**
 * Records failed attempts under the given lease: a retry is scheduled through run_after (never a
 * sleep in the worker), the last one marks the task failed. The error is kept either way.
 */
export function failTasks(db: Database, failures: readonly Failure[], now: number): { task_id: string; retrying: boolean }[] {
  const changed: { task_id: string; retrying: boolean }[] = [];
  for (const failure of failures) {
    const params = { $now: now, $error: failure.error, $task_id: failure.task_id, $lease_id: failure.lease_id };
    const updated =
      failure.retry_at === null
        ? run(
            db,
            `UPDATE cache_tasks
                SET status = 'failed', completed_at = $now, error_text = $error,
                    lease_id = NULL, lease_owner = NULL, lease_expires_at = NULL
              WHERE task_id = $task_id AND lease_id = $lease_id AND status = 'running'`,
            params,
          )
        : run(
            db,
            `UPDATE cache_tasks
                SET status = 'queued', retry_count = retry_count + 1, error_text = $error, run_after = $retry_at,
                    lease_id = NULL, lease_owner = NULL, lease_expires_at = NULL
              WHERE task_id = $task_id AND lease_id = $lease_id AND status = 'running'`,
            { ...params, $retry_at: failure.retry_at },
          );
    if (updated) changed.push({ task_id: failure.task_id, retrying: failure.retry_at !== null });
  }
  return changed;
}
