import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openEngine, waitForStatus } from '../../support/engine';

test('a task runs from queued to completed with the seed fields and its result', async (t) => {
  const engine = await openEngine(t, {
    operations: [{ name: 'echo', description: 'echo', inputSchema: { type: 'object' }, handler: (p) => ({ echoed: p }) }],
  });
  const before = Date.now() / 1000;
  const { task_id, status, deduplicated } = await engine.manager.enqueueTask({ operation: 'echo', parameters: { a: 1 }, account_id: 'acct' });
  assert.equal(status, 'queued');
  assert.equal(deduplicated, false);
  const done = await waitForStatus(engine.manager, task_id, 'completed');
  assert.deepEqual(done.result, { echoed: { a: 1 } });
  assert.equal(done.progress, 100);
  assert.equal(done.attempts, 1);
  assert.ok(done.created_at >= before - 1 && done.created_at <= Date.now() / 1000, 'created_at is epoch seconds');
  assert.ok(done.completed_at! >= done.created_at);
  const listed = engine.manager.listTasks({ account_id: 'acct' });
  assert.equal(listed.length, 1);
  assert.deepEqual(Object.keys(listed[0]!).slice(0, 5), ['task_id', 'operation', 'status', 'progress', 'created_at']);
  const kinds = engine.events.filter((e) => e.task_id === task_id).map((e) => e.kind);
  assert.deepEqual(kinds, ['enqueued', 'started', 'completed']);
  assert.equal(engine.manager.getTask(task_id).task_type, 'echo_bg');
});
