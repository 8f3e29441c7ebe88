// What the status bar item says for given task counts. Pure, for the unit tests.
import type { TaskCounts } from '../../core/types';

export interface StatusBarLook {
  visible: boolean;
  text: string;
  /** Markdown. */
  tooltip: string;
  accessibilityLabel: string;
}

/**
 * Busy (something running): "$(sync~spin) 2 running, 3 queued". Only waiting tasks (delayed, retry
 * backoff): "$(clock) 3 queued", no spinner since nothing moves. Idle: hidden, unless the user keeps it.
 */
export function statusBarLook(counts: TaskCounts, showWhenIdle: boolean): StatusBarLook {
  const { running, queued } = counts;
  const parts = [running ? `${running} running` : '', queued ? `${queued} queued` : ''].filter(Boolean);
  const idle = parts.length === 0;
  const text = running > 0 ? `$(sync~spin) ${parts.join(', ')}` : queued > 0 ? `$(clock) ${parts.join(', ')}` : '$(check) No tasks running';
  const summary = `${counts.running} running · ${counts.queued} queued · ${counts.failed} failed · ${counts.completed} completed · ${counts.cancelled} cancelled`;
  return {
    visible: !idle || showWhenIdle,
    text,
    tooltip: `**Background Tasks**\n\n${summary}\n\nClick to show the tasks.`,
    accessibilityLabel: idle ? 'Background Tasks: no tasks running' : `Background Tasks: ${parts.join(', ')}`,
  };
}
