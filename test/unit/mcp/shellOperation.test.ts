// The opt-in `shell` operation, run by the real worker.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createShellOperation } from '../../../src/core/operations/shell';
import type { JsonObject, TaskStatus } from '../../../src/core/types';
import { openEngine, waitFor } from './support';

const posix = { skip: process.platform === 'win32' };

async function finished(engine: Awaited<ReturnType<typeof openEngine>>, taskId: string): Promise<TaskStatus> {
  let status = engine.manager.getTaskStatus(taskId);
  await waitFor(() => ['completed', 'failed', 'cancelled'].includes((status = engine.manager.getTaskStatus(taskId)).status), 'the task to finish');
  return status;
}

test('runs exactly the given command line through the shell, quoting and expansions included', posix, async (t) => {
  const engine = await openEngine(t, [createShellOperation()]);
  const { task_id } = await engine.manager.enqueueTask({
    operation: 'shell',
    parameters: { command: `printf '%s\\n' "a  b" 'c$HOME' && echo "$((6 * 7))" | tr 4 x` },
  });
  const status = await finished(engine, task_id);
  assert.equal(status.status, 'completed', status.error);
  const result = status.result as { stdout: string; exit_code: number; stdout_truncated: boolean; duration_ms: number };
  assert.equal(result.stdout, 'a  b\nc$HOME\nx2\n');
  assert.equal(result.exit_code, 0);
  assert.equal(result.stdout_truncated, false);
  assert.ok(result.duration_ms >= 0);
});

test('output is kept up to the bound (the end of it), marked truncated', posix, async (t) => {
  const engine = await openEngine(t, [createShellOperation({ maxOutputBytes: 1000 })]);
  const { task_id } = await engine.manager.enqueueTask({
    operation: 'shell',
    parameters: { command: `i=0; while [ $i -lt 500 ]; do printf '%04d\\n' $i; i=$((i+1)); done` },
  });
  const status = await finished(engine, task_id);
  const result = status.result as { stdout: string; stdout_truncated: boolean };
  assert.equal(result.stdout_truncated, true);
  assert.equal(Buffer.byteLength(result.stdout), 1000);
  assert.ok(result.stdout.endsWith('0498\n0499\n'));
});

test('a failing command fails the task with its exit code and the end of stderr', posix, async (t) => {
  const engine = await openEngine(t, [createShellOperation()]);
  const { task_id } = await engine.manager.enqueueTask({ operation: 'shell', parameters: { command: 'echo nope >&2; exit 7' }, max_retries: 0 });
  const status = await finished(engine, task_id);
  assert.equal(status.status, 'failed');
  assert.equal(status.error, 'command exited with code 7: nope');
});

test('timeout_ms kills the command and everything it started', posix, async (t) => {
  const engine = await openEngine(t, [createShellOperation()]);
  const { task_id } = await engine.manager.enqueueTask({
    operation: 'shell',
    parameters: { command: 'sleep 300 & sleep 300; wait', timeout_ms: 300 },
    max_retries: 0,
  });
  const status = await finished(engine, task_id);
  assert.equal(status.status, 'failed');
  assert.equal(status.error, 'command timed out after 300 ms');
});

test('the last output line is the progress message while it runs; cancel stops it', posix, async (t) => {
  const engine = await openEngine(t, [createShellOperation()]);
  const { task_id } = await engine.manager.enqueueTask({ operation: 'shell', parameters: { command: 'echo "building step 1"; sleep 300' } });
  await waitFor(() => engine.manager.getTaskStatus(task_id).progress_message === 'building step 1', 'the progress message');
  await engine.manager.cancelTask(task_id);
  const status = await finished(engine, task_id);
  assert.equal(status.status, 'cancelled');
});

test('parameters are validated at enqueue time, in the core\'s words', async (t) => {
  const engine = await openEngine(t, [createShellOperation()]);
  const refuse = (parameters: JsonObject) => engine.manager.enqueueTask({ operation: 'shell', parameters });
  await assert.rejects(refuse({}), /^ValidationError: parameters\.command: is required$/);
  await assert.rejects(refuse({ command: 'true', timeout_ms: 0 }), /parameters\.timeout_ms: must be at least 1/);
  await assert.rejects(refuse({ command: 'true', shell: 'bash' }), /shell: is not a known field/);
  await assert.rejects(refuse({ command: 'true', cwd: '/definitely/not/here' }), /parameters\.cwd: folder \/definitely\/not\/here does not exist/);
  assert.equal(engine.manager.listTasks().length, 0);
});
