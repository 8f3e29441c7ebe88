import * as vscode from 'vscode';
import type { TaskStatusName, TaskSummary } from '../../core/types';
import { COMMANDS } from '../commands/commandIds';
import { RefreshThrottle } from './refreshThrottle';
import { type StatusGroup, describeTask, groupLabel, groupStartsExpanded } from './taskGrouping';
import type { TaskFilter } from './taskFilter';
import { STATUS_LOOK, groupContextValue, taskAccessibilityLabel, taskContextValue, taskTooltipMarkdown, type TooltipTask } from './taskPresentation';
import { DEFAULT_PAGE_SIZE, TASKS_VIEW_ID, type TaskSource, loadGroups } from './taskTreeModel';

export { TASKS_VIEW_ID };

export type TaskTreeNode =
  | { kind: 'group'; status: TaskStatusName; group: StatusGroup }
  | { kind: 'task'; status: TaskStatusName; task: TaskSummary };

export interface TaskTreeOptions {
  /** Tasks shown per status group (the label says when there are more). */
  pageSize?: number;
  /** Bursts of change events (progress reports) make at most one refresh per this interval. */
  throttleMs?: number;
}

/** Tasks grouped by status; follows the engine's change events, throttled. No polling timer. */
export class TaskTreeDataProvider implements vscode.TreeDataProvider<TaskTreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<TaskTreeNode | undefined | void>();
  readonly onDidChangeTreeData = this.changeEmitter.event;

  private readonly pageSize: number;
  private readonly throttle: RefreshThrottle;
  private readonly subscriptions: vscode.Disposable[] = [];
  private groups: StatusGroup[] | undefined;

  constructor(
    private readonly source: TaskSource & { getTaskStatus?: (taskId: string) => TooltipTask },
    private readonly filter: () => TaskFilter,
    options: TaskTreeOptions = {},
  ) {
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    this.throttle = new RefreshThrottle(() => this.invalidate(), options.throttleMs ?? 150);
    this.subscriptions.push(
      source.onDidChangeTask(() => this.throttle.schedule()),
      // Another window changed the shared database: anything may differ.
      source.onDidChangeExternally(() => this.throttle.schedule()),
    );
  }

  /** Re-reads the engine now. */
  refresh(): void {
    this.throttle.flush();
  }

  private invalidate(): void {
    this.groups = undefined;
    this.changeEmitter.fire();
  }

  /** The groups as currently shown (read afresh after a change). */
  getGroups(): StatusGroup[] {
    this.groups ??= loadGroups(this.source, this.filter(), this.pageSize);
    return this.groups;
  }

  /** The node of a shown task, for reveal(). */
  findTask(taskId: string): TaskTreeNode | undefined {
    for (const group of this.getGroups()) {
      const task = group.tasks.find((candidate) => candidate.task_id === taskId);
      if (task) return { kind: 'task', status: task.status, task };
    }
    return undefined;
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
      const state = groupStartsExpanded(element.status) ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
      const item = new vscode.TreeItem(groupLabel(element.group), state);
      item.id = `group:${element.status}`;
      item.contextValue = groupContextValue(element.status);
      return item;
    }
    const { task } = element;
    const now = Date.now() / 1000;
    const item = new vscode.TreeItem(task.operation, vscode.TreeItemCollapsibleState.None);
    // The status is part of the id: a task moving between groups is a new row in its new group.
    item.id = `task:${task.task_id}:${task.status}`;
    item.description = describeTask(task, now);
    item.iconPath = themeIcon(task.status);
    item.contextValue = taskContextValue(task.status);
    item.accessibilityInformation = { label: taskAccessibilityLabel(task, now) };
    item.command = { command: COMMANDS.showTask, title: 'Show Details', arguments: [element] };
    // The tooltip is left to resolveTreeItem: read on hover, with the waiting reason and retry times.
    return item;
  }

  resolveTreeItem(item: vscode.TreeItem, element: TaskTreeNode): vscode.TreeItem {
    if (element.kind !== 'task') return item;
    let task: TooltipTask = element.task;
    try {
      task = this.source.getTaskStatus?.(element.task.task_id) ?? task;
    } catch {
      // Deleted meanwhile: the summary it was drawn from still describes the row.
    }
    const tooltip = new vscode.MarkdownString(taskTooltipMarkdown(task), true);
    tooltip.isTrusted = false;
    item.tooltip = tooltip;
    return item;
  }

  dispose(): void {
    this.throttle.dispose();
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    this.changeEmitter.dispose();
  }
}

function themeIcon(status: TaskStatusName): vscode.ThemeIcon {
  const look = STATUS_LOOK[status];
  return new vscode.ThemeIcon(look.icon, look.color ? new vscode.ThemeColor(look.color) : undefined);
}
