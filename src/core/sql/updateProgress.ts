import type { Database } from 'sql.js';
import { run } from '../database/statementCache';

export interface ProgressUpdate {
  task_id: string;
  lease_id: string;
  percent: number;
  message: string | null;
}

/** Writes the latest progress of running tasks (batched: the worker coalesces reports between writes). */
export function updateProgress(db: Database, updates: readonly ProgressUpdate[]): string[] {
  const changed: string[] = [];
  for (const update of updates) {
    const rows = run(
      db,
      `UPDATE cache_tasks SET progress_pct = $percent, progress_message = $message
        WHERE task_id = $task_id AND lease_id = $lease_id AND status = 'running'`,
      { $percent: update.percent, $message: update.message, $task_id: update.task_id, $lease_id: update.lease_id },
    );
    if (rows) changed.push(update.task_id);
  }
  return changed;
}
