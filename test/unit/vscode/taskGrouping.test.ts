import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TaskStatusName, TaskSummary } from '../../../src/core/types';
import { GROUP_ORDER, describeTask, formatAge, formatDuration, groupLabel, groupTasksByStatus, taskTooltipLines } from '../../../src/vscode/views/taskGrouping';

let sequence = 0;
function task(status: TaskStatusName, overrides: Partial<TaskSummary> = {}): TaskSummary {
  sequence++;
  return {
    task_id: `t${sequence}`,
    operation: 'demo.wait',
    status,
    progress: 0,
    created_at: 1_000 + sequence,
    account_id: null,
    priority: 5,
    progress_message: null,
    started_at: null,
    completed_at: null,
    attempts: 0,
    max_retries: 3,
    ...overrides,
  };
}

test('groups by status in attention order, leaving out empty groups', () => {
  const tasks = [task('completed'), task('queued'), task('running'), task('completed'), task('failed')];
  const groups = groupTasksByStatus(tasks);
  assert.deepEqual(groups.map((group) => group.status), ['running', 'queued', 'failed', 'completed']);
  assert.deepEqual(GROUP_ORDER, ['running', 'queued', 'failed', 'completed', 'cancelled']);
  assert.equal(groups.find((group) => group.status === 'completed')!.tasks.length, 2);
  assert.deepEqual(groupTasksByStatus([]), []);
});

test('sorts each group newest first', () => {
  const older = task('queued', { created_at: 10 });
  const newer = task('queued', { created_at: 20 });
  assert.deepEqual(groupTasksByStatus([older, newer])[0]!.tasks.map((t) => t.task_id), [newer.task_id, older.task_id]);
});

test('labels a group with its count, and says when only a page of it is shown', () => {
  const shown = [task('completed'), task('completed')];
  const [page] = groupTasksByStatus(shown, { completed: 1234 });
  assert.equal(groupLabel(page!), 'Completed (2 of 1234)');
  const [whole] = groupTasksByStatus(shown);
  assert.equal(groupLabel(whole!), 'Completed (2)');
  // A count without tasks on this page still shows the group.
  assert.equal(groupLabel(groupTasksByStatus([], { failed: 3 })[0]!), 'Failed (0 of 3)');
});

test('describes a task by its status', () => {
  const now = 10_000;
  assert.equal(describeTask(task('running', { progress: 42.4, progress_message: 'step 2 of 5' }), now), '42% · step 2 of 5');
  assert.equal(describeTask(task('running', { progress: 0 }), now), '0%');
  assert.equal(describeTask(task('queued', { created_at: now - 2 }), now), 'queued just now');
  assert.equal(describeTask(task('queued', { created_at: now - 120, attempts: 1, max_retries: 3 }), now), 'retry 1 of 3 · 2m ago');
  assert.equal(describeTask(task('failed', { error: 'boom\nstack' }), now), 'boom');
  assert.equal(describeTask(task('completed', { started_at: now - 10, completed_at: now - 7.5 }), now), 'done 8s ago in 2.5 s');
  assert.equal(describeTask(task('cancelled', { completed_at: now - 7200 }), now), 'cancelled 2h ago');
});

test('formats ages and durations', () => {
  assert.equal(formatAge(0, 3), 'just now');
  assert.equal(formatAge(0, 45), '45s ago');
  assert.equal(formatAge(0, 3 * 86400), '3d ago');
  assert.equal(formatAge(10, 0), 'just now', 'clock skew reads as now');
  assert.equal(formatDuration(0.25), '250 ms');
  assert.equal(formatDuration(12.4), '12 s');
  assert.equal(formatDuration(125), '2m 5s');
});

test('the tooltip names the task, its id and any error', () => {
  const lines = taskTooltipLines(task('failed', { task_id: 'abc', error: 'nope', attempts: 2 }));
  assert.equal(lines[0], 'demo.wait — Failed');
  assert.ok(lines.includes('Task abc'));
  assert.ok(lines.includes('Error: nope'));
  assert.ok(lines.some((line) => line.startsWith('Attempts 2')));
});
