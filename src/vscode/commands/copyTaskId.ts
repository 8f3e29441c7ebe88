import * as vscode from 'vscode';
import { COMMANDS } from './commandIds';
import type { CommandDefinition } from './commandContext';
import { runTaskCommand } from './taskCommand';

/** Copies a task's id (several selected: one per line) to the clipboard; returns the id(s). */
export const copyTaskIdCommand: CommandDefinition = {
  id: COMMANDS.copyTaskId,
  run: async (context, first, second) => {
    const ids = await runTaskCommand(
      context,
      {
        pick: { title: 'Copy Task ID', placeholder: 'Pick a task to copy its id', none: 'There are no background tasks yet.' },
        // The id must exist: copying a mistyped one would only move the error elsewhere.
        action: ({ manager }, taskId) => manager.getTaskStatus(taskId).task_id,
      },
      first,
      second,
    );
    if (ids === undefined) return undefined;
    const text = Array.isArray(ids) ? ids.join('\n') : ids;
    if (text) {
      await vscode.env.clipboard.writeText(text);
      vscode.window.setStatusBarMessage(`$(copy) Copied ${Array.isArray(ids) ? `${ids.length} task IDs` : `task ID ${text}`}`, 3000);
    }
    return ids;
  },
};
