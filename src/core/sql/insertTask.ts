import type { Database } from 'sql.js';
import { first } from '../database/statementCache';

export interface NewTask {
  task_id: string;
  account_id: string | null;
  operation: string;
  parameters_json: string;
  priority: number;
  max_retries: number;
  timeout_ms: number | null;
  dedup_key: string | null;
  created_at: number;
  run_after: number;
}

/**
 * Inserts a queued task. With a dedup_key, the partial unique index on active tasks makes the insert a
 * no-op when one is queued or running already; that task is returned instead (no app-level race).
 */
export function insertTask(db: Database, task: NewTask): { task_id: string; status: string; deduplicated: boolean } {
  const inserted = first(
    db,
    `INSERT INTO cache_tasks
       (task_id, account_id, task_type, operation, parameters_json, status, priority, created_at,
        max_retries, timeout_ms, dedup_key, run_after)
     VALUES ($task_id, $account_id, $task_type, $operation, $parameters_json, 'queued', $priority, $created_at,
        $max_retries, $timeout_ms, $dedup_key, $run_after)
     ON CONFLICT DO NOTHING
     RETURNING task_id, status`,
    {
      $task_id: task.task_id,
      $account_id: task.account_id,
      $task_type: `${task.operation}_bg`,
      $operation: task.operation,
      $parameters_json: task.parameters_json,
      $priority: task.priority,
      $created_at: task.created_at,
      $max_retries: task.max_retries,
      $timeout_ms: task.timeout_ms,
      $dedup_key: task.dedup_key,
      $run_after: task.run_after,
    },
  );
  if (inserted) return { task_id: String(inserted.task_id), status: String(inserted.status), deduplicated: false };
  const existing = first(
    db,
    `SELECT task_id, status FROM cache_tasks WHERE dedup_key = $dedup_key AND status IN ('queued', 'running')`,
    { $dedup_key: task.dedup_key },
  );
  if (!existing) throw new Error(`task ${task.task_id} could not be inserted`);
  return { task_id: String(existing.task_id), status: String(existing.status), deduplicated: true };
}
