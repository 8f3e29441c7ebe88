// `shell` is registered only while backgroundTasks.operations.allowShell is on (off by default, and an
// application-scope setting, so no workspace's settings can turn it on). The operation itself is the
// headless server's (src/core/operations/shell.ts); here it runs in the first workspace folder.
import * as vscode from 'vscode';
import type { OperationRegistry } from '../../core/operations/OperationRegistry';
import { createShellOperation } from '../../core/operations/shell';
import type { Logger } from '../../core/types';
import type { Settings } from '../settings/Settings';

export function registerShellWhileAllowed(operations: OperationRegistry, settings: Settings, logger: Logger): vscode.Disposable {
  let registration: { dispose(): void } | undefined;
  const sync = (allowed: boolean) => {
    if (allowed && !registration) {
      registration = operations.register(createShellOperation({ defaultCwd: () => vscode.workspace.workspaceFolders?.[0]?.uri.fsPath }));
      logger.info('the shell operation is registered (backgroundTasks.operations.allowShell is on)');
    } else if (!allowed && registration) {
      registration.dispose();
      registration = undefined;
      logger.info('the shell operation is unregistered (backgroundTasks.operations.allowShell is off); queued shell tasks wait');
    }
  };
  sync(settings.current.allowShell);
  const listener = settings.onDidChange(({ after, changed }) => {
    if (changed.has('allowShell')) sync(after.allowShell);
  });
  return new vscode.Disposable(() => {
    listener.dispose();
    registration?.dispose();
    registration = undefined;
  });
}
