import * as vscode from 'vscode';
import type { OperationRegistry } from '../../core/operations/OperationRegistry';
import type { Logger } from '../../core/types';
import type { Settings } from '../settings/Settings';
import { createCommandOperation } from './commandOperation';
import { createLmToolOperation } from './lmToolOperation';
import { registerShellWhileAllowed } from './shellOperation';
import { createTaskOperation } from './taskOperation';

/** The operations only VS Code can run (tools, commands, tasks), and `shell` while allowed. demo.wait is the engine's. */
export function registerVscodeOperations(operations: OperationRegistry, settings: Settings, logger: Logger): vscode.Disposable {
  const registrations = [createLmToolOperation(), createCommandOperation(), createTaskOperation()].map((definition) => operations.register(definition));
  const shell = registerShellWhileAllowed(operations, settings, logger);
  return new vscode.Disposable(() => {
    shell.dispose();
    for (const registration of registrations) registration.dispose();
  });
}
