import * as vscode from 'vscode';
import type { CacheManager } from '../../core/CacheManager';
import type { TaskStatusName, TaskSummary } from '../../core/types';
import { STATUS_LABELS, describeTask } from '../views/taskGrouping';
import { STATUS_LOOK } from '../views/taskPresentation';

interface TaskItem extends vscode.QuickPickItem {
  taskId: string;
}

/** Recent tasks (optionally of some statuses) to choose one from; its id, or undefined if dismissed. */
export async function pickTask(
  manager: Pick<CacheManager, 'listTasks'>,
  options: { statuses?: readonly TaskStatusName[]; title: string; placeholder: string; none: string },
): Promise<string | undefined> {
  const tasks: TaskSummary[] = options.statuses
    ? options.statuses.flatMap((status) => manager.listTasks({ status, limit: 100 })).sort((a, b) => b.created_at - a.created_at)
    : manager.listTasks({ limit: 200 });
  if (tasks.length === 0) {
    void vscode.window.showInformationMessage(options.none);
    return undefined;
  }
  const now = Date.now() / 1000;
  const items: TaskItem[] = tasks.map((task) => ({
    taskId: task.task_id,
    label: `$(${STATUS_LOOK[task.status].icon.replace('~spin', '')}) ${task.operation}`,
    description: `${STATUS_LABELS[task.status]} · ${describeTask(task, now)}`,
    detail: task.task_id,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: options.title,
    placeHolder: options.placeholder,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.taskId;
}
