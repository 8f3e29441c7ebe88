import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TaskCounts } from '../../../src/core/types';
import { statusBarLook } from '../../../src/vscode/statusBar/statusBarModel';

const counts = (partial: Partial<TaskCounts>): TaskCounts => ({ queued: 0, running: 0, completed: 0, failed: 0, cancelled: 0, ...partial });

test('busy: a spinner with the running and queued counts', () => {
  const look = statusBarLook(counts({ running: 2, queued: 3, failed: 1 }), false);
  assert.equal(look.visible, true);
  assert.equal(look.text, '$(sync~spin) 2 running, 3 queued');
  assert.equal(look.accessibilityLabel, 'Background Tasks: 2 running, 3 queued');
  assert.match(look.tooltip, /2 running · 3 queued · 1 failed · 0 completed · 0 cancelled/);
  assert.equal(statusBarLook(counts({ running: 1 }), false).text, '$(sync~spin) 1 running');
});

test('only waiting tasks: a clock, no spinner', () => {
  assert.equal(statusBarLook(counts({ queued: 4 }), false).text, '$(clock) 4 queued');
});

test('idle: hidden, unless the setting keeps it', () => {
  assert.equal(statusBarLook(counts({ completed: 9 }), false).visible, false);
  const kept = statusBarLook(counts({ completed: 9 }), true);
  assert.equal(kept.visible, true);
  assert.equal(kept.text, '$(check) No tasks running');
});
