import type { Row } from '../database/statementCache';
import type { JsonObject, JsonValue, TaskRecord, TaskStatus, TaskStatusName, TaskSummary } from '../types';

/** Turns stored rows into the seed-shaped objects the engine hands out. */

const text = (value: Row[string]): string | null => (value === null || value === undefined ? null : String(value));
const num = (value: Row[string]): number | null => (value === null || value === undefined ? null : Number(value));

export function toTaskStatus(row: Row): TaskStatus {
  const status = row.status as TaskStatusName;
  const task: TaskStatus = {
    task_id: String(row.task_id),
    status,
    progress: Number(row.progress_pct),
    created_at: Number(row.created_at),
    completed_at: num(row.completed_at),
    operation: String(row.operation),
    account_id: text(row.account_id),
    priority: Number(row.priority),
    progress_message: text(row.progress_message),
    started_at: num(row.started_at),
    attempts: Number(row.attempts),
    retry_count: Number(row.retry_count),
    max_retries: Number(row.max_retries),
    run_after: Number(row.run_after),
    timeout_ms: num(row.timeout_ms),
    dedup_key: text(row.dedup_key),
    cancel_requested: Number(row.cancel_requested) === 1,
  };
  if (status === 'completed' && row.result_json !== null && row.result_json !== undefined) {
    task.result = JSON.parse(String(row.result_json)) as JsonValue;
  }
  if (row.error_text !== null && row.error_text !== undefined && status !== 'completed') {
    task.error = String(row.error_text);
  }
  return task;
}

export function toTaskRecord(row: Row): TaskRecord {
  return {
    ...toTaskStatus(row),
    task_type: String(row.task_type),
    parameters: JSON.parse(String(row.parameters_json)) as JsonObject,
    lease_owner: text(row.lease_owner),
    lease_expires_at: num(row.lease_expires_at),
  };
}

export const SUMMARY_COLUMNS =
  'task_id, operation, status, progress_pct, created_at, account_id, priority, progress_message, started_at, completed_at, run_after, attempts, max_retries, error_text';

export function toTaskSummary(row: Row): TaskSummary {
  const summary: TaskSummary = {
    task_id: String(row.task_id),
    operation: String(row.operation),
    status: row.status as TaskStatusName,
    progress: Number(row.progress_pct),
    created_at: Number(row.created_at),
    account_id: text(row.account_id),
    priority: Number(row.priority),
    progress_message: text(row.progress_message),
    started_at: num(row.started_at),
    completed_at: num(row.completed_at),
    run_after: Number(row.run_after),
    attempts: Number(row.attempts),
    max_retries: Number(row.max_retries),
  };
  if (row.error_text !== null && row.error_text !== undefined && summary.status !== 'completed') {
    summary.error = String(row.error_text);
  }
  return summary;
}

/** Seconds since the epoch, as the seed's time.time(). */
export const epochSeconds = (ms: number = Date.now()): number => ms / 1000;
