// What the tree shows, read from the engine: a bounded page of each status (newest first), the
// totals, and the filter applied. Pure (no `vscode`), so the unit tests run it on a real engine.
import type { CacheManager } from '../../core/CacheManager';
import type { TaskStatusName, TaskSummary } from '../../core/types';
import { type StatusGroup, groupLabel, groupTasksByStatus } from './taskGrouping';
import { type TaskFilter, shownStatuses } from './taskFilter';

/** The tree view's id (package.json contributes.views). */
export const TASKS_VIEW_ID = 'backgroundTasks.tasks';

/** What the tree reads from the engine. */
export type TaskSource = Pick<CacheManager, 'listTasks' | 'countByStatus' | 'onDidChangeTask' | 'onDidChangeExternally'>;

/** Rows shown per status group at most (the group's label says when there are more). */
export const DEFAULT_PAGE_SIZE = 100;

export function loadGroups(source: Pick<TaskSource, 'listTasks' | 'countByStatus'>, filter: TaskFilter, pageSize = DEFAULT_PAGE_SIZE): StatusGroup[] {
  const statuses = shownStatuses(filter);
  const accounts = filter.accounts?.length ? filter.accounts : undefined;
  if (!accounts) {
    const tasks = statuses.flatMap((status) => source.listTasks({ status, limit: pageSize }));
    return groupTasksByStatus(tasks, { counts: source.countByStatus(), statuses });
  }
  // Per account: the engine counts by status only, so a full page means "at least this many".
  const tasks: TaskSummary[] = [];
  const truncated = new Set<TaskStatusName>();
  for (const status of statuses) {
    const page = accounts
      .flatMap((account_id) => {
        const list = source.listTasks({ status, account_id, limit: pageSize });
        if (list.length >= pageSize) truncated.add(status);
        return list;
      })
      .sort((a, b) => b.created_at - a.created_at);
    if (page.length > pageSize) truncated.add(status);
    tasks.push(...page.slice(0, pageSize));
  }
  return groupTasksByStatus(tasks, { truncated, statuses });
}

/**
 * What a refresh must redraw: 'all' when groups, their labels or their rows came, went or moved;
 * otherwise just the rows whose contents changed (progress, a message), possibly none.
 */
export function changedRows(previous: readonly StatusGroup[], next: readonly StatusGroup[]): TaskSummary[] | 'all' {
  if (previous.length !== next.length) return 'all';
  const changed: TaskSummary[] = [];
  for (let index = 0; index < next.length; index++) {
    const before = previous[index]!;
    const after = next[index]!;
    if (before.status !== after.status || groupLabel(before) !== groupLabel(after) || before.tasks.length !== after.tasks.length) return 'all';
    for (let row = 0; row < after.tasks.length; row++) {
      const task = after.tasks[row]!;
      if (task.task_id !== before.tasks[row]!.task_id) return 'all';
      if (JSON.stringify(task) !== JSON.stringify(before.tasks[row])) changed.push(task);
    }
  }
  return changed;
}
