// Pure presentation logic of the task tree: which groups exist, in which order, and how a task
// reads. No `vscode` import, so it is unit-testable with node's test runner.
import type { TaskCounts, TaskStatusName, TaskSummary } from '../../core/types';

/** Order in which the groups appear: what needs attention first. */
export const GROUP_ORDER: readonly TaskStatusName[] = ['running', 'queued', 'failed', 'completed', 'cancelled'];

export const STATUS_LABELS: Record<TaskStatusName, string> = {
  running: 'Running',
  queued: 'Queued',
  failed: 'Failed',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

/** Codicon per status (the tree maps it to a ThemeIcon). */
export const STATUS_ICONS: Record<TaskStatusName, string> = {
  running: 'sync~spin',
  queued: 'clock',
  failed: 'error',
  completed: 'pass',
  cancelled: 'circle-slash',
};

export interface StatusGroup {
  status: TaskStatusName;
  label: string;
  /** All tasks with this status, which may be more than `tasks` holds. */
  total: number;
  /** The tasks shown, newest first. */
  tasks: TaskSummary[];
}

/**
 * Groups tasks by status in GROUP_ORDER, omitting empty groups. `counts` (from countByStatus) gives
 * the totals when `tasks` is a bounded page of each status; without it the totals are the tasks given.
 */
export function groupTasksByStatus(tasks: readonly TaskSummary[], counts?: Partial<TaskCounts>): StatusGroup[] {
  const byStatus = new Map<TaskStatusName, TaskSummary[]>();
  for (const task of tasks) {
    const list = byStatus.get(task.status) ?? [];
    list.push(task);
    byStatus.set(task.status, list);
  }
  const groups: StatusGroup[] = [];
  for (const status of GROUP_ORDER) {
    const list = (byStatus.get(status) ?? []).slice().sort(newestFirst);
    const total = Math.max(counts?.[status] ?? 0, list.length);
    if (total === 0) continue;
    groups.push({ status, label: STATUS_LABELS[status], total, tasks: list });
  }
  return groups;
}

function newestFirst(a: TaskSummary, b: TaskSummary): number {
  return b.created_at - a.created_at || (a.task_id < b.task_id ? 1 : a.task_id > b.task_id ? -1 : 0);
}

/** "Running (2)"; "Completed (50 of 1234)" when only a page is shown. */
export function groupLabel(group: StatusGroup): string {
  const shown = group.tasks.length;
  return shown < group.total ? `${group.label} (${shown} of ${group.total})` : `${group.label} (${group.total})`;
}

/** The short line next to a task's name. */
export function describeTask(task: TaskSummary, nowSeconds: number = Date.now() / 1000): string {
  switch (task.status) {
    case 'running': {
      const percent = `${Math.round(task.progress)}%`;
      return task.progress_message ? `${percent} · ${task.progress_message}` : percent;
    }
    case 'queued':
      return task.attempts > 0 ? `retry ${task.attempts} of ${task.max_retries} · ${formatAge(task.created_at, nowSeconds)}` : `queued ${formatAge(task.created_at, nowSeconds)}`;
    case 'failed':
      return task.error ? firstLine(task.error) : `failed ${formatAge(task.completed_at ?? task.created_at, nowSeconds)}`;
    case 'completed': {
      const took = task.started_at !== null && task.completed_at !== null ? ` in ${formatDuration(task.completed_at - task.started_at)}` : '';
      return `done ${formatAge(task.completed_at ?? task.created_at, nowSeconds)}${took}`;
    }
    case 'cancelled':
      return `cancelled ${formatAge(task.completed_at ?? task.created_at, nowSeconds)}`;
  }
}

/** Plain-text tooltip lines. */
export function taskTooltipLines(task: TaskSummary): string[] {
  const lines = [
    `${task.operation} — ${STATUS_LABELS[task.status]}`,
    `Task ${task.task_id}`,
    `Priority ${task.priority}${task.account_id ? ` · account ${task.account_id}` : ''}`,
    `Created ${new Date(task.created_at * 1000).toLocaleString()}`,
  ];
  if (task.status === 'running' || task.progress > 0) lines.push(`Progress ${Math.round(task.progress)}%${task.progress_message ? `: ${task.progress_message}` : ''}`);
  if (task.attempts > 0) lines.push(`Attempts ${task.attempts} (max retries ${task.max_retries})`);
  if (task.error) lines.push(`Error: ${task.error}`);
  return lines;
}

export function formatAge(thenSeconds: number, nowSeconds: number): string {
  const seconds = Math.max(0, Math.round(nowSeconds - thenSeconds));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h ago`;
  return `${Math.floor(seconds / 86400)}d ago`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 1) return `${Math.max(0, Math.round(seconds * 1000))} ms`;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes}m ${Math.round(seconds - minutes * 60)}s`;
}

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}
