import assert from 'node:assert/strict';
import { test } from 'node:test';
import { controlledOperation, openEngine, waitFor, waitForStatus } from '../../support/engine';

test('progress: percent 0-100 and a message, persisted while running, coalesced', async (t) => {
  let report!: (pct: number, message?: string) => void;
  let finish!: () => void;
  const engine = await openEngine(t, {
    worker: { progressIntervalMs: 20 },
    operations: [
      {
        name: 'steps',
        description: '',
        inputSchema: {},
        handler: (_p, ctx) =>
          new Promise<void>((resolve) => {
            report = ctx.reportProgress;
            finish = resolve;
          }),
      },
    ],
  });
  const { task_id } = await engine.manager.enqueueTask({ operation: 'steps' });
  await waitFor(() => report, 'the task to start');
  for (let pct = 1; pct <= 40; pct++) report(pct, `item ${pct}`);
  const at40 = await waitFor(() => {
    const status = engine.manager.getTaskStatus(task_id);
    return status.progress === 40 ? status : undefined;
  }, 'progress 40');
  assert.equal(at40.status, 'running');
  assert.equal(at40.progress_message, 'item 40');
  const progressEvents = engine.events.filter((e) => e.task_id === task_id && e.kind === 'progress').length;
  assert.ok(progressEvents >= 1 && progressEvents < 40, `40 reports made ${progressEvents} writes`);
  report(250, 'clamped');
  await waitFor(() => engine.manager.getTaskStatus(task_id).progress === 100, 'clamped to 100');
  report(-5);
  await waitFor(() => engine.manager.getTaskStatus(task_id).progress === 0, 'clamped to 0');
  // Durable: a second reader of the file sees the progress too.
  await engine.manager.flush();
  finish();
  await waitForStatus(engine.manager, task_id, 'completed');
  assert.equal(engine.manager.getTaskStatus(task_id).progress, 100);
});

test('dedup_key: a second enqueue while the first is queued or running returns the existing task', async (t) => {
  const control = controlledOperation();
  const engine = await openEngine(t, { operations: [control.definition] });
  const first = await engine.manager.enqueueTask({ operation: control.definition.name, dedup_key: 'refresh:inbox' });
  const again = await engine.manager.enqueueTask({ operation: control.definition.name, dedup_key: 'refresh:inbox' });
  assert.equal(again.task_id, first.task_id);
  assert.equal(again.deduplicated, true);
  await waitFor(() => control.runs.length === 1, 'the task to start');
  const whileRunning = await engine.manager.enqueueTask({ operation: control.definition.name, dedup_key: 'refresh:inbox' });
  assert.equal(whileRunning.task_id, first.task_id);
  assert.equal(whileRunning.status, 'running');
  const other = await engine.manager.enqueueTask({ operation: control.definition.name, dedup_key: 'refresh:calendar' });
  assert.notEqual(other.task_id, first.task_id);
  control.runs[0]!.release();
  await waitForStatus(engine.manager, first.task_id, 'completed');
  const afterwards = await engine.manager.enqueueTask({ operation: control.definition.name, dedup_key: 'refresh:inbox' });
  assert.notEqual(afterwards.task_id, first.task_id, 'a finished task no longer holds the key');
  assert.equal(engine.manager.listTasks({ limit: 500 }).length, 3);
});

test('dedup holds under concurrent enqueues (the unique index decides, not app code)', async (t) => {
  const engine = await openEngine(t, { start: false });
  const results = await Promise.all(
    Array.from({ length: 20 }, () => engine.manager.enqueueTask({ operation: 'demo.wait', parameters: { duration_ms: 1 }, dedup_key: 'same' })),
  );
  assert.equal(new Set(results.map((r) => r.task_id)).size, 1);
  assert.equal(results.filter((r) => !r.deduplicated).length, 1);
});

test('delayed start: a task with delay_ms waits, says why, then runs', async (t) => {
  const engine = await openEngine(t, { worker: { tickMs: 5000 } });
  const enqueuedAt = Date.now();
  const { task_id } = await engine.manager.enqueueTask({ operation: 'demo.wait', parameters: { duration_ms: 0 }, delay_ms: 300 });
  const waiting = engine.manager.getTaskStatus(task_id);
  assert.equal(waiting.status, 'queued');
  assert.match(waiting.waiting_reason ?? '', /delayed until/);
  const done = await waitForStatus(engine.manager, task_id, 'completed', 4000);
  assert.ok(done.started_at! * 1000 >= enqueuedAt + 290, 'did not start before its delay');
  assert.ok(done.started_at! * 1000 < enqueuedAt + 2000, 'started on its own timer, not the 5 s tick');
});

test('listTasks: newest first, filters by account and status, limit', async (t) => {
  const engine = await openEngine(t, { start: false });
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) {
    ids.push((await engine.manager.enqueueTask({ operation: 'demo.wait', parameters: { duration_ms: 0 }, account_id: i % 2 ? 'odd' : 'even' })).task_id);
  }
  await engine.manager.cancelTask(ids[0]!);
  assert.deepEqual(engine.manager.listTasks().map((task) => task.task_id), [...ids].reverse());
  assert.deepEqual(engine.manager.listTasks({ account_id: 'odd' }).map((task) => task.task_id), [ids[5], ids[3], ids[1]]);
  assert.deepEqual(engine.manager.listTasks({ status: 'cancelled' }).map((task) => task.task_id), [ids[0]]);
  assert.deepEqual(engine.manager.listTasks({ account_id: 'even', status: 'queued', limit: 1 }).map((task) => task.task_id), [ids[4]]);
  assert.deepEqual(engine.manager.countByStatus(), { queued: 5, running: 0, completed: 0, failed: 0, cancelled: 1 });
});

