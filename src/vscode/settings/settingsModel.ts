// The extension's settings (contributes.configuration, section "backgroundTasks"): their keys, their
// defaults and how a raw value becomes something the engine accepts. Pure: the unit tests feed it
// values the way a hand-edited settings.json would (wrong types, out of range).
import type { WorkerOptions } from '../../core/BackgroundWorker';
import type { RetentionOptions } from '../../core/CacheManager';
import { MAX_TIMEOUT_MS } from '../../core/validation';

export const SECTION = 'backgroundTasks';

/** Keys relative to SECTION; package.json declares each as `backgroundTasks.<key>`. */
export const SETTING_KEYS = {
  concurrency: 'worker.concurrency',
  tickIntervalMs: 'worker.tickIntervalMs',
  defaultMaxRetries: 'retry.defaultMaxRetries',
  backoffBaseMs: 'retry.backoffBaseMs',
  backoffMaxMs: 'retry.backoffMaxMs',
  defaultTimeoutMs: 'tasks.defaultTimeoutMs',
  defaultAccount: 'tasks.defaultAccount',
  retentionMaxAgeDays: 'retention.maxAgeDays',
  retentionMaxFinished: 'retention.maxFinishedTasks',
  allowShell: 'operations.allowShell',
  statusBarShowWhenIdle: 'statusBar.showWhenIdle',
} as const;

export type SettingName = keyof typeof SETTING_KEYS;

/** Bounds, matching the minimum/maximum in package.json. */
export const LIMITS = {
  concurrency: { min: 1, max: 64, default: 4 },
  tickIntervalMs: { min: 100, max: 60_000, default: 1000 },
  defaultMaxRetries: { min: 0, max: 100, default: 3 },
  backoffBaseMs: { min: 0, max: 3_600_000, default: 1000 },
  backoffMaxMs: { min: 0, max: 86_400_000, default: 300_000 },
  defaultTimeoutMs: { min: 0, max: MAX_TIMEOUT_MS, default: 0 },
  retentionMaxAgeDays: { min: 0, max: 3650, default: 7 },
  retentionMaxFinished: { min: 0, max: 1_000_000, default: 10_000 },
} as const;

export interface ExtensionSettings {
  worker: Required<Pick<WorkerOptions, 'concurrency' | 'tickMs' | 'backoffBaseMs' | 'backoffMaxMs'>>;
  defaultMaxRetries: number;
  /** null: no timeout. */
  defaultTimeoutMs: number | null;
  retention: RetentionOptions;
  /** null: tasks enqueued from the UI get no account. */
  defaultAccount: string | null;
  allowShell: boolean;
  statusBarShowWhenIdle: boolean;
}

/** Reads one setting (relative key) the way `WorkspaceConfiguration.get` does. */
export type SettingReader = (key: string) => unknown;

export function readSettings(get: SettingReader): ExtensionSettings {
  const int = (name: keyof typeof LIMITS) => clampInt(get(SETTING_KEYS[name]), LIMITS[name]);
  const backoffBaseMs = int('backoffBaseMs');
  const maxAgeDays = int('retentionMaxAgeDays');
  const maxFinished = int('retentionMaxFinished');
  const timeout = int('defaultTimeoutMs');
  const account = get(SETTING_KEYS.defaultAccount);
  return {
    worker: {
      concurrency: int('concurrency'),
      tickMs: int('tickIntervalMs'),
      backoffBaseMs,
      // A cap below the base would make every retry wait the cap: the base wins.
      backoffMaxMs: Math.max(backoffBaseMs, int('backoffMaxMs')),
    },
    defaultMaxRetries: int('defaultMaxRetries'),
    defaultTimeoutMs: timeout > 0 ? timeout : null,
    // 0 means "no limit" in the settings; the engine reads an absent field that way.
    retention: { ...(maxAgeDays > 0 ? { maxAgeDays } : {}), ...(maxFinished > 0 ? { maxFinished } : {}) },
    defaultAccount: typeof account === 'string' && account.trim() ? account.trim().slice(0, 200) : null,
    allowShell: get(SETTING_KEYS.allowShell) === true,
    statusBarShowWhenIdle: get(SETTING_KEYS.statusBarShowWhenIdle) === true,
  };
}

function clampInt(value: unknown, limits: { min: number; max: number; default: number }): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return limits.default;
  return Math.min(limits.max, Math.max(limits.min, Math.round(value)));
}

/** Which parts of the settings differ (so a change applies only what changed). */
export function changedParts(before: ExtensionSettings, after: ExtensionSettings): Set<keyof ExtensionSettings> {
  const changed = new Set<keyof ExtensionSettings>();
  for (const key of Object.keys(after) as (keyof ExtensionSettings)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changed.add(key);
  }
  return changed;
}
