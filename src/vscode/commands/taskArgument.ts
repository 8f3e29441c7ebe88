// What a task command was given: nothing (from the palette: ask), a task id (keybindings, automation,
// other extensions), or tree nodes (the view's menus, possibly several selected). Pure.

export type TaskArgumentOrigin = 'none' | 'id' | 'tree';

export interface TaskArguments {
  origin: TaskArgumentOrigin;
  taskIds: string[];
}

/**
 * A tree menu calls `(clicked, selected[])`; a keybinding or executeCommand calls `(id)` or
 * `({ taskId })` / `({ task_id })`. The clicked row counts even when it is not part of the selection.
 */
export function taskArguments(first: unknown, second?: unknown): TaskArguments {
  if (first === undefined || first === null) return { origin: 'none', taskIds: [] };
  const clicked = idOf(first);
  if (clicked === undefined) return { origin: 'id', taskIds: [] };
  const fromTree = isTreeNode(first);
  if (!fromTree) return { origin: 'id', taskIds: [clicked] };
  const selected = Array.isArray(second) ? second.filter(isTreeNode).map((node) => idOf(node)!) : [];
  const ids = selected.includes(clicked) ? selected : [clicked];
  return { origin: 'tree', taskIds: [...new Set(ids)] };
}

/** The task id inside an argument, or undefined when there is none (a group row, garbage). */
export function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  const candidate = value as { kind?: unknown; task?: { task_id?: unknown }; taskId?: unknown; task_id?: unknown };
  if (candidate.kind === 'task' && typeof candidate.task?.task_id === 'string') return candidate.task.task_id;
  if (typeof candidate.taskId === 'string') return candidate.taskId;
  if (typeof candidate.task_id === 'string') return candidate.task_id;
  return undefined;
}

function isTreeNode(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'task';
}

/**
 * A row of the tree (task or group). VS Code hands view-title commands the selected row too: a
 * command whose argument means something else (Enqueue's input, Filter's filter) must not take it.
 */
export function isTreeRow(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const kind = (value as { kind?: unknown }).kind;
  return kind === 'task' || kind === 'group';
}
