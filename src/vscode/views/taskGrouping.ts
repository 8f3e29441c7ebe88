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

export interface StatusGroup {
  status: TaskStatusName;
  label: string;
  /** All tasks with this status, which may be more than `tasks` holds. */
  total: number;
  /** True when `total` is a lower bound (a filtered page was full, so there may be more). */
  more?: boolean;
  /** The tasks shown, newest first. */
  tasks: TaskSummary[];
}

export interface GroupingOptions {
  /** Totals per status (countByStatus) when `tasks` is a bounded page of each status. */
  counts?: Partial<TaskCounts>;
  /** Statuses whose page was full while the totals are unknown (a filtered view): "(100+)". */
  truncated?: ReadonlySet<TaskStatusName>;
  /** Only these groups (a status filter); default all. */
  statuses?: readonly TaskStatusName[];
}

/**
 * Groups tasks by status in GROUP_ORDER, omitting empty groups. The totals come from `counts`
 * when given (the view shows a bounded page of each status), else from the tasks themselves.
 */
export function groupTasksByStatus(tasks: readonly TaskSummary[], options: GroupingOptions | Partial<TaskCounts> = {}): StatusGroup[] {
  const { counts, truncated, statuses } = isGroupingOptions(options) ? options : { counts: options, truncated: undefined, statuses: undefined };
  const byStatus = new Map<TaskStatusName, TaskSummary[]>();
  for (const task of tasks) {
    const list = byStatus.get(task.status) ?? [];
    list.push(task);
    byStatus.set(task.status, list);
  }
  const groups: StatusGroup[] = [];
  for (const status of GROUP_ORDER) {
    if (statuses && !statuses.includes(status)) continue;
    const list = (byStatus.get(status) ?? []).slice().sort(newestFirst);
    const total = Math.max(counts?.[status] ?? 0, list.length);
    if (total === 0) continue;
    const group: StatusGroup = { status, label: STATUS_LABELS[status], total, tasks: list };
    if (truncated?.has(status)) group.more = true;
    groups.push(group);
  }
  return groups;
}

function isGroupingOptions(value: GroupingOptions | Partial<TaskCounts>): value is GroupingOptions {
  return 'counts' in value || 'truncated' in value || 'statuses' in value;
}

/** Ties (same millisecond) keep the order given: listTasks returns newest first by insertion. */
function newestFirst(a: TaskSummary, b: TaskSummary): number {
  return b.created_at - a.created_at;
}

/** "Running (2)"; "Completed (50 of 1234)" when only a page is shown; "Completed (100+)" when filtered. */
export function groupLabel(group: StatusGroup): string {
  const shown = group.tasks.length;
  if (group.more) return `${group.label} (${shown}+)`;
  return shown < group.total ? `${group.label} (${shown} of ${group.total})` : `${group.label} (${group.total})`;
}

/** Groups that need attention start open; finished ones start collapsed (VS Code then remembers the user's choice). */
export function groupStartsExpanded(status: TaskStatusName): boolean {
  return status === 'running' || status === 'queued' || status === 'failed';
}

/**
 * The short line next to a task's name: what it is doing (progress while running, the retry, the
 * error), how long ago it reached its state, and its account.
 */
export function describeTask(task: TaskSummary, nowSeconds: number = Date.now() / 1000): string {
  const parts: string[] = [];
  switch (task.status) {
    case 'running':
      parts.push(task.progress_message ? `${Math.round(task.progress)}% ${truncate(task.progress_message, 40)}` : `${Math.round(task.progress)}%`);
      parts.push(`started ${formatAge(task.started_at ?? task.created_at, nowSeconds)}`);
      break;
    case 'queued': {
      // Waiting for a delay or a retry backoff: when it starts matters more than when it came.
      const waiting = task.run_after !== undefined && task.run_after > nowSeconds + 1 ? `starts ${formatIn(task.run_after, nowSeconds)}` : undefined;
      if (task.attempts > 0) parts.push(`retry ${task.attempts} of ${task.max_retries}`);
      parts.push(waiting ?? formatAge(task.created_at, nowSeconds));
      break;
    }
    case 'failed':
      parts.push(formatAge(task.completed_at ?? task.created_at, nowSeconds));
      break;
    case 'completed':
      parts.push(formatAge(task.completed_at ?? task.created_at, nowSeconds));
      if (task.started_at !== null && task.completed_at !== null) parts.push(`took ${formatDuration(task.completed_at - task.started_at)}`);
      break;
    case 'cancelled':
      parts.push(formatAge(task.completed_at ?? task.created_at, nowSeconds));
      break;
  }
  if (task.account_id) parts.push(task.account_id);
  if (task.status === 'failed' && task.error) parts.push(firstLine(task.error, 80));
  return parts.join(' · ');
}

export function formatAge(thenSeconds: number, nowSeconds: number): string {
  const seconds = Math.max(0, Math.round(nowSeconds - thenSeconds));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds}s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h ago`;
  return `${Math.floor(seconds / 86400)}d ago`;
}

/** "in 5s", "in 10m", "in 2h", "in 3d". */
export function formatIn(thenSeconds: number, nowSeconds: number): string {
  const seconds = Math.max(0, Math.round(thenSeconds - nowSeconds));
  if (seconds < 60) return `in ${seconds}s`;
  if (seconds < 3600) return `in ${Math.round(seconds / 60)}m`;
  if (seconds < 86400) return `in ${Math.round(seconds / 3600)}h`;
  return `in ${Math.round(seconds / 86400)}d`;
}

export function formatDuration(seconds: number): string {
  if (seconds < 1) return `${Math.max(0, Math.round(seconds * 1000))} ms`;
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  if (seconds < 3600) {
    const minutes = Math.floor(seconds / 60);
    return `${minutes}m ${Math.round(seconds - minutes * 60)}s`;
  }
  const hours = Math.floor(seconds / 3600);
  return `${hours}h ${Math.round((seconds - hours * 3600) / 60)}m`;
}

export function firstLine(text: string, max = 120): string {
  return truncate(text.split('\n', 1)[0] ?? '', max);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
