import type { TaskStatusName, TaskSummary } from '../../../src/core/types';

let sequence = 0;

/** A task summary as listTasks returns it, with overridable fields. */
export function summary(status: TaskStatusName, overrides: Partial<TaskSummary> = {}): TaskSummary {
  sequence++;
  return {
    task_id: `t${String(sequence).padStart(4, '0')}-0000-0000`,
    operation: 'demo.wait',
    status,
    progress: 0,
    created_at: 1_000 + sequence,
    account_id: null,
    priority: 5,
    progress_message: null,
    started_at: null,
    completed_at: null,
    run_after: 1_000 + sequence,
    attempts: 0,
    max_retries: 3,
    ...overrides,
  };
}
