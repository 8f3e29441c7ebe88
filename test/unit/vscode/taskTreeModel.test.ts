// The tree's data on a real engine (sql.js database in a temp folder): pages, totals, filters.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupLabel } from '../../../src/vscode/views/taskGrouping';
import { changedRows, loadGroups } from '../../../src/vscode/views/taskTreeModel';
import { groupTasksByStatus } from '../../../src/vscode/views/taskGrouping';
import { summary } from './support';
import { openEngine, waitForStatus } from '../../support/engine';

test('groups the engine\'s tasks newest first, with totals beyond the page', async (t) => {
  const engine = await openEngine(t, { start: false });
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push((await engine.manager.enqueueTask({ operation: 'demo.wait', parameters: { duration_ms: 0 }, account_id: i % 2 ? 'acme' : 'beta' })).task_id);
  const groups = loadGroups(engine.manager, {}, 3);
  assert.equal(groups.length, 1);
  assert.equal(groupLabel(groups[0]!), 'Queued (3 of 5)');
  assert.deepEqual(groups[0]!.tasks.map((task) => task.task_id), [ids[4], ids[3], ids[2]]);
});

test('filters by account (a full page reads "n+") and by status', async (t) => {
  const engine = await openEngine(t, { start: false });
  for (let i = 0; i < 4; i++) await engine.manager.enqueueTask({ operation: 'demo.wait', parameters: { duration_ms: 0 }, account_id: 'acme' });
  await engine.manager.enqueueTask({ operation: 'demo.wait', parameters: { duration_ms: 0 }, account_id: 'beta' });
  const cancelled = await engine.manager.enqueueTask({ operation: 'demo.wait', parameters: { duration_ms: 0 }, account_id: 'beta' });
  await engine.manager.cancelTask(cancelled.task_id);

  assert.deepEqual(loadGroups(engine.manager, { accounts: ['acme'] }, 3).map(groupLabel), ['Queued (3+)']);
  assert.deepEqual(loadGroups(engine.manager, { accounts: ['beta'] }, 3).map(groupLabel), ['Queued (1)', 'Cancelled (1)']);
  assert.deepEqual(loadGroups(engine.manager, { accounts: ['acme', 'beta'] }, 10).map(groupLabel), ['Queued (5)', 'Cancelled (1)']);
  assert.deepEqual(loadGroups(engine.manager, { statuses: ['cancelled'] }).map(groupLabel), ['Cancelled (1)']);
  assert.deepEqual(loadGroups(engine.manager, { accounts: ['nobody'] }), []);
});

test('a task moves from Running to Completed', async (t) => {
  const engine = await openEngine(t);
  const { task_id } = await engine.manager.enqueueTask({ operation: 'demo.wait', parameters: { duration_ms: 300, steps: 3 } });
  await waitForStatus(engine.manager, task_id, 'running');
  assert.deepEqual(loadGroups(engine.manager, {}).map((group) => group.status), ['running']);
  await waitForStatus(engine.manager, task_id, 'completed');
  assert.deepEqual(loadGroups(engine.manager, {}).map(groupLabel), ['Completed (1)']);
});

test('a progress report redraws only its row; a row that comes, goes or moves redraws the tree', () => {
  const running = summary('running', { progress: 10 });
  const queued = summary('queued');
  const before = groupTasksByStatus([running, queued]);
  assert.deepEqual(changedRows(before, groupTasksByStatus([running, queued])), [], 'nothing changed: nothing redrawn');
  const moved = { ...running, progress: 20, progress_message: 'step 2' };
  assert.deepEqual(changedRows(before, groupTasksByStatus([moved, queued])), [moved]);
  assert.equal(changedRows(before, groupTasksByStatus([running])), 'all', 'a group went');
  assert.equal(changedRows(before, groupTasksByStatus([running, queued, summary('queued')])), 'all', 'a row came (and the count changed)');
  assert.equal(changedRows(before, groupTasksByStatus([{ ...running, status: 'completed' }, queued])), 'all', 'a row moved to another group');
});
