import type { Database } from 'sql.js';
import { first, run } from '../database/statementCache';

/**
 * Cancels a task: a queued one at once; a running one is flagged (cancel_requested) so the process
 * running it, this one or another, aborts its handler and then calls finishCancelledTasks.
 * Returns the status the task had, or undefined when it does not exist.
 */
export function cancelTask(db: Database, taskId: string, now: number): string | undefined {
  const row = first(db, 'SELECT status FROM cache_tasks WHERE task_id = $task_id', { $task_id: taskId });
  if (!row) return undefined;
  if (row.status === 'queued') {
    run(
      db,
      `UPDATE cache_tasks SET status = 'cancelled', completed_at = $now, cancel_requested = 1
        WHERE task_id = $task_id AND status = 'queued'`,
      { $now: now, $task_id: taskId },
    );
  } else if (row.status === 'running') {
    run(db, `UPDATE cache_tasks SET cancel_requested = 1 WHERE task_id = $task_id AND status = 'running'`, { $task_id: taskId });
  }
  return String(row.status);
}

/** Marks running tasks whose cancel was requested as cancelled, under their lease. */
export function finishCancelledTasks(db: Database, tasks: readonly { task_id: string; lease_id: string }[], now: number): string[] {
  const done: string[] = [];
  for (const task of tasks) {
    const changed = run(
      db,
      `UPDATE cache_tasks
          SET status = 'cancelled', completed_at = $now, error_text = COALESCE(error_text, 'cancelled'),
              lease_id = NULL, lease_owner = NULL, lease_expires_at = NULL
        WHERE task_id = $task_id AND lease_id = $lease_id AND status = 'running'`,
      { $now: now, $task_id: task.task_id, $lease_id: task.lease_id },
    );
    if (changed) done.push(task.task_id);
  }
  return done;
}
