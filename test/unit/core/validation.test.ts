import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UnknownOperationError, ValidationError } from '../../../src/core/errors';
import type { EnqueueInput } from '../../../src/core/types';
import { openEngine } from '../../support/engine';

const good: EnqueueInput = { operation: 'demo.wait', parameters: { duration_ms: 1 } };

const badEnqueues: [string, unknown, RegExp][] = [
  ['priority 0', { ...good, priority: 0 }, /^priority: must be between 1 \(highest\) and 10 \(lowest\)$/],
  ['priority 11', { ...good, priority: 11 }, /^priority: must be between 1/],
  ['priority 2.5', { ...good, priority: 2.5 }, /^priority: must be an integer$/],
  ['priority "high"', { ...good, priority: 'high' }, /^priority: must be a number$/],
  ['parameters an array', { ...good, parameters: [1, 2] }, /^parameters: must be a JSON object$/],
  ['parameters a string', { ...good, parameters: 'x' }, /^parameters: must be a JSON object$/],
  ['parameters over 1 MiB', { operation: 'demo.wait', parameters: { duration_ms: 1, blob: 'x'.repeat(1024 * 1024) } }, /^parameters: must be at most 1048576 bytes/],
  ['no operation', { parameters: {} }, /^operation: is required$/],
  ['operation with spaces', { ...good, operation: 'rm -rf' }, /^operation: may contain only/],
  ['max_retries -1', { ...good, max_retries: -1 }, /^max_retries: must be 0 or more$/],
  ['delay_ms negative', { ...good, delay_ms: -5 }, /^delay_ms: must be 0 or more$/],
  ['timeout_ms 0', { ...good, timeout_ms: 0 }, /^timeout_ms: must be at least 1$/],
  ['dedup_key empty', { ...good, dedup_key: '' }, /^dedup_key: must be a non-empty string$/],
  ['account_id a number', { ...good, account_id: 42 }, /^account_id: must be a string$/],
  ['unknown field', { ...good, prority: 1 }, /^prority: is not a known field$/],
  ['operation parameters wrong', { operation: 'demo.wait', parameters: { duration_ms: 'soon' } }, /^parameters\.duration_ms: must be a number$/],
];

test('enqueueTask refuses bad input with a ValidationError naming the field and the rule, and stores nothing', async (t) => {
  const engine = await openEngine(t, { start: false });
  const kept = await engine.manager.enqueueTask(good);
  for (const [label, input, message] of badEnqueues) {
    await assert.rejects(
      engine.manager.enqueueTask(input as EnqueueInput),
      (error: Error) => {
        assert.ok(error instanceof ValidationError, `${label}: ${error.constructor.name} ${error.message}`);
        assert.match(error.message, message, label);
        return true;
      },
      label,
    );
  }
  assert.deepEqual(engine.manager.listTasks({ limit: 500 }).map((task) => task.task_id), [kept.task_id], 'nothing half-written, nothing lost');
});

test('an unknown operation is refused at enqueue time, naming the known ones', async (t) => {
  const engine = await openEngine(t, { start: false, operations: [{ name: 'cache.refresh', description: '', inputSchema: {}, handler: () => null }] });
  await assert.rejects(engine.manager.enqueueTask({ operation: 'cache.refersh' }), (error: Error) => {
    assert.ok(error instanceof UnknownOperationError);
    assert.equal(error.message, 'operation: unknown operation "cache.refersh"; known operations: cache.refresh, demo.wait');
    return true;
  });
});

test('reads and task commands validate their arguments', async (t) => {
  const engine = await openEngine(t, { start: false });
  assert.throws(() => engine.manager.listTasks({ limit: 0 }), /^ValidationError: limit: must be between 1 and 500$/);
  assert.throws(() => engine.manager.listTasks({ limit: 501 }), /limit: must be between 1 and 500/);
  assert.throws(() => engine.manager.listTasks({ status: 'done' as never }), /status: must be one of queued, running, completed, failed, cancelled/);
  assert.throws(() => engine.manager.listTasks({ account_id: '' }), /account_id: must be a non-empty string/);
  assert.throws(() => engine.manager.getTaskStatus(''), /task_id: must be a non-empty string/);
  assert.throws(() => engine.manager.getTaskStatus(42 as never), /task_id: must be a string/);
  assert.throws(() => engine.manager.getTaskStatus('missing'), /^TaskNotFoundError: Task missing not found$/);
  await assert.rejects(engine.manager.cancelTask(''), /task_id: must be a non-empty string/);
  await assert.rejects(engine.manager.retryTask('missing'), /Task missing not found/);
  await assert.rejects(engine.manager.deleteTask('missing'), /Task missing not found/);
  await assert.rejects(engine.manager.pruneFinished({ maxAgeDays: -1 }), /retention.maxAgeDays: must be 0 or more/);
});

test('operation registry refuses bad and duplicate names', async (t) => {
  const engine = await openEngine(t, { start: false });
  const definition = { name: 'demo.wait', description: '', inputSchema: {}, handler: () => null };
  assert.throws(() => engine.operations.register(definition), /name: operation "demo.wait" is already registered/);
  assert.throws(() => engine.operations.register({ ...definition, name: 'has space' }), /name: may contain only/);
  const registration = engine.operations.register({ ...definition, name: 'temporary' });
  assert.ok(engine.operations.get('temporary'));
  registration.dispose();
  assert.equal(engine.operations.get('temporary'), undefined);
});

test('missing required fields say so; unknown keys inside parameters are named with their path', async (t) => {
  const engine = await openEngine(t, { start: false });
  await assert.rejects(engine.manager.enqueueTask({} as EnqueueInput), /^ValidationError: operation: is required$/);
  await assert.rejects(
    engine.manager.enqueueTask({ operation: 'demo.wait', parameters: {} }),
    /^ValidationError: parameters\.duration_ms: is required$/,
  );
  await assert.rejects(
    engine.manager.enqueueTask({ operation: 'demo.wait', parameters: { duration_ms: 1, stepz: 2 } }),
    /^ValidationError: parameters\.stepz: is not a known field$/,
  );
  assert.throws(() => engine.manager.getTaskStatus(undefined as never), /^ValidationError: task_id: is required$/);
});
