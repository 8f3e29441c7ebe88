import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderMissingTask, renderTaskDetails, taskDetailsPath, taskIdFromDetailsPath } from '../../../src/vscode/views/taskDetails';
import { openEngine, waitForStatus } from '../../support/engine';

test('the document path starts with the id and ends in a readable .json name', () => {
  const task = { task_id: '1b4e28ba-2fa1-11d2-883f-0016d3cca427', operation: 'my.ext/refresh:all' };
  const path = taskDetailsPath(task);
  assert.equal(path, '/1b4e28ba-2fa1-11d2-883f-0016d3cca427/my.ext_refresh_all-1b4e28ba.json');
  assert.equal(taskIdFromDetailsPath(path), task.task_id);
  assert.equal(taskIdFromDetailsPath(taskDetailsPath({ task_id: 'a/b c', operation: 'x' })), 'a/b c');
  assert.equal(taskIdFromDetailsPath('/'), undefined);
});

test('the document is the whole record, result and parameters included', async (t) => {
  const engine = await openEngine(t);
  const { task_id } = await engine.manager.enqueueTask({ operation: 'demo.wait', parameters: { duration_ms: 10, steps: 1 }, account_id: 'acme' });
  await waitForStatus(engine.manager, task_id, 'completed');
  const parsed = JSON.parse(renderTaskDetails(engine.manager.getTask(task_id)));
  assert.equal(parsed.task_id, task_id);
  assert.deepEqual(parsed.parameters, { duration_ms: 10, steps: 1 });
  assert.deepEqual(parsed.result, { waited_ms: 10, steps: 1, attempt: 1 });
  assert.equal(parsed.account_id, 'acme');
  assert.deepEqual(JSON.parse(renderMissingTask('x', 'Task x not found')), { task_id: 'x', error: 'Task x not found' });
});
