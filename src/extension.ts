// The composition root: wires the engine (src/core) into VS Code. Keep the logic in the modules.
import { performance } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { createApi, type BackgroundTasksApi } from './vscode/activation/api';
import { startEngine, type Engine } from './vscode/activation/engine';
import { registerCommands } from './vscode/commands/registerCommands';
import { createExtensionLogger } from './vscode/logging/outputChannelLogger';
import { registerMcpProvider } from './vscode/mcp/registerMcpProvider';
import { registerVscodeOperations } from './vscode/operations/registerVscodeOperations';
import { Settings } from './vscode/settings/Settings';
import { applyEngineSettings } from './vscode/settings/applyEngineSettings';
import { TaskStatusBar } from './vscode/statusBar/TaskStatusBar';
import { registerTaskDetails } from './vscode/views/TaskDetailsProvider';
import { registerTaskTreeView } from './vscode/views/TaskTreeView';

export type { BackgroundTasksApi } from './vscode/activation/api';

let engine: Engine | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<BackgroundTasksApi> {
  const started = performance.now();
  const { channel, logger } = createExtensionLogger(context.subscriptions);
  try {
    engine = await startEngine(context.globalStorageUri, logger);
    context.subscriptions.push(engine);
    const { manager, operations } = engine;
    const settings = new Settings();
    context.subscriptions.push(settings, applyEngineSettings(settings, engine, logger));
    context.subscriptions.push(registerVscodeOperations(operations, settings, logger));
    const tree = registerTaskTreeView(manager, context.workspaceState);
    context.subscriptions.push(tree, registerTaskDetails(manager));
    const statusBar = new TaskStatusBar(manager, settings);
    context.subscriptions.push(statusBar);
    context.subscriptions.push(registerCommands({ manager, operations, tree, settings, log: channel, extensionId: context.extension.id }));
    // The cache tools for Copilot agent mode: an MCP server definition whose endpoint runs in this host.
    context.subscriptions.push(registerMcpProvider(context, engine.manager, engine.operations, logger));

    const activationTimeMs = Math.round((performance.now() - started) * 10) / 10;
    logger.info(`Activated in ${activationTimeMs} ms (pid ${process.pid}, database ${engine.databaseFile})`);
    return createApi(engine, activationTimeMs, { statusBarText: () => statusBar.shownText, treeSnapshot: () => tree.snapshot() });
  } catch (error) {
    logger.error(error instanceof Error ? error : String(error));
    void vscode.window.showErrorMessage(`Background Tasks could not start: ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  }
}

/** VS Code awaits the returned promise: the worker stops and the database is flushed first. */
export function deactivate(): Promise<void> | undefined {
  const current = engine;
  engine = undefined;
  return current?.shutdown();
}
