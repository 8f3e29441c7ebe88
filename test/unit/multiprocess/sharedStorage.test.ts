import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openEngine, tempDir, waitFor, waitForStatus } from '../../support/engine';
import { startChild } from '../../support/processes';

function executions(dir: string): Map<string, number> {
  const counts = new Map<string, number>();
  const file = path.join(dir, 'executions.log');
  if (!fs.existsSync(file)) return counts;
  for (const line of fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const n = line.split(' ')[0]!;
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  return counts;
}

for (const processes of [2, 4]) {
  test(`${processes} processes on one storage folder, each enqueueing and working: none lost, none run twice`, async (t) => {
    const dir = tempDir(t);
    const perProcess = 150;
    const children = Array.from({ length: processes }, (_, i) => startChild(t, dir, 'work', [String(perProcess), `p${i}`]));
    await Promise.all(children.map((child) => child.next('enqueued', 60_000)));
    // An observer in this process (no worker): it reads what the others write.
    const observer = await openEngine(t, { dir, start: false });
    await waitFor(() => {
      const counts = observer.manager.countByStatus();
      return counts.completed === processes * perProcess ? counts : undefined;
    }, `all ${processes * perProcess} tasks to complete`, 90_000);
    const ran = executions(dir);
    assert.equal(ran.size, processes * perProcess, 'every task ran');
    const twice = [...ran].filter(([, count]) => count > 1);
    assert.deepEqual(twice, [], 'no task ran twice');
    const pids = new Set(fs.readFileSync(path.join(dir, 'executions.log'), 'utf8').split('\n').filter(Boolean).map((line) => line.split(' ')[1]));
    assert.ok(pids.size >= 2, `work was shared by ${pids.size} processes`);
    for (const child of children) child.process.stdin!.end();
    const codes = await Promise.all(children.map((child) => child.exited));
    assert.deepEqual(codes, children.map(() => 0), 'every process closed cleanly');
  });
}

test('cancel made in one process stops the task running in another, and the change is seen within a second', async (t) => {
  const dir = tempDir(t);
  const child = startChild(t, dir, 'hang', ['3']);
  const { task_id } = await child.next('hanging');
  const here = await openEngine(t, { dir, start: false });
  let external = 0;
  here.manager.onDidChangeExternally(() => external++);
  await here.manager.cancelTask(String(task_id));
  await here.manager.whenDurable();
  const cancelled = await waitForStatus(here.manager, String(task_id), 'cancelled', 5000);
  assert.equal(cancelled.attempts, 1);
  assert.ok(external >= 1, 'the observer was told the database changed elsewhere');
});

test('an operation only another process offers runs there; when no live process offers it, the task waits and says why', async (t) => {
  const dir = tempDir(t);
  const child = startChild(t, dir, 'ready');
  await child.next('ready');
  const here = await openEngine(t, { dir }); // offers demo.wait only
  await waitFor(() => here.manager.knownOperations().includes('count'), 'the other process to advertise its operations');
  const { task_id } = await here.manager.enqueueTask({ operation: 'count', parameters: { n: 'from-here' } });
  const done = await waitForStatus(here.manager, task_id, 'completed', 10_000);
  assert.equal((done.result as { pid: number }).pid, child.process.pid, 'ran in the process that offers it');
  const later = await here.manager.enqueueTask({ operation: 'count', parameters: { n: 'later' }, delay_ms: 60_000 });
  child.process.stdin!.end();
  assert.equal(await child.exited, 0);
  const waiting = here.manager.getTaskStatus(later.task_id);
  assert.equal(waiting.status, 'queued');
  assert.match(waiting.waiting_reason ?? '', /no running process offers operation "count"/);
  await assert.rejects(here.manager.enqueueTask({ operation: 'count' }), /unknown operation "count"/);
});

test('a process that closes normally hands its running task over at once (no lease to wait out)', async (t) => {
  const dir = tempDir(t);
  const child = startChild(t, dir, 'hang', ['3']);
  const { task_id } = await child.next('hanging');
  let ranHere = false;
  const here = await openEngine(t, {
    dir,
    operations: [{ name: 'hang', description: '', inputSchema: {}, handler: () => void (ranHere = true) }],
  });
  child.process.kill('SIGTERM');
  assert.equal(await child.exited, 0);
  const done = await waitForStatus(here.manager, String(task_id), 'completed', 5000);
  assert.equal(ranHere, true);
  assert.equal(done.attempts, 1, 'the interrupted attempt was handed back, not counted');
});

test('a killed process loses its tasks to the survivor once its lease runs out', async (t) => {
  const dir = tempDir(t);
  const child = startChild(t, dir, 'hang', ['3'], { BT_LEASE_MS: '600' });
  const { task_id } = await child.next('hanging');
  const here = await openEngine(t, {
    dir,
    worker: { leaseMs: 600 },
    operations: [{ name: 'hang', description: '', inputSchema: {}, handler: () => 'survivor' }],
  });
  child.process.kill('SIGKILL');
  await child.exited;
  const done = await waitForStatus(here.manager, String(task_id), 'completed', 10_000);
  assert.equal(done.result, 'survivor');
  assert.equal(done.attempts, 2, 'the killed attempt counts');
});
