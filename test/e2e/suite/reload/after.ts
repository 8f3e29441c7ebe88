// Phase 2 of "tasks survive a reload": a new extension host (new page) sees, and finishes, them.
import * as assert from 'node:assert/strict';
import { runMocha, notes } from '../runner';
import type { ReloadState } from './before';

export function run(): Promise<void> {
  return runMocha(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { describe, it } = require('mocha') as typeof import('mocha');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { api, readState, waitForStatus } = require('../support') as typeof import('../support');

    describe('reload, after', () => {
      it('runs in a new extension host that sees the tasks of the old one', async () => {
        const state = readState<ReloadState>('reload');
        assert.notEqual(process.pid, state.pid, 'a new extension host');
        const tasks = await api();
        const ids = tasks.listTasks({ limit: 500 }).map((task) => task.task_id);
        for (const id of [state.finished, state.delayed, state.running]) assert.ok(ids.includes(id), `task ${id} survived`);
        const finished = tasks.getTaskStatus(state.finished);
        assert.equal(finished.status, 'completed');
        assert.deepEqual(finished.result, { waited_ms: 100, steps: 2, attempt: 1 });
      });

      it('starts the delayed task once it is due', async function () {
        this.timeout(60_000);
        const tasks = await api();
        const { delayed } = readState<ReloadState>('reload');
        const done = await waitForStatus(tasks, delayed, 'completed', 55_000);
        assert.equal(done.attempts, 1);
        const { endedAt } = readState<{ endedAt: number }>('old-host-ended');
        assert.ok(done.started_at !== null && done.started_at >= endedAt, `started at ${done.started_at}, the old host ended at ${endedAt}`);
      });

      it('runs the task that was running at shutdown again', async function () {
        this.timeout(90_000);
        const tasks = await api();
        const { running } = readState<ReloadState>('reload');
        notes.runningTaskAfterReload = tasks.getTaskStatus(running).status;
        const done = await waitForStatus(tasks, running, 'completed', 85_000);
        // Whether an attempt cut short by shutdown counts is the engine's business; it ran again here.
        const { endedAt } = readState<{ endedAt: number }>('old-host-ended');
        assert.ok(done.started_at !== null && done.started_at >= endedAt, `started at ${done.started_at}, the old host ended at ${endedAt}`);
        notes.runningTaskAttempts = done.attempts;
      });
    });
  });
}
