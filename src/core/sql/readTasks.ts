import type { Database } from 'sql.js';
import { all, first, type Params, type Row } from '../database/statementCache';
import { TASK_STATUSES, type TaskCounts, type TaskStatusName } from '../types';
import { SUMMARY_COLUMNS } from './taskRow';

export function getTaskRow(db: Database, taskId: string): Row | undefined {
  return first(db, 'SELECT * FROM cache_tasks WHERE task_id = $task_id', { $task_id: taskId });
}

/** Newest first, optionally for one account and one status. */
export function listTaskRows(db: Database, filter: { account_id: string | null; status: TaskStatusName | null; limit: number }): Row[] {
  const where: string[] = [];
  const params: Params = {};
  if (filter.account_id !== null) {
    where.push('account_id = $account_id');
    params.$account_id = filter.account_id;
  }
  if (filter.status !== null) {
    where.push('status = $status');
    params.$status = filter.status;
  }
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  // A literal LIMIT (validated 1-500) lets SQLite plan for it; bound, the same query costs three times as much.
  return all(db, `SELECT ${SUMMARY_COLUMNS} FROM cache_tasks ${clause} ORDER BY seq DESC LIMIT ${Math.floor(filter.limit)}`, params);
}

export function countByStatus(db: Database): TaskCounts {
  const counts = Object.fromEntries(TASK_STATUSES.map((status) => [status, 0])) as TaskCounts;
  for (const row of all(db, 'SELECT status, COUNT(*) AS n FROM cache_tasks GROUP BY status')) {
    counts[row.status as TaskStatusName] = Number(row.n);
  }
  return counts;
}

/** When the earliest queued task of these operations becomes due (seconds), or null. */
export function nextRunAfter(db: Database, operations: readonly string[]): number | null {
  if (operations.length === 0) return null;
  const params: Params = {};
  const placeholders = operations.map((operation, index) => {
    params[`$op${index}`] = operation;
    return `$op${index}`;
  });
  const row = first(
    db,
    `SELECT run_after AS due FROM cache_tasks INDEXED BY cache_tasks_due WHERE status = 'queued' AND operation IN (${placeholders.join(', ')}) ORDER BY run_after LIMIT 1`,
    params,
  );
  return row?.due === null || row?.due === undefined ? null : Number(row.due);
}

/** Running tasks of this worker whose cancel another process (or this one) requested. */
export function cancelRequestedLeases(db: Database, workerId: string): { task_id: string; lease_id: string }[] {
  return all(
    db,
    `SELECT task_id, lease_id FROM cache_tasks WHERE status = 'running' AND lease_owner = $worker AND cancel_requested = 1`,
    { $worker: workerId },
  ).map((row) => ({ task_id: String(row.task_id), lease_id: String(row.lease_id) }));
}

/** Leases this worker holds according to the database (another process may have recovered some). */
export function heldLeases(db: Database, workerId: string): Set<string> {
  return new Set(
    all(db, `SELECT lease_id FROM cache_tasks WHERE status = 'running' AND lease_owner = $worker`, { $worker: workerId }).map((row) =>
      String(row.lease_id),
    ),
  );
}
