import * as vscode from 'vscode';
import { COMMANDS } from './commandIds';
import type { CommandDefinition } from './commandContext';

/** Deletes every completed, failed and cancelled task; returns how many. Running and queued ones stay. */
export const clearFinishedCommand: CommandDefinition = {
  id: COMMANDS.clearFinished,
  run: async ({ manager }) => {
    const deleted = await manager.clearFinished();
    vscode.window.setStatusBarMessage(`$(clear-all) Deleted ${deleted} finished task${deleted === 1 ? '' : 's'}`, 3000);
    return deleted;
  },
};
