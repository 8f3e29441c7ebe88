// The "Show Details" document: a read-only JSON view of one whole task (parameters and result
// included), on its own URI scheme. Pure: the URI's path and the document's text.
import type { TaskRecord } from '../../core/types';

export const TASK_DETAILS_SCHEME = 'background-task';

/**
 * "/<task id>/<operation>-<first 8 of the id>.json": the id comes first so it parses back without
 * ambiguity; the file name makes a readable editor tab, and ".json" gives JSON colouring and folding.
 */
export function taskDetailsPath(task: { task_id: string; operation: string }): string {
  const name = task.operation.replace(/[^A-Za-z0-9._-]+/g, '_');
  return `/${encodeURIComponent(task.task_id)}/${name}-${task.task_id.slice(0, 8)}.json`;
}

export function taskIdFromDetailsPath(path: string): string | undefined {
  const first = path.split('/').filter(Boolean)[0];
  if (!first) return undefined;
  try {
    return decodeURIComponent(first);
  } catch {
    return undefined;
  }
}

/** The whole record, as the API returns it, pretty-printed. */
export function renderTaskDetails(task: TaskRecord): string {
  return `${JSON.stringify(task, null, 2)}\n`;
}

/** What the document shows once the task is gone (deleted, or pruned by retention). */
export function renderMissingTask(taskId: string, message: string): string {
  return `${JSON.stringify({ task_id: taskId, error: message }, null, 2)}\n`;
}
