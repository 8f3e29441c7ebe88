import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { openEngine, tempDir, waitFor } from '../../support/engine';
import { kill, startChild } from '../../support/processes';

const ROUNDS = Number(process.env.BT_KILL_ROUNDS ?? 50);

/**
 * Start a process that enqueues and works without pause, SIGKILL it at a random moment (often in the
 * middle of a persist: it persists all the time), check the file, repeat. Every task acknowledged as
 * durable must survive; a task runs again only if a kill interrupted it.
 */
test(`kill loop: ${ROUNDS} rounds of SIGKILL at random moments lose no acknowledged task`, { timeout: 600_000 }, async (t) => {
  const dir = tempDir(t);
  const acknowledged = new Set<string>();
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let round = 0; round < ROUNDS; round++) {
    const child = startChild(t, dir, 'enqueue-forever');
    await child.next('durable', 30_000);
    const waitMs = Math.floor(random() * 120);
    const deadline = Date.now() + waitMs;
    await waitFor(() => Date.now() >= deadline || undefined, 'the random kill moment', waitMs + 1000);
    await kill(child);
    for (const line of child.lines) if (line.event === 'durable') acknowledged.add(String(line.task_id));
    // The file must open after every kill, with every acknowledged task in it.
    const check = await openEngine(t, { dir, start: false });
    for (const id of acknowledged) check.manager.getTaskStatus(id);
    await check.close();
  }
  assert.ok(acknowledged.size >= ROUNDS, `${acknowledged.size} tasks acknowledged`);
  assert.equal(fs.readdirSync(dir).filter((name) => name.includes('corrupt')).length, 0, 'nothing was ever quarantined');

  // A last, clean process finishes everything that was left queued or running.
  const finisher = startChild(t, dir, 'ready');
  await finisher.next('ready');
  const observer = await openEngine(t, { dir, start: false });
  await waitFor(() => {
    const counts = observer.manager.countByStatus();
    return counts.queued === 0 && counts.running === 0 ? counts : undefined;
  }, 'every task to finish', 60_000);
  finisher.process.stdin!.end();
  assert.equal(await finisher.exited, 0);
  const ran = new Map<string, number>();
  for (const line of fs.readFileSync(path.join(dir, 'executions.log'), 'utf8').split('\n').filter(Boolean)) {
    const key = line.split(' ')[0]!;
    ran.set(key, (ran.get(key) ?? 0) + 1);
  }
  const reruns = [...ran.values()].filter((count) => count > 1).length;
  assert.ok(reruns <= ROUNDS, `${reruns} re-runs after ${ROUNDS} kills: only an interrupted task runs again`);
  assert.equal(observer.manager.countByStatus().failed, 0);
});
