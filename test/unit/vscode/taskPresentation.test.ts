import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TASK_STATUSES } from '../../../src/core/types';
import { escapeMarkdown, inlineCode } from '../../../src/vscode/views/markdown';
import { STATUS_LOOK, formatTimestamp, groupContextValue, taskAccessibilityLabel, taskContextValue, taskTooltipMarkdown } from '../../../src/vscode/views/taskPresentation';
import { summary as task } from './support';

test('one codicon per status; only running spins', () => {
  assert.deepEqual(
    Object.fromEntries(TASK_STATUSES.map((status) => [status, STATUS_LOOK[status].icon])),
    { queued: 'clock', running: 'sync~spin', completed: 'pass', failed: 'error', cancelled: 'circle-slash' },
  );
  assert.deepEqual(TASK_STATUSES.filter((status) => STATUS_LOOK[status].icon.endsWith('~spin')), ['running']);
  assert.equal(STATUS_LOOK.failed.color, 'testing.iconFailed');
  assert.equal(STATUS_LOOK.completed.color, 'testing.iconPassed');
});

test('contextValue per status, distinct for tasks and groups', () => {
  assert.deepEqual(TASK_STATUSES.map(taskContextValue), ['task.queued', 'task.running', 'task.completed', 'task.failed', 'task.cancelled']);
  assert.equal(groupContextValue('failed'), 'taskGroup.failed');
});

test('the accessibility label starts with "<operation>, <status>" (the browser tests find rows by it)', () => {
  const label = taskAccessibilityLabel(task('running', { progress: 40, started_at: 100 }), 100);
  assert.equal(label, 'demo.wait, running, 40% · started just now');
});

test('the tooltip lists id, account, priority, attempts, timestamps, progress and error', () => {
  const time = (seconds: number) => `T${seconds}`;
  const markdown = taskTooltipMarkdown(
    task('failed', { task_id: 'abc-123', account_id: 'acme', priority: 2, attempts: 4, max_retries: 3, created_at: 100, started_at: 110, completed_at: 112.5, progress: 50, progress_message: 'half', error: 'Error: boom\n  at x' }),
    200,
    time,
  );
  for (const expected of ['**demo\\.wait** · Failed', 'Task: `abc-123`', 'Account: acme', 'Priority: 2 (higher)', 'Attempts: 4 of 4', 'Created: T100 (1m ago)', 'Started: T110', 'Finished: T112.5 (took 2.5 s)', 'Progress: 50% — half', '**Error**', 'Error: boom\n  at x']) {
    assert.ok(markdown.includes(expected), `missing ${JSON.stringify(expected)} in\n${markdown}`);
  }
  const running = taskTooltipMarkdown(task('running', { progress: 30 }), 2000, time);
  assert.ok(running.startsWith('$(sync) **demo\\.wait** · Running — 30%'), running);
  assert.ok(running.includes('Account: _none_'));
  const waiting = taskTooltipMarkdown({ ...task('queued'), waiting_reason: 'no running process offers operation "x"', run_after: 5000 }, 2000, time);
  assert.ok(waiting.includes('Waiting: no running process offers operation "x"'), waiting);
  assert.ok(waiting.includes('Starts: T5000'), waiting);
});

test('the tooltip escapes what comes from the task: no links, images, HTML or icons', () => {
  const markdown = taskTooltipMarkdown(task('running', { operation: 'x[a](command:evil)', progress_message: '<img src=x> $(zap) **b**' }), 0, String);
  assert.ok(!markdown.includes('[a](command:evil)'), markdown);
  assert.ok(!/(^|[^\\])<img/.test(markdown) && markdown.includes('\\<img'), markdown);
  assert.ok(!/(^|[^\\])\$\(zap/.test(markdown), markdown);
  assert.equal(escapeMarkdown('a_b*c'), 'a\\_b\\*c');
  assert.equal(inlineCode('a`b'), '``a`b``');
  // An error with a fence in it stays inside a longer fence.
  const fenced = taskTooltipMarkdown(task('failed', { error: 'x\n```\ny' }), 0, String);
  assert.ok(fenced.includes('````text\nx\n```\ny\n````'), fenced);
});

test('timestamps read the same in every locale', () => {
  assert.match(formatTimestamp(Date.UTC(2026, 11, 4, 15, 53, 28) / 1000), /^2026-12-0[45] \d\d:\d\d:28$/);
});
