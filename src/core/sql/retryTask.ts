import type { Database } from 'sql.js';
import { run } from '../database/statementCache';

/**
 * Puts a failed or cancelled task back in the queue with a fresh set of attempts.
 * Returns false when the task is not failed or cancelled. Throws the unique-index error when another
 * active task now holds its dedup_key.
 */
export function retryTask(db: Database, taskId: string, now: number): boolean {
  return (
    run(
      db,
      `UPDATE cache_tasks
          SET status = 'queued', run_after = $now, attempts = 0, retry_count = 0, cancel_requested = 0,
              started_at = NULL, completed_at = NULL, progress_pct = 0, progress_message = NULL,
              result_json = NULL, lease_id = NULL, lease_owner = NULL, lease_expires_at = NULL
        WHERE task_id = $task_id AND status IN ('failed', 'cancelled')`,
      { $now: now, $task_id: taskId },
    ) > 0
  );
}
