// Command ids, shared by the commands, the tree (item clicks) and the status bar. They match
// package.json's contributes.commands; a unit test checks that every id here is contributed.

export const COMMANDS = {
  enqueueTask: 'backgroundTasks.enqueueTask',
  showTask: 'backgroundTasks.showTask',
  cancelTask: 'backgroundTasks.cancelTask',
  retryTask: 'backgroundTasks.retryTask',
  deleteTask: 'backgroundTasks.deleteTask',
  copyTaskId: 'backgroundTasks.copyTaskId',
  clearFinished: 'backgroundTasks.clearFinished',
  refresh: 'backgroundTasks.refresh',
  filter: 'backgroundTasks.filter',
  clearFilter: 'backgroundTasks.clearFilter',
  showLog: 'backgroundTasks.showLog',
  openSettings: 'backgroundTasks.openSettings',
} as const;

export type CommandName = keyof typeof COMMANDS;

/**
 * The tree's own entries for show / cancel / retry: the same commands under the titles a menu wants
 * ("Cancel", not "Cancel Task..." whose ellipsis promises a question). Hidden from the palette.
 */
export const ITEM_COMMANDS = {
  showDetails: { id: 'backgroundTasks.item.showDetails', same: COMMANDS.showTask },
  cancel: { id: 'backgroundTasks.item.cancel', same: COMMANDS.cancelTask },
  retry: { id: 'backgroundTasks.item.retry', same: COMMANDS.retryTask },
} as const;

/** VS Code generates "<view id>.focus" for every view: it opens the container and focuses the view. */
export const FOCUS_TASKS_VIEW = 'backgroundTasks.tasks.focus';

/** Context key: true while the tree's filter hides some tasks (package.json `when` clauses use it). */
export const FILTER_ACTIVE_CONTEXT = 'backgroundTasks.filterActive';
