// Applies the settings to the engine at activation and again on every change, without a reload.
// Pure (no `vscode`): the event is anything shaped like vscode.Event.
import type { BackgroundWorker } from '../../core/BackgroundWorker';
import type { CacheManager } from '../../core/CacheManager';
import type { Disposable, Logger } from '../../core/types';
import type { ExtensionSettings } from './settingsModel';

export interface SettingsSource {
  readonly current: ExtensionSettings;
  onDidChange(listener: (change: { after: ExtensionSettings; changed: ReadonlySet<keyof ExtensionSettings> }) => void): Disposable;
}

export function applyEngineSettings(
  settings: SettingsSource,
  engine: { worker: Pick<BackgroundWorker, 'updateOptions'>; manager: Pick<CacheManager, 'updateDefaults'> },
  logger?: Pick<Logger, 'info'>,
): Disposable {
  const apply = (value: ExtensionSettings) => {
    engine.worker.updateOptions(value.worker);
    engine.manager.updateDefaults({ defaultMaxRetries: value.defaultMaxRetries, defaultTimeoutMs: value.defaultTimeoutMs, retention: value.retention });
  };
  apply(settings.current);
  return settings.onDidChange(({ after, changed }) => {
    if (!changed.has('worker') && !changed.has('defaultMaxRetries') && !changed.has('defaultTimeoutMs') && !changed.has('retention')) return;
    apply(after);
    logger?.info(
      `settings applied: concurrency ${after.worker.concurrency}, tick ${after.worker.tickMs} ms, backoff ${after.worker.backoffBaseMs}-${after.worker.backoffMaxMs} ms, ` +
        `max retries ${after.defaultMaxRetries}, timeout ${after.defaultTimeoutMs ?? 'none'}, retention ${JSON.stringify(after.retention)}`,
    );
  });
}
