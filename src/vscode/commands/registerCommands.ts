import * as vscode from 'vscode';
import { cancelTaskCommand } from './cancelTask';
import { clearFilterCommand } from './clearFilter';
import { clearFinishedCommand } from './clearFinished';
import { ITEM_COMMANDS } from './commandIds';
import type { CommandContext, CommandDefinition } from './commandContext';
import { copyTaskIdCommand } from './copyTaskId';
import { deleteTaskCommand } from './deleteTask';
import { enqueueTaskCommand } from './enqueueTask';
import { filterCommand } from './filter';
import { openSettingsCommand } from './openSettings';
import { refreshCommand } from './refresh';
import { retryTaskCommand } from './retryTask';
import { showLogCommand } from './showLog';
import { showTaskCommand } from './showTask';

export const ALL_COMMANDS: readonly CommandDefinition[] = [
  enqueueTaskCommand,
  showTaskCommand,
  cancelTaskCommand,
  retryTaskCommand,
  deleteTaskCommand,
  copyTaskIdCommand,
  clearFinishedCommand,
  refreshCommand,
  filterCommand,
  clearFilterCommand,
  showLogCommand,
  openSettingsCommand,
];

/** Registers every command; each returns its result to executeCommand callers. */
export function registerCommands(context: CommandContext): vscode.Disposable {
  const byId = new Map(ALL_COMMANDS.map((command) => [command.id, command]));
  const registrations = ALL_COMMANDS.map((command) => vscode.commands.registerCommand(command.id, (...args: unknown[]) => command.run(context, ...args)));
  for (const item of Object.values(ITEM_COMMANDS)) {
    const command = byId.get(item.same)!;
    registrations.push(vscode.commands.registerCommand(item.id, (...args: unknown[]) => command.run(context, ...args)));
  }
  return vscode.Disposable.from(...registrations);
}
