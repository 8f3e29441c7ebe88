// Which actions a task row offers, by status. The menus themselves are declared in package.json
// (`when` clauses on viewItem); this table states the intent, and a unit test checks that the
// manifest's clauses produce exactly it for every status.
import type { TaskStatusName } from '../../core/types';

/** Command ids as contributed (the item variants carry the short menu titles). */
export const TASK_ACTION_COMMANDS = {
  showDetails: 'backgroundTasks.item.showDetails',
  copyTaskId: 'backgroundTasks.copyTaskId',
  cancel: 'backgroundTasks.item.cancel',
  retry: 'backgroundTasks.item.retry',
  delete: 'backgroundTasks.deleteTask',
} as const;

export type TaskAction = keyof typeof TASK_ACTION_COMMANDS;

export const TASK_ACTIONS: Record<TaskStatusName, { inline: TaskAction[]; context: TaskAction[] }> = {
  running: { inline: ['cancel'], context: ['showDetails', 'copyTaskId', 'cancel'] },
  queued: { inline: ['cancel'], context: ['showDetails', 'copyTaskId', 'cancel'] },
  failed: { inline: ['retry', 'delete'], context: ['showDetails', 'copyTaskId', 'retry', 'delete'] },
  cancelled: { inline: ['retry', 'delete'], context: ['showDetails', 'copyTaskId', 'retry', 'delete'] },
  completed: { inline: ['delete'], context: ['showDetails', 'copyTaskId', 'delete'] },
};
