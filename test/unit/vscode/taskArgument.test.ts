import assert from 'node:assert/strict';
import { test } from 'node:test';
import { idOf, isTreeRow, taskArguments } from '../../../src/vscode/commands/taskArgument';
import { summary } from './support';

const node = (taskId: string) => ({ kind: 'task', status: 'queued', task: { ...summary('queued'), task_id: taskId } });

test('nothing given: the command asks', () => {
  assert.deepEqual(taskArguments(undefined), { origin: 'none', taskIds: [] });
});

test('an id, or an object with one, from a keybinding or executeCommand', () => {
  assert.deepEqual(taskArguments('abc'), { origin: 'id', taskIds: ['abc'] });
  assert.deepEqual(taskArguments({ taskId: 'abc' }), { origin: 'id', taskIds: ['abc'] });
  assert.deepEqual(taskArguments({ task_id: 'abc' }), { origin: 'id', taskIds: ['abc'] });
  assert.deepEqual(taskArguments(42), { origin: 'id', taskIds: [] }, 'garbage: no id (the command refuses it)');
  assert.equal(idOf({ kind: 'group', status: 'failed' }), undefined);
});

test('a tree row, or the selection it is part of', () => {
  assert.deepEqual(taskArguments(node('a')), { origin: 'tree', taskIds: ['a'] });
  assert.deepEqual(taskArguments(node('a'), [node('a'), node('b')]), { origin: 'tree', taskIds: ['a', 'b'] });
  // Right-click on a row outside the selection acts on that row only, as in VS Code's own trees.
  assert.deepEqual(taskArguments(node('c'), [node('a'), node('b')]), { origin: 'tree', taskIds: ['c'] });
});

test('tree rows are told apart from other objects (view-title commands receive the selected row)', () => {
  assert.ok(isTreeRow(node('a')));
  assert.ok(isTreeRow({ kind: 'group', status: 'failed', group: {} }));
  assert.ok(!isTreeRow({ operation: 'demo.wait' }));
  assert.ok(!isTreeRow({ statuses: ['failed'] }));
  assert.ok(!isTreeRow('a'));
});