test('retention: prunes finished tasks by age and by count, never active ones', async (t) => {
  const engine = await openEngine(t);
  const done: string[] = [];
  for (let i = 0; i < 5; i++) {
    const { task_id } = await engine.manager.enqueueTask({ operation: 'demo.wait', parameters: { duration_ms: 0 } });
    await waitForStatus(engine.manager, task_id, 'completed');
    done.push(task_id);
  }
  const queued = await engine.manager.enqueueTask({ operation: 'demo.wait', parameters: { duration_ms: 0 }, delay_ms: 600_000 });
  assert.equal(await engine.manager.pruneFinished({ maxFinished: 2 }), 3);
  assert.deepEqual(
    engine.manager.listTasks({ status: 'completed' }).map((task) => task.task_id),
    [done[4], done[3]],
  );
  assert.equal(await engine.manager.pruneFinished({ maxAgeDays: 1 }), 0, 'fresh tasks are younger than a day');
  assert.equal(await engine.manager.pruneFinished({ maxAgeDays: 0 }), 2);
  assert.equal(engine.manager.getTaskStatus(queued.task_id).status, 'queued');
  assert.ok(engine.events.some((e) => e.kind === 'deleted'));
  await engine.manager.deleteTask(queued.task_id).then(
    () => assert.fail('an active task must not be deleted'),
    (error: Error) => assert.match(error.message, /only finished tasks can be deleted/),
  );
  await engine.manager.cancelTask(queued.task_id);
  await engine.manager.deleteTask(queued.task_id);
  assert.throws(() => engine.manager.getTaskStatus(queued.task_id), /not found/);
});

test('clearFinished removes every finished task and reports how many', async (t) => {
  const engine = await openEngine(t, { start: false });
  const a = await engine.manager.enqueueTask({ operation: 'demo.wait', parameters: { duration_ms: 0 } });
  await engine.manager.enqueueTask({ operation: 'demo.wait', parameters: { duration_ms: 0 } });
  await engine.manager.cancelTask(a.task_id);
  assert.equal(await engine.manager.clearFinished(), 1);
  assert.deepEqual(engine.manager.countByStatus(), { queued: 1, running: 0, completed: 0, failed: 0, cancelled: 0 });
});

test('stop() waits for running tasks up to its deadline, then aborts them and hands them back', async (t) => {
  const control = controlledOperation();
  const engine = await openEngine(t, { operations: [control.definition], worker: { abortGraceMs: 100 } });
  const quick = await engine.manager.enqueueTask({ operation: control.definition.name });
  const stuck = await engine.manager.enqueueTask({ operation: control.definition.name });
  await waitFor(() => control.runs.length === 2, 'both to start');
  setTimeout(() => control.runs.find((run) => run.taskId === quick.task_id)!.release('done in time'), 50);
  await engine.worker.stop(400);
  assert.equal(engine.manager.getTaskStatus(quick.task_id).status, 'completed');
  const handedBack = engine.manager.getTaskStatus(stuck.task_id);
  assert.equal(handedBack.status, 'queued', 'an interrupted task goes back to the queue');
  assert.equal(handedBack.attempts, 0, 'a clean shutdown does not count the attempt');
  assert.equal(control.runs.find((run) => run.taskId === stuck.task_id)!.signal.aborted, true);
});

test('enqueueTasks: one transaction for many; any bad entry refuses the whole batch, naming it', async (t) => {
  const engine = await openEngine(t, { start: false });
  const inputs = Array.from({ length: 100 }, (_, i) => ({ operation: 'demo.wait', parameters: { duration_ms: 0 }, priority: (i % 10) + 1 }));
  const results = await engine.manager.enqueueTasks(inputs);
  assert.equal(results.length, 100);
  assert.equal(new Set(results.map((r) => r.task_id)).size, 100);
  assert.equal(engine.events.filter((e) => e.kind === 'enqueued').length, 100);
  await assert.rejects(
    engine.manager.enqueueTasks([...inputs, { operation: 'demo.wait', parameters: { duration_ms: 0 }, priority: 0 }]),
    /^ValidationError: tasks\[100\]\.priority: must be between 1/,
  );
  await assert.rejects(engine.manager.enqueueTasks([inputs[0]!, { operation: 'nope' }]), /^UnknownOperationError: tasks\[1\]\.operation: unknown operation "nope"/);
  assert.equal(engine.manager.countByStatus().queued, 100, 'nothing of a refused batch was stored');
  const deduped = await engine.manager.enqueueTasks([
    { operation: 'demo.wait', parameters: { duration_ms: 0 }, dedup_key: 'once' },
    { operation: 'demo.wait', parameters: { duration_ms: 0 }, dedup_key: 'once' },
  ]);
  assert.equal(deduped[1]!.task_id, deduped[0]!.task_id);
  assert.equal(deduped[1]!.deduplicated, true);
});
