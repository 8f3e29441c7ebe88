import * as vscode from 'vscode';
import type { CacheManager } from '../../core/CacheManager';
import type { TaskStatusName, TaskSummary } from '../../core/types';
import { GROUP_ORDER, STATUS_ICONS, describeTask, groupLabel, groupTasksByStatus, taskTooltipLines, type StatusGroup } from './taskGrouping';

export const TASKS_VIEW_ID = 'backgroundTasks.tasks';

/** What the tree reads from the engine. */
export type TaskSource = Pick<CacheManager, 'listTasks' | 'countByStatus' | 'onDidChangeTask' | 'onDidChangeExternally'>;

export type TaskTreeNode =
  | { kind: 'group'; status: TaskStatusName; group: StatusGroup }
  | { kind: 'task'; status: TaskStatusName; task: TaskSummary };

export interface TaskTreeOptions {
  /** Tasks shown per status group (the label says when there are more). */
  pageSize?: number;
  /** Coalesces bursts of change events (progress reports) into one refresh. */
  debounceMs?: number;
}

const STATUS_COLORS: Partial<Record<TaskStatusName, string>> = {
  running: 'charts.blue',
  failed: 'testing.iconFailed',
  completed: 'testing.iconPassed',
};

/** Tasks grouped by status, refreshed (debounced) whenever the engine reports a change. */
export class TaskTreeDataProvider implements vscode.TreeDataProvider<TaskTreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<TaskTreeNode | undefined | void>();
  readonly onDidChangeTreeData = this.changeEmitter.event;

  private readonly pageSize: number;
  private readonly debounceMs: number;
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private groups: StatusGroup[] | undefined;

  constructor(private readonly source: TaskSource, options: TaskTreeOptions = {}) {
    this.pageSize = options.pageSize ?? 100;
    this.debounceMs = options.debounceMs ?? 100;
    this.subscriptions.push(source.onDidChangeTask(() => this.scheduleRefresh()), source.onDidChangeExternally(() => this.scheduleRefresh()));
  }

  /** Re-reads the engine now. */
  refresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.groups = undefined;
    this.changeEmitter.fire();
  }

  private scheduleRefresh(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => this.refresh(), this.debounceMs);
  }

  /** The groups as currently shown (read afresh after a change). */
  getGroups(): StatusGroup[] {
    if (!this.groups) {
      const tasks = GROUP_ORDER.flatMap((status) => this.source.listTasks({ status, limit: this.pageSize }));
      this.groups = groupTasksByStatus(tasks, this.source.countByStatus());
    }
    return this.groups;
  }

  getChildren(element?: TaskTreeNode): TaskTreeNode[] {
    if (!element) return this.getGroups().map((group) => ({ kind: 'group', status: group.status, group }));
    if (element.kind === 'group') return element.group.tasks.map((task) => ({ kind: 'task', status: task.status, task }));
    return [];
  }

  getParent(element: TaskTreeNode): TaskTreeNode | undefined {
    if (element.kind === 'group') return undefined;
    const group = this.getGroups().find((candidate) => candidate.status === element.task.status);
    return group ? { kind: 'group', status: group.status, group } : undefined;
  }

  getTreeItem(element: TaskTreeNode): vscode.TreeItem {
    if (element.kind === 'group') {
      const item = new vscode.TreeItem(groupLabel(element.group), vscode.TreeItemCollapsibleState.Expanded);
      item.id = `group:${element.status}`;
      item.contextValue = `taskGroup.${element.status}`;
      item.iconPath = themeIcon(element.status);
      return item;
    }
    const { task } = element;
    const item = new vscode.TreeItem(task.operation, vscode.TreeItemCollapsibleState.None);
    // The status is part of the id: a task moving between groups is a new row in its new group.
    item.id = `task:${task.task_id}:${task.status}`;
    item.description = describeTask(task);
    item.tooltip = taskTooltipLines(task).join('\n');
    item.iconPath = themeIcon(task.status);
    item.contextValue = `task.${task.status}`;
    item.accessibilityInformation = { label: `${task.operation}, ${task.status}, ${item.description}` };
    return item;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    this.changeEmitter.dispose();
  }
}

function themeIcon(status: TaskStatusName): vscode.ThemeIcon {
  const color = STATUS_COLORS[status];
  return new vscode.ThemeIcon(STATUS_ICONS[status], color ? new vscode.ThemeColor(color) : undefined);
}

/** Registers the tree view; the view, the provider and its subscriptions go onto `subscriptions`. */
export function registerTaskTreeView(
  subscriptions: vscode.Disposable[],
  source: TaskSource,
  options?: TaskTreeOptions,
): { provider: TaskTreeDataProvider; view: vscode.TreeView<TaskTreeNode> } {
  const provider = new TaskTreeDataProvider(source, options);
  const view = vscode.window.createTreeView(TASKS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true });
  const updateBadge = () => {
    const counts = source.countByStatus();
    const active = counts.running + counts.queued;
    view.badge = active > 0 ? { value: active, tooltip: `${counts.running} running, ${counts.queued} queued` } : undefined;
  };
  updateBadge();
  subscriptions.push(provider, view, provider.onDidChangeTreeData(updateBadge));
  return { provider, view };
}
