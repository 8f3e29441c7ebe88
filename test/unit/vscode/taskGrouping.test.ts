import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GROUP_ORDER, describeTask, formatAge, formatDuration, groupLabel, groupStartsExpanded, groupTasksByStatus } from '../../../src/vscode/views/taskGrouping';
import { summary as task } from './support';

test('groups by status in attention order, leaving out empty groups', () => {
  const tasks = [task('completed'), task('queued'), task('running'), task('completed'), task('failed')];
  const groups = groupTasksByStatus(tasks);
  assert.deepEqual(groups.map((group) => group.status), ['running', 'queued', 'failed', 'completed']);
  assert.deepEqual(GROUP_ORDER, ['running', 'queued', 'failed', 'completed', 'cancelled']);
  assert.equal(groups.find((group) => group.status === 'completed')!.tasks.length, 2);
  assert.deepEqual(groupTasksByStatus([]), []);
});

test('sorts each group newest first; ties keep the engine\'s order (newest enqueued first)', () => {
  const older = task('queued', { created_at: 10 });
  const newer = task('queued', { created_at: 20 });
  const sameLater = task('queued', { created_at: 20 });
  assert.deepEqual(groupTasksByStatus([older, sameLater, newer])[0]!.tasks.map((t) => t.task_id), [sameLater.task_id, newer.task_id, older.task_id]);
});

test('labels a group with its count, and says when only a page of it is shown', () => {
  const shown = [task('completed'), task('completed')];
  const [page] = groupTasksByStatus(shown, { counts: { completed: 1234 } });
  assert.equal(groupLabel(page!), 'Completed (2 of 1234)');
  const [whole] = groupTasksByStatus(shown);
  assert.equal(groupLabel(whole!), 'Completed (2)');
  // A count without tasks on this page still shows the group.
  assert.equal(groupLabel(groupTasksByStatus([], { counts: { failed: 3 } })[0]!), 'Failed (0 of 3)');
  // A filtered page that was full: at least this many.
  const [filtered] = groupTasksByStatus(shown, { truncated: new Set(['completed'] as const) });
  assert.equal(groupLabel(filtered!), 'Completed (2+)');
});

test('a status filter keeps only its groups', () => {
  const tasks = [task('completed'), task('failed'), task('running')];
  const groups = groupTasksByStatus(tasks, { counts: { completed: 1, failed: 1, running: 1 }, statuses: ['failed', 'running'] });
  assert.deepEqual(groups.map((group) => group.status), ['running', 'failed']);
});

test('groups that need attention start open; finished ones start collapsed', () => {
  assert.deepEqual(GROUP_ORDER.filter(groupStartsExpanded), ['running', 'queued', 'failed']);
});

test('describes a task: progress while running, its age, its account, the error', () => {
  const now = 10_000;
  assert.equal(describeTask(task('running', { progress: 42.4, progress_message: 'step 2 of 5', started_at: now - 90 }), now), '42% step 2 of 5 · started 1m ago');
  assert.equal(describeTask(task('running', { progress: 0, started_at: now, account_id: 'acme' }), now), '0% · started just now · acme');
  assert.equal(describeTask(task('queued', { created_at: now - 2, run_after: now - 2 }), now), 'just now');
  assert.equal(describeTask(task('queued', { created_at: now - 120, run_after: now - 120, attempts: 1, max_retries: 3 }), now), 'retry 1 of 3 · 2m ago');
  assert.equal(describeTask(task('queued', { created_at: now - 120, run_after: now + 4, attempts: 1, max_retries: 3 }), now), 'retry 1 of 3 · starts in 4s');
  assert.equal(describeTask(task('queued', { created_at: now, run_after: now + 600, account_id: 'acme' }), now), 'starts in 10m · acme');
  assert.equal(describeTask(task('failed', { error: 'boom\nstack', completed_at: now - 30, account_id: 'acme' }), now), '30s ago · acme · boom');
  assert.equal(describeTask(task('completed', { started_at: now - 10, completed_at: now - 7.5 }), now), '8s ago · took 2.5 s');
  assert.equal(describeTask(task('cancelled', { completed_at: now - 7200 }), now), '2h ago');
  const long = describeTask(task('running', { progress: 1, progress_message: 'x'.repeat(100), started_at: now }), now);
  assert.ok(long.startsWith(`1% ${'x'.repeat(39)}…`), long);
});

test('formats ages and durations', () => {
  assert.equal(formatAge(0, 3), 'just now');
  assert.equal(formatAge(0, 45), '45s ago');
  assert.equal(formatAge(0, 3 * 86400), '3d ago');
  assert.equal(formatAge(10, 0), 'just now', 'clock skew reads as now');
  assert.equal(formatDuration(0.25), '250 ms');
  assert.equal(formatDuration(12.4), '12 s');
  assert.equal(formatDuration(125), '2m 5s');
  assert.equal(formatDuration(7260), '2h 1m');
});
