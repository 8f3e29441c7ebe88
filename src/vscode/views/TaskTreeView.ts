import * as vscode from 'vscode';
import { FILTER_ACTIVE_CONTEXT } from '../commands/commandIds';
import { TASKS_VIEW_ID, TaskTreeDataProvider, type TaskTreeNode, type TaskTreeOptions } from './TaskTreeDataProvider';
import { type StatusGroup, groupLabel } from './taskGrouping';
import { NO_FILTER, type TaskFilter, describeFilter, filterMessage, isFilterActive, parseFilter, sameFilter } from './taskFilter';
import type { TooltipTask } from './taskPresentation';
import type { TaskSource } from './taskTreeModel';

const FILTER_STATE_KEY = 'backgroundTasks.treeFilter';

/**
 * The Background Tasks tree view: the provider, the filter (remembered per workspace and shown in
 * the view's description), the activity-bar badge of active tasks, and reveal for new tasks.
 */
export class TaskTreeView implements vscode.Disposable {
  readonly provider: TaskTreeDataProvider;
  readonly view: vscode.TreeView<TaskTreeNode>;
  private currentFilter: TaskFilter;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly source: TaskSource & { getTaskStatus?: (taskId: string) => TooltipTask },
    private readonly state: vscode.Memento,
    options?: TaskTreeOptions,
  ) {
    const stored = parseFilter(state.get(FILTER_STATE_KEY));
    this.currentFilter = 'error' in stored ? NO_FILTER : stored;
    this.provider = new TaskTreeDataProvider(source, () => this.currentFilter, options);
    this.view = vscode.window.createTreeView(TASKS_VIEW_ID, { treeDataProvider: this.provider, canSelectMany: true });
    this.subscriptions.push(this.provider, this.view, this.provider.onDidChangeTreeData(() => this.updateBadge()));
    this.updateBadge();
    this.applyFilterLook();
  }

  get filter(): TaskFilter {
    return this.currentFilter;
  }

  async setFilter(filter: TaskFilter): Promise<void> {
    if (sameFilter(filter, this.currentFilter)) return;
    this.currentFilter = filter;
    this.applyFilterLook();
    this.provider.refresh();
    await this.state.update(FILTER_STATE_KEY, isFilterActive(filter) ? filter : undefined);
  }

  refresh(): void {
    this.provider.refresh();
  }

  /** Selects a task's row if the view is open and the filter shows it; says whether it did. */
  async reveal(taskId: string): Promise<boolean> {
    if (!this.view.visible) return false;
    this.provider.refresh();
    const node = this.provider.findTask(taskId);
    if (!node) return false;
    try {
      await this.view.reveal(node, { select: true, focus: false, expand: true });
      return true;
    } catch {
      // Gone between the refresh and the reveal.
      return false;
    }
  }

  /** What the tree shows now, as text (the end-to-end tests compare it with the engine). */
  snapshot(): { description: string | undefined; message: string | undefined; groups: { label: string; tasks: string[] }[] } {
    return {
      description: this.view.description,
      message: this.view.message,
      groups: this.provider.getGroups().map((group: StatusGroup) => ({ label: groupLabel(group), tasks: group.tasks.map((task) => task.task_id) })),
    };
  }

  dispose(): void {
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
  }

  private applyFilterLook(): void {
    this.view.description = describeFilter(this.currentFilter);
    this.view.message = filterMessage(this.currentFilter);
    void vscode.commands.executeCommand('setContext', FILTER_ACTIVE_CONTEXT, isFilterActive(this.currentFilter));
  }

  private updateBadge(): void {
    const counts = this.source.countByStatus();
    const active = counts.running + counts.queued;
    this.view.badge = active > 0 ? { value: active, tooltip: `${counts.running} running, ${counts.queued} queued` } : undefined;
  }
}

/** Registers the tree view; dispose removes it. */
export function registerTaskTreeView(source: TaskSource & { getTaskStatus?: (taskId: string) => TooltipTask }, state: vscode.Memento, options?: TaskTreeOptions): TaskTreeView {
  return new TaskTreeView(source, state, options);
}
