import * as vscode from 'vscode';
import type { TaskStatusName } from '../../core/types';
import type { CommandContext } from './commandContext';
import { pickTask } from './pickTask';
import { taskArguments } from './taskArgument';

export interface TaskCommandOptions<R> {
  /** For the picker when no task was given: which tasks qualify, and the picker's words. */
  pick: { statuses?: readonly TaskStatusName[]; title: string; placeholder: string; none: string };
  action(context: CommandContext, taskId: string): Promise<R> | R;
}

/**
 * The shape every task command shares. Given an id (a keybinding, executeCommand, another
 * extension), it returns the result and lets errors reject the call; from the tree (one row or a
 * selection) or from the palette (it asks), errors become an error notification, since nobody
 * awaits the result there. Several tasks give an array of results.
 */
export async function runTaskCommand<R>(context: CommandContext, options: TaskCommandOptions<R>, first: unknown, second: unknown): Promise<R | R[] | undefined> {
  const args = taskArguments(first, second);
  if (args.origin === 'id' && args.taskIds.length === 0) throw new Error(`expected a task id, got ${describe(first)}`);
  let ids = args.taskIds;
  if (args.origin === 'none') {
    const picked = await pickTask(context.manager, options.pick);
    if (!picked) return undefined;
    ids = [picked];
  }
  const results: R[] = [];
  for (const id of ids) {
    try {
      results.push(await options.action(context, id));
    } catch (error) {
      if (args.origin === 'id') throw error;
      void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
    }
  }
  return ids.length === 1 ? results[0] : results;
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}
