import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retryDelayMs } from '../../../src/core/backoff';
import { controlledOperation, openEngine, waitFor, waitForStatus } from '../../support/engine';

test('backoff is exponential, capped, with jitter between half and all of the delay', () => {
  const options = { baseMs: 1000, maxMs: 10_000 };
  assert.equal(retryDelayMs(1, options, () => 1), 1000);
  assert.equal(retryDelayMs(2, options, () => 1), 2000);
  assert.equal(retryDelayMs(3, options, () => 1), 4000);
  assert.equal(retryDelayMs(4, options, () => 1), 8000);
  assert.equal(retryDelayMs(5, options, () => 1), 10_000, 'capped');
  assert.equal(retryDelayMs(20, options, () => 1), 10_000, 'still capped');
  assert.equal(retryDelayMs(3, options, () => 0), 2000, 'jitter floor is half');
  const samples = new Set(Array.from({ length: 50 }, () => retryDelayMs(3, options)));
  assert.ok(samples.size > 1, 'jitter varies');
  for (const sample of samples) assert.ok(sample >= 2000 && sample <= 4000);
});

test('a failing task is retried through run_after with growing delays, then failed with its error kept', async (t) => {
  const attempts: { attempt: number; at: number }[] = [];
  const engine = await openEngine(t, {
    worker: { backoffBaseMs: 100, backoffMaxMs: 1000, tickMs: 50 },
    operations: [
      {
        name: 'always-fails',
        description: '',
        inputSchema: {},
        handler: (_p, ctx) => {
          attempts.push({ attempt: ctx.attempt, at: Date.now() });
          throw new Error(`boom on attempt ${ctx.attempt}`);
        },
      },
    ],
  });
  const { task_id } = await engine.manager.enqueueTask({ operation: 'always-fails', max_retries: 3 });
  // While it waits for a retry, it is queued, keeps the last error and says when it runs next.
  const waiting = await waitFor(() => {
    const status = engine.manager.getTaskStatus(task_id);
    return status.status === 'queued' && status.retry_count === 1 ? status : undefined;
  }, 'first retry to be scheduled');
  assert.equal(waiting.error, 'boom on attempt 1');
  assert.ok(waiting.run_after > waiting.created_at);
  assert.match(waiting.waiting_reason ?? '', /retry 1 scheduled/);

  const failed = await waitForStatus(engine.manager, task_id, 'failed', 10_000);
  assert.equal(failed.error, 'boom on attempt 4');
  assert.equal(failed.attempts, 4, 'max_retries 3 means 4 attempts');
  assert.equal(failed.retry_count, 3);
  assert.deepEqual(attempts.map((a) => a.attempt), [1, 2, 3, 4]);
  const gaps = attempts.slice(1).map((a, i) => a.at - attempts[i]!.at);
  // Equal jitter: retry n waits between base*2^(n-1)/2 and base*2^(n-1).
  assert.ok(gaps[0]! >= 45, `first gap ${gaps[0]} ms >= 50 ms`);
  assert.ok(gaps[1]! >= 95, `second gap ${gaps[1]} ms >= 100 ms`);
  assert.ok(gaps[2]! >= 195, `third gap ${gaps[2]} ms >= 200 ms`);
  const kinds = engine.events.filter((e) => e.task_id === task_id).map((e) => e.kind);
  assert.deepEqual(kinds.filter((k) => k === 'retrying').length, 3);
  assert.equal(kinds.at(-1), 'failed');
});

test('a retry is scheduled, not slept: other tasks run while one waits for its backoff', async (t) => {
  const engine = await openEngine(t, {
    worker: { concurrency: 1, backoffBaseMs: 60_000, backoffMaxMs: 60_000 },
    operations: [
      { name: 'fails', description: '', inputSchema: {}, handler: () => Promise.reject(new Error('nope')) },
      { name: 'ok', description: '', inputSchema: {}, handler: () => 'fine' },
    ],
  });
  const failing = await engine.manager.enqueueTask({ operation: 'fails', priority: 1 });
  await waitFor(() => engine.manager.getTaskStatus(failing.task_id).retry_count === 1, 'the retry to be scheduled');
  const other = await engine.manager.enqueueTask({ operation: 'ok', priority: 10 });
  await waitForStatus(engine.manager, other.task_id, 'completed', 3000);
  assert.equal(engine.manager.getTaskStatus(failing.task_id).status, 'queued');
});

test('max_retries 0 fails on the first error; the seed default is 3', async (t) => {
  const engine = await openEngine(t, {
    operations: [{ name: 'fails', description: '', inputSchema: {}, handler: () => Promise.reject(new Error('once')) }],
  });
  const { task_id } = await engine.manager.enqueueTask({ operation: 'fails', max_retries: 0 });
  const failed = await waitForStatus(engine.manager, task_id, 'failed');
  assert.equal(failed.attempts, 1);
  assert.equal(failed.error, 'once');
  const other = await engine.manager.enqueueTask({ operation: 'fails', delay_ms: 60_000 });
  assert.equal(engine.manager.getTaskStatus(other.task_id).max_retries, 3);
});

test('retryTask puts a failed task back with a fresh set of attempts; it then succeeds', async (t) => {
  const control = controlledOperation();
  const engine = await openEngine(t, { operations: [control.definition] });
  const { task_id } = await engine.manager.enqueueTask({ operation: control.definition.name, max_retries: 0 });
  await waitFor(() => control.runs.length === 1, 'first run');
  control.runs[0]!.fail(new Error('first failure'));
  await waitForStatus(engine.manager, task_id, 'failed');
  const requeued = await engine.manager.retryTask(task_id);
  assert.equal(requeued.status === 'queued' || requeued.status === 'running', true);
  await waitFor(() => control.runs.length === 2, 'second run');
  assert.equal(control.runs[1]!.attempt, 1, 'attempts start over');
  control.runs[1]!.release({ ok: true });
  const done = await waitForStatus(engine.manager, task_id, 'completed');
  assert.deepEqual(done.result, { ok: true });
  assert.equal(done.error, undefined, 'a completed task shows no old error');
});
