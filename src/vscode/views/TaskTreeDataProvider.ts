import * as vscode from 'vscode';
import type { TaskStatusName, TaskSummary } from '../../core/types';
import { COMMANDS } from '../commands/commandIds';
import { RefreshThrottle } from './refreshThrottle';
import { type StatusGroup, describeTask, groupLabel, groupStartsExpanded } from './taskGrouping';
import type { TaskFilter } from './taskFilter';
import { STATUS_LOOK, groupContextValue, taskAccessibilityLabel, taskContextValue, taskTooltipMarkdown, type TooltipTask } from './taskPresentation';
import { DEFAULT_PAGE_SIZE, TASKS_VIEW_ID, type TaskSource, changedRows, loadGroups } from './taskTreeModel';

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

type GroupNode = Extract<TaskTreeNode, { kind: 'group' }>;
type TaskNode = Extract<TaskTreeNode, { kind: 'task' }>;

/**
 * Tasks grouped by status; follows the engine's change events, throttled. No polling timer.
 *
 * A refresh that only changes rows in place (progress, a message) re-renders just those rows: a
 * whole-tree refresh several times a second would cancel every hover, so no tooltip could be read
 * while anything runs. Nodes keep their identity across refreshes for that (VS Code keys rows by them).
 */
export class TaskTreeDataProvider implements vscode.TreeDataProvider<TaskTreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<TaskTreeNode | TaskTreeNode[] | undefined | void>();
  readonly onDidChangeTreeData = this.changeEmitter.event;

  private readonly pageSize: number;
  private readonly throttle: RefreshThrottle;
  private readonly subscriptions: vscode.Disposable[] = [];
  private groups: StatusGroup[] | undefined;
  private readonly groupNodes = new Map<TaskStatusName, GroupNode>();
  private readonly taskNodes = new Map<string, TaskNode>();

  constructor(
    private readonly source: TaskSource & { getTaskStatus?: (taskId: string) => TooltipTask },
    private readonly filter: () => TaskFilter,
    options: TaskTreeOptions = {},
  ) {
    this.pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    this.throttle = new RefreshThrottle(() => this.update(), options.throttleMs ?? 150);
    this.subscriptions.push(
      source.onDidChangeTask(() => this.throttle.schedule()),
      // Another window changed the shared database: anything may differ.
      source.onDidChangeExternally(() => this.throttle.schedule()),
    );
  }

  /** Re-reads the engine now and redraws the whole tree (a filter change, the Refresh button). */
  refresh(): void {
    this.throttle.flush();
    this.groups = undefined;
    this.changeEmitter.fire();
  }

  /** After engine events: redraws the changed rows, or everything when groups or rows came or went. */
  private update(): void {
    const previous = this.groups;
    if (!previous) {
      // Nothing drawn yet (or a full redraw is pending): the next getChildren reads afresh.
      this.changeEmitter.fire();
      return;
    }
    const next = loadGroups(this.source, this.filter(), this.pageSize);
    this.groups = next;
    const changed = changedRows(previous, next);
    if (changed === 'all') {
      this.changeEmitter.fire();
      return;
    }
    for (const group of next) this.groupNode(group);
    if (changed.length) this.changeEmitter.fire(changed.map((task) => this.taskNode(task)));
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
      if (task) return this.taskNode(task);
    }
    return undefined;
  }

  getChildren(element?: TaskTreeNode): TaskTreeNode[] {
    if (!element) {
      const groups = this.getGroups();
      this.forgetNodesNotIn(groups);
      return groups.map((group) => this.groupNode(group));
    }
    if (element.kind === 'group') return element.group.tasks.map((task) => this.taskNode(task));
    return [];
  }

  getParent(element: TaskTreeNode): TaskTreeNode | undefined {
    if (element.kind === 'group') return undefined;
    const group = this.getGroups().find((candidate) => candidate.status === element.task.status);
    return group ? this.groupNode(group) : undefined;
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
    // A running row is redrawn with each progress report: its tooltip comes with it, so an open
    // hover is updated rather than dropped. Other rows resolve theirs on hover (waiting reason, retry time).
    if (task.status === 'running') item.tooltip = markdownTooltip(task);
    return item;
  }

  resolveTreeItem(item: vscode.TreeItem, element: TaskTreeNode): vscode.TreeItem {
    if (element.kind !== 'task' || item.tooltip) return item;
    let task: TooltipTask = element.task;
    try {
      task = this.source.getTaskStatus?.(element.task.task_id) ?? task;
    } catch {
      // Deleted meanwhile: the summary it was drawn from still describes the row.
    }
    item.tooltip = markdownTooltip(task);
    return item;
  }

  dispose(): void {
    this.throttle.dispose();
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    this.changeEmitter.dispose();
  }

  private groupNode(group: StatusGroup): GroupNode {
    let node = this.groupNodes.get(group.status);
    if (!node) {
      node = { kind: 'group', status: group.status, group };
      this.groupNodes.set(group.status, node);
    }
    node.group = group;
    return node;
  }

  private taskNode(task: TaskSummary): TaskNode {
    const key = `${task.task_id}:${task.status}`;
    let node = this.taskNodes.get(key);
    if (!node) {
      node = { kind: 'task', status: task.status, task };
      this.taskNodes.set(key, node);
    }
    node.task = task;
    return node;
  }

  private forgetNodesNotIn(groups: StatusGroup[]): void {
    const shown = new Set(groups.flatMap((group) => group.tasks.map((task) => `${task.task_id}:${task.status}`)));
    for (const key of this.taskNodes.keys()) if (!shown.has(key)) this.taskNodes.delete(key);
    const statuses = new Set(groups.map((group) => group.status));
    for (const status of this.groupNodes.keys()) if (!statuses.has(status)) this.groupNodes.delete(status);
  }
}

function markdownTooltip(task: TooltipTask): vscode.MarkdownString {
  const tooltip = new vscode.MarkdownString(taskTooltipMarkdown(task), true);
  tooltip.isTrusted = false;
  return tooltip;
}

function themeIcon(status: TaskStatusName): vscode.ThemeIcon {
  const look = STATUS_LOOK[status];
  return new vscode.ThemeIcon(look.icon, look.color ? new vscode.ThemeColor(look.color) : undefined);
}
