import * as vscode from 'vscode';
import { COMMANDS } from './commandIds';
import type { CommandDefinition } from './commandContext';

/** The Settings editor, narrowed to this extension's settings. */
export const openSettingsCommand: CommandDefinition = {
  id: COMMANDS.openSettings,
  run: ({ extensionId }) => vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${extensionId}`),
};
