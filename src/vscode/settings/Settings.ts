import * as vscode from 'vscode';
import { type ExtensionSettings, SECTION, changedParts, readSettings } from './settingsModel';

export interface SettingsChange {
  readonly before: ExtensionSettings;
  readonly after: ExtensionSettings;
  readonly changed: ReadonlySet<keyof ExtensionSettings>;
}

/** The current settings, re-read when the user changes them, with an event saying what changed. */
export class Settings implements vscode.Disposable {
  private value: ExtensionSettings = Settings.read();
  private readonly changedEmitter = new vscode.EventEmitter<SettingsChange>();
  readonly onDidChange = this.changedEmitter.event;
  private readonly listener: vscode.Disposable;

  constructor() {
    this.listener = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration(SECTION)) return;
      const before = this.value;
      const after = Settings.read();
      const changed = changedParts(before, after);
      this.value = after;
      if (changed.size) this.changedEmitter.fire({ before, after, changed });
    });
  }

  get current(): ExtensionSettings {
    return this.value;
  }

  dispose(): void {
    this.listener.dispose();
    this.changedEmitter.dispose();
  }

  private static read(): ExtensionSettings {
    const configuration = vscode.workspace.getConfiguration(SECTION);
    return readSettings((key) => configuration.get(key));
  }
}
