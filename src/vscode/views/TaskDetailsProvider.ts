import * as vscode from 'vscode';
import type { CacheManager } from '../../core/CacheManager';
import { RefreshThrottle } from './refreshThrottle';
import { TASK_DETAILS_SCHEME, renderMissingTask, renderTaskDetails, taskDetailsPath, taskIdFromDetailsPath } from './taskDetails';

type DetailsSource = Pick<CacheManager, 'getTask' | 'onDidChangeTask' | 'onDidChangeExternally'>;

/**
 * Read-only JSON documents of whole tasks on the `background-task:` scheme. An open document follows
 * its task (a running task's progress, then its result) through the engine's change events.
 */
export class TaskDetailsProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly dirty = new Set<string>();
  private readonly throttle = new RefreshThrottle(() => this.fireDirty(), 250);
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly source: DetailsSource) {
    this.subscriptions.push(
      source.onDidChangeTask((event) => this.markDirty((taskId) => taskId === event.task_id)),
      source.onDidChangeExternally(() => this.markDirty(() => true)),
    );
  }

  static uriFor(task: { task_id: string; operation: string }): vscode.Uri {
    return vscode.Uri.from({ scheme: TASK_DETAILS_SCHEME, path: taskDetailsPath(task) });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const taskId = taskIdFromDetailsPath(uri.path);
    if (!taskId) return renderMissingTask('', `not a task document: ${uri.toString()}`);
    try {
      return renderTaskDetails(this.source.getTask(taskId));
    } catch (error) {
      return renderMissingTask(taskId, error instanceof Error ? error.message : String(error));
    }
  }

  dispose(): void {
    this.throttle.dispose();
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    this.changed.dispose();
  }

  private markDirty(matches: (taskId: string) => boolean): void {
    // Only documents that are open: VS Code drops closed ones, and the rest need no work.
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme !== TASK_DETAILS_SCHEME) continue;
      const taskId = taskIdFromDetailsPath(document.uri.path);
      if (taskId && matches(taskId)) this.dirty.add(document.uri.toString());
    }
    if (this.dirty.size) this.throttle.schedule();
  }

  private fireDirty(): void {
    const uris = [...this.dirty];
    this.dirty.clear();
    for (const uri of uris) this.changed.fire(vscode.Uri.parse(uri));
  }
}

/** Serves the `background-task:` documents; dispose removes the scheme. */
export function registerTaskDetails(source: DetailsSource): vscode.Disposable {
  const provider = new TaskDetailsProvider(source);
  const registration = vscode.workspace.registerTextDocumentContentProvider(TASK_DETAILS_SCHEME, provider);
  return vscode.Disposable.from(registration, provider);
}

/** Opens a task's details in a (preview) editor. */
export async function openTaskDetails(task: { task_id: string; operation: string }, options: { preview?: boolean; preserveFocus?: boolean } = {}): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(TaskDetailsProvider.uriFor(task));
  if (document.languageId !== 'json') await vscode.languages.setTextDocumentLanguage(document, 'json');
  return vscode.window.showTextDocument(document, { preview: options.preview ?? true, preserveFocus: options.preserveFocus ?? false });
}
