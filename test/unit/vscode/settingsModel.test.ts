import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyEngineSettings } from '../../../src/vscode/settings/applyEngineSettings';
import { type ExtensionSettings, SETTING_KEYS, changedParts, readSettings } from '../../../src/vscode/settings/settingsModel';
import { Emitter } from '../../../src/core/events';
import { openEngine, waitFor, waitForStatus } from '../../support/engine';

const reader = (values: Record<string, unknown>) => (key: string) => values[key];

test('defaults when nothing is set', () => {
  assert.deepEqual(readSettings(reader({})), {
    worker: { concurrency: 4, tickMs: 1000, backoffBaseMs: 1000, backoffMaxMs: 300_000 },
    defaultMaxRetries: 3,
    defaultTimeoutMs: null,
    retention: { maxAgeDays: 7, maxFinished: 10_000 },
    defaultAccount: null,
    allowShell: false,
    statusBarShowWhenIdle: false,
  });
});

test('hand-edited values are clamped, rounded or ignored, never passed on broken', () => {
  const settings = readSettings(
    reader({
      [SETTING_KEYS.concurrency]: 0,
      [SETTING_KEYS.tickIntervalMs]: 'fast',
      [SETTING_KEYS.defaultMaxRetries]: 2.6,
      [SETTING_KEYS.backoffBaseMs]: 5000,
      [SETTING_KEYS.backoffMaxMs]: 10,
      [SETTING_KEYS.defaultTimeoutMs]: 30_000,
      [SETTING_KEYS.defaultAccount]: '  acme  ',
      [SETTING_KEYS.retentionMaxAgeDays]: 0,
      [SETTING_KEYS.retentionMaxFinished]: -5,
      [SETTING_KEYS.allowShell]: 'true',
    }),
  );
  assert.deepEqual(settings.worker, { concurrency: 1, tickMs: 1000, backoffBaseMs: 5000, backoffMaxMs: 5000 });
  assert.equal(settings.defaultMaxRetries, 3);
  assert.equal(settings.defaultTimeoutMs, 30_000);
  assert.equal(settings.defaultAccount, 'acme');
  assert.deepEqual(settings.retention, {}, '0 = no limit');
  assert.equal(settings.allowShell, false, 'only a real true turns the shell on');
});

test('says which parts changed', () => {
  const before = readSettings(reader({}));
  const after = readSettings(reader({ [SETTING_KEYS.concurrency]: 2, [SETTING_KEYS.allowShell]: true }));
  assert.deepEqual([...changedParts(before, after)].sort(), ['allowShell', 'worker']);
  assert.equal(changedParts(before, readSettings(reader({}))).size, 0);
});

test('applied to a real engine at once and on every change, without a restart', async (t) => {
  const engine = await openEngine(t);
  const changes = new Emitter<{ after: ExtensionSettings; changed: ReadonlySet<keyof ExtensionSettings> }>();
  let current = readSettings(reader({ [SETTING_KEYS.concurrency]: 1, [SETTING_KEYS.defaultMaxRetries]: 7 }));
  const subscription = applyEngineSettings({ get current() { return current; }, onDidChange: changes.event }, engine);
  t.after(() => subscription.dispose());

  const first = await engine.manager.enqueueTask({ operation: 'demo.wait', parameters: { duration_ms: 150, steps: 1 } });
  const second = await engine.manager.enqueueTask({ operation: 'demo.wait', parameters: { duration_ms: 150, steps: 1 } });
  assert.equal(engine.manager.getTaskStatus(first.task_id).max_retries, 7);
  await waitForStatus(engine.manager, first.task_id, 'running');
  assert.equal(engine.manager.getTaskStatus(second.task_id).status, 'queued', 'concurrency 1: the second waits');
  await waitForStatus(engine.manager, second.task_id, 'completed');

  const previous = current;
  current = readSettings(reader({ [SETTING_KEYS.concurrency]: 3, [SETTING_KEYS.defaultTimeoutMs]: 60_000 }));
  changes.fire({ after: current, changed: changedParts(previous, current) });
  const ids = await Promise.all([1, 2, 3].map(() => engine.manager.enqueueTask({ operation: 'demo.wait', parameters: { duration_ms: 400, steps: 1 } })));
  assert.equal(engine.manager.getTaskStatus(ids[0]!.task_id).timeout_ms, 60_000);
  assert.equal(engine.manager.getTaskStatus(ids[0]!.task_id).max_retries, 3);
  await waitFor(() => engine.manager.countByStatus().running === 3, 'three tasks running at once');
});
