// How one task row looks: icon, colour, contextValue (which menus apply), tooltip and the label a
// screen reader announces. Pure (no `vscode` import): TaskTreeDataProvider maps it onto a TreeItem.
import type { TaskStatus, TaskStatusName, TaskSummary } from '../../core/types';
import { escapeMarkdown, inlineCode } from './markdown';
import { STATUS_LABELS, describeTask, formatAge, formatDuration } from './taskGrouping';

export interface StatusLook {
  /** Codicon id; `~spin` makes it rotate. */
  icon: string;
  /** Theme colour id, or none (the default foreground). */
  color?: string;
}

export const STATUS_LOOK: Record<TaskStatusName, StatusLook> = {
  running: { icon: 'sync~spin', color: 'charts.blue' },
  queued: { icon: 'clock' },
  failed: { icon: 'error', color: 'testing.iconFailed' },
  completed: { icon: 'pass', color: 'testing.iconPassed' },
  cancelled: { icon: 'circle-slash', color: 'disabledForeground' },
};

/** `task.<status>`: package.json's view/item/context `when` clauses match on it. */
export function taskContextValue(status: TaskStatusName): string {
  return `task.${status}`;
}

export function groupContextValue(status: TaskStatusName): string {
  return `taskGroup.${status}`;
}

/**
 * "demo.wait, running, 40% step 4 of 10 · started just now": the row's aria-label. The browser tests
 * find rows by its start, so keep "<operation>, <status>" first.
 */
export function taskAccessibilityLabel(task: TaskSummary, nowSeconds?: number): string {
  return `${task.operation}, ${task.status}, ${describeTask(task, nowSeconds)}`;
}

/** The fields the tooltip can use: a summary, or the full status when it is at hand (waiting reason, retries). */
export type TooltipTask = TaskSummary & Partial<Pick<TaskStatus, 'retry_count' | 'run_after' | 'timeout_ms' | 'waiting_reason'>>;

/** The tooltip as Markdown (theme icons on); every value from the task is escaped. */
export function taskTooltipMarkdown(task: TooltipTask, nowSeconds: number = Date.now() / 1000, formatTime: (epochSeconds: number) => string = formatTimestamp): string {
  const look = STATUS_LOOK[task.status];
  const progress = task.status === 'running' ? ` — ${Math.round(task.progress)}%` : '';
  const lines: string[] = [`$(${look.icon.replace('~spin', '')}) **${escapeMarkdown(task.operation)}** · ${STATUS_LABELS[task.status]}${progress}`, ''];
  const rows: [string, string][] = [['Task', inlineCode(task.task_id)]];
  rows.push(['Account', task.account_id ? escapeMarkdown(task.account_id) : '_none_']);
  rows.push(['Priority', `${task.priority}${task.priority === 5 ? ' (normal)' : task.priority < 5 ? ' (higher)' : ' (lower)'}`]);
  rows.push(['Attempts', `${task.attempts} of ${task.max_retries + 1}`]);
  rows.push(['Created', `${formatTime(task.created_at)} (${formatAge(task.created_at, nowSeconds)})`]);
  if (task.started_at !== null) rows.push(['Started', formatTime(task.started_at)]);
  if (task.completed_at !== null) {
    const took = task.started_at !== null && task.status !== 'cancelled' ? ` (took ${formatDuration(task.completed_at - task.started_at)})` : '';
    rows.push([task.status === 'cancelled' ? 'Cancelled' : 'Finished', `${formatTime(task.completed_at)}${took}`]);
  }
  if (task.status === 'queued' && task.run_after !== undefined && task.run_after > nowSeconds) rows.push(['Starts', formatTime(task.run_after)]);
  if (task.timeout_ms) rows.push(['Timeout', formatDuration(task.timeout_ms / 1000)]);
  if (task.progress > 0 || task.progress_message) {
    rows.push(['Progress', `${Math.round(task.progress)}%${task.progress_message ? ` — ${escapeMarkdown(task.progress_message)}` : ''}`]);
  }
  if (task.waiting_reason) rows.push(['Waiting', escapeMarkdown(task.waiting_reason)]);
  // Two trailing spaces: a Markdown line break inside one paragraph (tables render poorly in hovers).
  lines.push(rows.map(([name, value]) => `${name}: ${value}`).join('  \n'));
  if (task.error) {
    lines.push('', task.status === 'failed' ? '**Error**' : '**Last error**', '', fence(task.error));
  }
  return lines.join('\n');
}

/** "2026-12-04 15:53:28" in local time: unambiguous and the same in every locale. */
export function formatTimestamp(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

function fence(text: string): string {
  const clipped = text.length > 2000 ? `${text.slice(0, 2000)}\n…` : text;
  // A fence longer than any run of backticks inside keeps the text verbatim.
  const longest = Math.max(2, ...[...clipped.matchAll(/`+/g)].map((match) => match[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}text\n${clipped}\n${ticks}`;
}
