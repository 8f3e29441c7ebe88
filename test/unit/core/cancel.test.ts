import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidStateError, TaskNotFoundError } from '../../../src/core/errors';
import { controlledOperation, openEngine, waitFor, waitForStatus } from '../../support/engine';

test('cancelling a queued task cancels it at once; it never runs', async (t) => {
  const control = controlledOperation();
  const engine = await openEngine(t, { operations: [control.definition] });
  const { task_id } = await engine.manager.enqueueTask({ operation: control.definition.name, delay_ms: 60_000 });
  const cancelled = await engine.manager.cancelTask(task_id);
  assert.equal(cancelled.status, 'cancelled');
  assert.ok(cancelled.completed_at);
  assert.equal(control.runs.length, 0);
  await assert.rejects(engine.manager.cancelTask(task_id), InvalidStateError);
});

test('cancelling a running task fires its AbortSignal, then the task is cancelled', async (t) => {
  const control = controlledOperation();
  const engine = await openEngine(t, { operations: [control.definition] });
  const { task_id } = await engine.manager.enqueueTask({ operation: control.definition.name });
  await waitFor(() => control.runs.length === 1, 'the task to start');
  const run = control.runs[0]!;
  run.signal.addEventListener('abort', () => run.fail(new Error('aborted by signal')));
  const requested = await engine.manager.cancelTask(task_id);
  assert.equal(requested.cancel_requested, true);
  assert.equal(run.signal.aborted, true);
  const cancelled = await waitForStatus(engine.manager, task_id, 'cancelled');
  assert.equal(cancelled.attempts, 1);
  await engine.manager.retryTask(task_id);
  await waitFor(() => control.runs.length === 2, 'a cancelled task can be retried');
});

test('a handler that ignores its signal is let go after the grace period and the task is cancelled', async (t) => {
  const control = controlledOperation();
  const engine = await openEngine(t, { operations: [control.definition], worker: { abortGraceMs: 100 } });
  const { task_id } = await engine.manager.enqueueTask({ operation: control.definition.name });
  await waitFor(() => control.runs.length === 1, 'the task to start');
  await engine.manager.cancelTask(task_id);
  await waitForStatus(engine.manager, task_id, 'cancelled', 3000);
  control.runs[0]!.release('too late');
  await engine.manager.flush();
  assert.equal(engine.manager.getTaskStatus(task_id).status, 'cancelled', 'a late result does not resurrect it');
});

test('cancel of an unknown task names it; of a finished task says why not', async (t) => {
  const engine = await openEngine(t);
  await assert.rejects(engine.manager.cancelTask('nope'), (error: Error) => error instanceof TaskNotFoundError && error.message === 'Task nope not found');
  const { task_id } = await engine.manager.enqueueTask({ operation: 'demo.wait', parameters: { duration_ms: 0 } });
  await waitForStatus(engine.manager, task_id, 'completed');
  await assert.rejects(engine.manager.cancelTask(task_id), /is completed; only queued or running tasks can be cancelled/);
  await assert.rejects(engine.manager.retryTask(task_id), /is completed; only failed or cancelled tasks can be retried/);
});

test('a timeout aborts the handler through its signal and fails the attempt', async (t) => {
  let sawAbort = false;
  const engine = await openEngine(t, {
    operations: [
      {
        name: 'slow',
        description: '',
        inputSchema: {},
        handler: (_p, ctx) =>
          new Promise((_resolve, reject) => {
            ctx.signal.addEventListener('abort', () => {
              sawAbort = true;
              reject(ctx.signal.reason);
            });
          }),
      },
    ],
  });
  const { task_id } = await engine.manager.enqueueTask({ operation: 'slow', timeout_ms: 50, max_retries: 1 });
  const failed = await waitForStatus(engine.manager, task_id, 'failed', 5000);
  assert.equal(sawAbort, true);
  assert.equal(failed.error, 'timed out after 50 ms');
  assert.equal(failed.attempts, 2, 'a timeout counts as a failed attempt and is retried');
});
