import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { captureLog, openEngine, tempDir, waitForStatus } from '../../support/engine';
import { kill, startChild } from '../../support/processes';

test('tasks persist across close and reopen, with every field', async (t) => {
  const dir = tempDir(t);
  const first = await openEngine(t, { dir, start: false });
  const { task_id } = await first.manager.enqueueTask({
    operation: 'demo.wait',
    parameters: { duration_ms: 1 },
    account_id: 'me@example.com',
    priority: 2,
    max_retries: 5,
    timeout_ms: 9000,
    dedup_key: 'k',
  });
  const before = first.manager.getTask(task_id);
  await first.close();
  const second = await openEngine(t, { dir, start: false });
  assert.deepEqual(second.manager.getTask(task_id), before);
  second.worker.start();
  await waitForStatus(second.manager, task_id, 'completed');
});

test('whenDurable resolves once the change is in the file (a fresh reader sees it)', async (t) => {
  const dir = tempDir(t);
  const engine = await openEngine(t, { dir, start: false });
  const { task_id } = await engine.manager.enqueueTask({ operation: 'demo.wait', parameters: { duration_ms: 1 } });
  await engine.manager.whenDurable();
  const reader = await openEngine(t, { dir, start: false });
  assert.equal(reader.manager.getTaskStatus(task_id).status, 'queued');
});

test('group commit: many changes in a burst make few file writes', async (t) => {
  const dir = tempDir(t);
  const engine = await openEngine(t, { dir, start: false });
  const file = path.join(dir, 'tasks.db');
  const inodes = new Set<number>();
  const watcher = setInterval(() => inodes.add(fs.statSync(file).ino), 1);
  t.after(() => clearInterval(watcher));
  await Promise.all(Array.from({ length: 500 }, () => engine.manager.enqueueTask({ operation: 'demo.wait', parameters: { duration_ms: 1 } })));
  await engine.manager.whenDurable();
  clearInterval(watcher);
  inodes.add(fs.statSync(file).ino);
  assert.ok(inodes.size <= 5, `500 enqueues replaced the file ${inodes.size - 1} times`);
  assert.equal(engine.manager.countByStatus().queued, 500);
});

test('a half-written temp file left by a killed writer never replaces the good file', async (t) => {
  const dir = tempDir(t);
  const engine = await openEngine(t, { dir, start: false });
  const { task_id } = await engine.manager.enqueueTask({ operation: 'demo.wait', parameters: { duration_ms: 1 } });
  await engine.manager.close();
  const file = path.join(dir, 'tasks.db');
  const good = fs.readFileSync(file);
  // A writer killed mid-write leaves a half-written temp file; the database itself is untouched.
  fs.writeFileSync(`${file}.999999.deadbeef.tmp`, good.subarray(0, 1000));
  assert.deepEqual(fs.readFileSync(file), good);
  const reopened = await openEngine(t, { dir, start: false });
  assert.equal(reopened.manager.getTaskStatus(task_id).status, 'queued');
  assert.equal(fs.existsSync(`${file}.999999.deadbeef.tmp`), false, 'stale temp files of dead writers are cleaned up');
});

test('a process killed (SIGKILL) while writing in a loop leaves a file that opens with every acknowledged task', async (t) => {
  const dir = tempDir(t);
  const child = startChild(t, dir, 'enqueue-forever');
  const acknowledged: string[] = [];
  for (let i = 0; i < 30; i++) acknowledged.push(String((await child.next('durable')).task_id));
  await kill(child);
  const engine = await openEngine(t, { dir, start: false });
  for (const id of acknowledged) assert.ok(engine.manager.getTaskStatus(id), `acknowledged task ${id} survived`);
});

test('a corrupt file is moved aside (never deleted), a fresh database starts, and the logger warns', async (t) => {
  const dir = tempDir(t);
  const file = path.join(dir, 'tasks.db');
  fs.writeFileSync(file, 'this is not a sqlite database, but somebody cares about these bytes');
  const log = captureLog();
  const engine = await openEngine(t, { dir, start: false, manager: { logger: log.logger } });
  const aside = fs.readdirSync(dir).filter((name) => name.startsWith('tasks.db.corrupt-'));
  assert.equal(aside.length, 1);
  assert.equal(fs.readFileSync(path.join(dir, aside[0]!), 'utf8'), 'this is not a sqlite database, but somebody cares about these bytes');
  assert.ok(log.warnings.some((warning) => /unreadable/.test(warning)), log.warnings.join('\n'));
  const { task_id } = await engine.manager.enqueueTask({ operation: 'demo.wait', parameters: { duration_ms: 1 } });
  assert.equal(engine.manager.getTaskStatus(task_id).status, 'queued');
});

test('a truncated database file is quarantined too', async (t) => {
  const dir = tempDir(t);
  const first = await openEngine(t, { dir, start: false });
  for (let i = 0; i < 50; i++) await first.manager.enqueueTask({ operation: 'demo.wait', parameters: { duration_ms: 1, steps: 1 } });
  await first.close();
  const file = path.join(dir, 'tasks.db');
  const bytes = fs.readFileSync(file);
  fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
  const log = captureLog();
  const engine = await openEngine(t, { dir, start: false, manager: { logger: log.logger } });
  assert.ok(fs.readdirSync(dir).some((name) => name.startsWith('tasks.db.corrupt-')));
  assert.equal(engine.manager.countByStatus().queued, 0);
});

test('crash recovery: a task left running by a killed process is queued again with the attempt counted', async (t) => {
  const dir = tempDir(t);
  const child = startChild(t, dir, 'hang', ['3']);
  const { task_id } = await child.next('hanging');
  await child.next('enqueued');
  await kill(child);
  const engine = await openEngine(t, { dir, start: false, operations: [{ name: 'hang', description: '', inputSchema: {}, handler: () => 'recovered' }] });
  assert.equal(engine.manager.getTaskStatus(String(task_id)).status, 'running', 'left running by the dead process');
  engine.worker.start();
  const done = await waitForStatus(engine.manager, String(task_id), 'completed', 10_000);
  assert.equal(done.attempts, 2, 'the crashed attempt counts');
  assert.equal(done.retry_count, 1);
});

test('crash recovery: past max_retries the task fails instead of crashing the process forever', async (t) => {
  const dir = tempDir(t);
  const child = startChild(t, dir, 'hang', ['0']);
  const { task_id } = await child.next('hanging');
  await kill(child);
  const engine = await openEngine(t, { dir, operations: [{ name: 'hang', description: '', inputSchema: {}, handler: () => 'no' }] });
  const failed = await waitForStatus(engine.manager, String(task_id), 'failed', 10_000);
  assert.match(failed.error!, /process running this task stopped/);
});
