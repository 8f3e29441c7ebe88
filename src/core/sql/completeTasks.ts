import type { Database } from 'sql.js';
import { run } from '../database/statementCache';

export interface Completion {
  task_id: string;
  lease_id: string;
  result_json: string | null;
}

/** Completes tasks still held under the given lease; returns the ids that were completed. */
export function completeTasks(db: Database, completions: readonly Completion[], now: number): string[] {
  const done: string[] = [];
  for (const completion of completions) {
    const changed = run(
      db,
      `UPDATE cache_tasks
          SET status = 'completed', completed_at = $now, progress_pct = 100, result_json = $result,
              error_text = NULL, lease_id = NULL, lease_owner = NULL, lease_expires_at = NULL
        WHERE task_id = $task_id AND lease_id = $lease_id AND status = 'running'`,
      { $now: now, $result: completion.result_json, $task_id: completion.task_id, $lease_id: completion.lease_id },
    );
    if (changed) done.push(completion.task_id);
  }
  return done;
}
