import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import type { TaskChangeEvent } from '../../../../src/core/types';
import { api, waitFor, waitForStatus } from '../support';

describe('tasks through the extension API', () => {
  it('runs an enqueued task to completion, reporting progress on the way', async () => {
    const tasks = await api();
    const events: TaskChangeEvent[] = [];
    let taskId: string | undefined;
    const subscription = tasks.manager.onDidChangeTask((event) => {
      if (event.task_id === taskId || taskId === undefined) events.push(event);
    });
    try {
      const enqueued = await tasks.enqueue({ operation: 'demo.wait', parameters: { duration_ms: 900, steps: 3 }, priority: 2 });
      taskId = enqueued.task_id;
      assert.equal(enqueued.deduplicated, false);
      assert.ok(['queued', 'running'].includes(enqueued.status), enqueued.status);
      assert.ok(tasks.listTasks().some((task) => task.task_id === taskId), 'listed at once');

      const done = await waitForStatus(tasks, enqueued.task_id, 'completed', 20_000);
      assert.equal(done.progress, 100);
      assert.deepEqual(done.result, { waited_ms: 900, steps: 3, attempt: 1 });
      assert.equal(done.attempts, 1);
      assert.ok(done.started_at !== null && done.completed_at !== null && done.completed_at >= done.started_at);

      const kinds = events.filter((event) => event.task_id === taskId).map((event) => event.kind);
      assert.ok(kinds.includes('started'), `events: ${kinds.join(', ')}`);
      assert.ok(kinds.includes('progress'), `events: ${kinds.join(', ')}`);
      assert.equal(kinds.at(-1), 'completed', `events: ${kinds.join(', ')}`);
      await tasks.manager.whenDurable();
    } finally {
      subscription.dispose();
    }
  });

  it('retries a failing task and completes it on the next attempt', async function () {
    this.timeout(30_000);
    const tasks = await api();
    const { task_id } = await tasks.enqueue({ operation: 'demo.wait', parameters: { duration_ms: 50, steps: 1, fail_attempts: 1 }, max_retries: 2 });
    const done = await waitForStatus(tasks, task_id, 'completed', 25_000);
    assert.equal(done.attempts, 2);
    assert.equal(done.retry_count, 1);
    assert.deepEqual(done.result, { waited_ms: 50, steps: 1, attempt: 2 });
  });

  it('cancels a running task', async () => {
    const tasks = await api();
    const { task_id } = await tasks.enqueue({ operation: 'demo.wait', parameters: { duration_ms: 60_000, steps: 60 } });
    await waitForStatus(tasks, task_id, 'running', 15_000);
    await tasks.manager.cancelTask(task_id);
    const cancelled = await waitForStatus(tasks, task_id, 'cancelled', 15_000);
    assert.ok(cancelled.completed_at !== null);
  });

  it('refuses an unknown operation with a message that names the known ones', async () => {
    const tasks = await api();
    await assert.rejects(tasks.enqueue({ operation: 'no.such.operation' }), (error: Error) => {
      assert.match(error.message, /no\.such\.operation/);
      assert.match(error.message, /demo\.wait/);
      return true;
    });
  });

  it('refuses invalid parameters', async () => {
    const tasks = await api();
    await assert.rejects(tasks.enqueue({ operation: 'demo.wait', parameters: { duration_ms: -1 } }), /duration_ms/);
  });

  it('counts tasks by status', async () => {
    const tasks = await api();
    const counts = await waitFor('no running task', () => {
      const current = tasks.manager.countByStatus();
      return current.running === 0 && current.queued === 0 ? current : undefined;
    });
    assert.ok(counts.completed >= 2, JSON.stringify(counts));
    assert.ok(counts.cancelled >= 1, JSON.stringify(counts));
  });
});
