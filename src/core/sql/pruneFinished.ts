import type { Database } from 'sql.js';
import { all } from '../database/statementCache';

/**
 * Retention: deletes finished tasks older than `olderThan` and all but the newest `keep` finished ones.
 * Returns the deleted ids.
 */
export function pruneFinished(db: Database, options: { olderThan?: number; keep?: number }): string[] {
  const deleted: string[] = [];
  if (options.olderThan !== undefined) {
    const rows = all(
      db,
      `DELETE FROM cache_tasks
        WHERE status IN ('completed', 'failed', 'cancelled') AND COALESCE(completed_at, created_at) < $before
        RETURNING task_id`,
      { $before: options.olderThan },
    );
    deleted.push(...rows.map((row) => String(row.task_id)));
  }
  if (options.keep !== undefined) {
    const rows = all(
      db,
      `DELETE FROM cache_tasks
        WHERE seq IN (
          SELECT seq FROM cache_tasks WHERE status IN ('completed', 'failed', 'cancelled')
           ORDER BY COALESCE(completed_at, created_at) DESC, seq DESC
           LIMIT -1 OFFSET $keep)
        RETURNING task_id`,
      { $keep: options.keep },
    );
    deleted.push(...rows.map((row) => String(row.task_id)));
  }
  return deleted;
}

/** Deletes the given finished tasks; running and queued ones are left alone. Returns the deleted ids. */
export function deleteFinishedTasks(db: Database, taskIds: readonly string[]): string[] {
  const deleted: string[] = [];
  for (const taskId of taskIds) {
    const rows = all(
      db,
      `DELETE FROM cache_tasks WHERE task_id = $task_id AND status IN ('completed', 'failed', 'cancelled') RETURNING task_id`,
      { $task_id: taskId },
    );
    deleted.push(...rows.map((row) => String(row.task_id)));
  }
  return deleted;
}
