import type * as vscode from 'vscode';
import type { CacheManager } from '../../core/CacheManager';
import type { OperationRegistry } from '../../core/operations/OperationRegistry';
import type { Settings } from '../settings/Settings';
import type { TaskTreeView } from '../views/TaskTreeView';

/** What the commands work with. */
export interface CommandContext {
  readonly manager: CacheManager;
  readonly operations: OperationRegistry;
  readonly tree: TaskTreeView;
  readonly settings: Settings;
  readonly log: Pick<vscode.OutputChannel, 'show'>;
  /** For "Open Settings": `@ext:<id>`. */
  readonly extensionId: string;
}

/** One command: its id and what it does with the arguments VS Code passes. */
export interface CommandDefinition {
  readonly id: string;
  run(context: CommandContext, ...args: unknown[]): unknown;
}
