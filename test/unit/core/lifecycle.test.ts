import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openEngine, waitFor, waitForStatus } from '../../support/engine';

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

test('higher priority runs first (1 before 10), FIFO inside a priority', async (t) => {
  const order: string[] = [];
  const engine = await openEngine(t, {
    start: false,
    worker: { concurrency: 1 },
    operations: [{ name: 'record', description: '', inputSchema: {}, handler: (p) => void order.push(String(p.label)) }],
  });
  const plan: [string, number][] = [['low-a', 9], ['high-a', 1], ['mid-a', 5], ['high-b', 1], ['low-b', 9], ['mid-b', 5], ['default', 5]];
  const ids: string[] = [];
  for (const [label, priority] of plan) {
    const input = label === 'default' ? { operation: 'record', parameters: { label } } : { operation: 'record', parameters: { label }, priority };
    ids.push((await engine.manager.enqueueTask(input)).task_id);
  }
  engine.worker.start();
  for (const id of ids) await waitForStatus(engine.manager, id, 'completed');
  assert.deepEqual(order, ['high-a', 'high-b', 'mid-a', 'mid-b', 'default', 'low-a', 'low-b']);
});

test('runs up to `concurrency` tasks at once and no more', async (t) => {
  let running = 0;
  let peak = 0;
  const releases: (() => void)[] = [];
  const engine = await openEngine(t, {
    worker: { concurrency: 3 },
    operations: [
      {
        name: 'hold',
        description: '',
        inputSchema: {},
        handler: () =>
          new Promise<void>((resolve) => {
            running++;
            peak = Math.max(peak, running);
            releases.push(() => {
              running--;
              resolve();
            });
          }),
      },
    ],
  });
  const ids: string[] = [];
  for (let i = 0; i < 7; i++) ids.push((await engine.manager.enqueueTask({ operation: 'hold' })).task_id);
  await waitFor(() => releases.length === 3, 'three tasks to start');
  assert.equal(engine.manager.countByStatus().running, 3);
  assert.equal(engine.manager.countByStatus().queued, 4);
  while (ids.some((id) => engine.manager.getTaskStatus(id).status !== 'completed')) {
    await waitFor(() => releases.length > 0 || ids.every((id) => engine.manager.getTaskStatus(id).status === 'completed'), 'a task to release');
    releases.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.equal(peak, 3);
  assert.deepEqual(engine.manager.countByStatus(), { queued: 0, running: 0, completed: 7, failed: 0, cancelled: 0 });
});

test('an enqueue wakes an idle worker at once, without waiting for the tick', async (t) => {
  let startedAt = 0;
  const engine = await openEngine(t, {
    worker: { tickMs: 60_000 },
    operations: [{ name: 'mark', description: '', inputSchema: {}, handler: () => void (startedAt = Date.now()) }],
  });
  const enqueuedAt = Date.now();
  const { task_id } = await engine.manager.enqueueTask({ operation: 'mark' });
  await waitForStatus(engine.manager, task_id, 'completed', 5000);
  assert.ok(startedAt - enqueuedAt < 1000, `started ${startedAt - enqueuedAt} ms after enqueue with a 60 s tick`);
});

test('a handler that returns something not JSON-serialisable fails the task with a clear error', async (t) => {
  const engine = await openEngine(t, {
    operations: [{ name: 'bigint', description: '', inputSchema: {}, handler: () => ({ n: 1n }) }],
  });
  const { task_id } = await engine.manager.enqueueTask({ operation: 'bigint', max_retries: 0 });
  const failed = await waitForStatus(engine.manager, task_id, 'failed');
  assert.match(failed.error!, /not JSON-serialisable/);
});
