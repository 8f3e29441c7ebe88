// Phase 1 of "tasks survive a reload": leave a finished, a delayed and a running task behind, then
// the harness closes the page, waits for this extension host to end, and opens a new one (after.ts).
import * as assert from 'node:assert/strict';
import { runMocha } from '../runner';

export interface ReloadState {
  pid: number;
  finished: string;
  delayed: string;
  running: string;
}

export function run(): Promise<void> {
  return runMocha(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { describe, it } = require('mocha') as typeof import('mocha');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { api, waitForStatus, writeState } = require('../support') as typeof import('../support');

    describe('reload, before', () => {
      it('leaves a finished, a delayed and a running task behind', async () => {
        const tasks = await api();
        const finished = await tasks.enqueue({ operation: 'demo.wait', parameters: { duration_ms: 100, steps: 2 } });
        await waitForStatus(tasks, finished.task_id, 'completed', 15_000);
        // Not due before this extension host is gone: the next one must start it.
        const delayed = await tasks.enqueue({ operation: 'demo.wait', parameters: { duration_ms: 200, steps: 2 }, delay_ms: 20_000 });
        // Still running when the page closes: deactivate stops it; the next host runs it again.
        const running = await tasks.enqueue({ operation: 'demo.wait', parameters: { duration_ms: 4_000, steps: 8 } });
        await waitForStatus(tasks, running.task_id, 'running', 15_000);
        await tasks.manager.whenDurable();
        assert.equal(tasks.getTaskStatus(delayed.task_id).status, 'queued');
        const state: ReloadState = { pid: process.pid, finished: finished.task_id, delayed: delayed.task_id, running: running.task_id };
        writeState('reload', state);
      });
    });
  });
}
