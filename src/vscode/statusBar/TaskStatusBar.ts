import * as vscode from 'vscode';
import type { CacheManager } from '../../core/CacheManager';
import { FOCUS_TASKS_VIEW } from '../commands/commandIds';
import type { Settings } from '../settings/Settings';
import { RefreshThrottle } from '../views/refreshThrottle';
import { statusBarLook } from './statusBarModel';

export const STATUS_BAR_ITEM_ID = 'backgroundTasks.status';

/** Running and queued counts in the status bar; follows the engine's events (throttled), no timer. */
export class TaskStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(STATUS_BAR_ITEM_ID, vscode.StatusBarAlignment.Left, 10);
  private readonly throttle = new RefreshThrottle(() => this.update(), 200);
  private readonly subscriptions: vscode.Disposable[] = [];
  private visible = false;

  constructor(
    private readonly source: Pick<CacheManager, 'countByStatus' | 'onDidChangeTask' | 'onDidChangeExternally'>,
    private readonly settings: Settings,
  ) {
    this.item.name = 'Background Tasks';
    this.item.command = { command: FOCUS_TASKS_VIEW, title: 'Show Background Tasks' };
    this.subscriptions.push(
      this.item,
      source.onDidChangeTask(() => this.throttle.schedule()),
      source.onDidChangeExternally(() => this.throttle.schedule()),
      settings.onDidChange(({ changed }) => {
        if (changed.has('statusBarShowWhenIdle')) this.update();
      }),
    );
    this.update();
  }

  /** The text shown, or undefined while hidden (for the end-to-end tests). */
  get shownText(): string | undefined {
    return this.visible ? this.item.text : undefined;
  }

  update(): void {
    const look = statusBarLook(this.source.countByStatus(), this.settings.current.statusBarShowWhenIdle);
    this.item.text = look.text;
    this.item.tooltip = new vscode.MarkdownString(look.tooltip, true);
    this.item.accessibilityInformation = { label: look.accessibilityLabel };
    if (look.visible !== this.visible) {
      this.visible = look.visible;
      if (look.visible) this.item.show();
      else this.item.hide();
    }
  }

  dispose(): void {
    this.throttle.dispose();
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
  }
}
