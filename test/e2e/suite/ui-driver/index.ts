// Runs inside the extension host while the harness drives the browser: it asks the harness
// (controlUrl, on 127.0.0.1) for commands, runs them against the installed extension's API and
// posts the results back, until the harness says "exit". The browser tests use it to enqueue tasks
// and then watch the tree view change as a person would.
import type { BackgroundTasksApi } from '../../../../src/extension';
import type { EnqueueInput, TaskStatusName } from '../../../../src/core/types';
import { api, readControl, waitForStatus } from '../support';

interface Command {
  id: number;
  op: 'enqueue' | 'status' | 'waitForStatus' | 'cancel' | 'info' | 'exit' | 'none';
  args?: unknown;
}

export async function run(): Promise<void> {
  const { controlUrl } = readControl();
  if (!controlUrl) throw new Error('control.json has no controlUrl');
  const deadline = Date.now() + 15 * 60_000;
  const tasks = await api();
  for (;;) {
    if (Date.now() > deadline) throw new Error('ui-driver: no "exit" from the harness within 15 minutes');
    const response = await fetch(`${controlUrl}/next`, { signal: AbortSignal.timeout(40_000) });
    const command = (await response.json()) as Command;
    if (command.op === 'none') continue;
    if (command.op === 'exit') {
      if ((command.args as { failed?: boolean } | undefined)?.failed) throw new Error('the browser tests failed');
      return;
    }
    let reply: { id: number; ok: boolean; value?: unknown; error?: string };
    try {
      reply = { id: command.id, ok: true, value: await execute(tasks, command) };
    } catch (error) {
      reply = { id: command.id, ok: false, error: (error as Error)?.stack ?? String(error) };
    }
    await fetch(`${controlUrl}/result`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(reply),
      signal: AbortSignal.timeout(10_000),
    });
  }
}

async function execute(tasks: BackgroundTasksApi, command: Command): Promise<unknown> {
  switch (command.op) {
    case 'enqueue':
      return tasks.enqueue(command.args as EnqueueInput);
    case 'status':
      return tasks.getTaskStatus((command.args as { taskId: string }).taskId);
    case 'waitForStatus': {
      const { taskId, status, timeoutMs } = command.args as { taskId: string; status: TaskStatusName; timeoutMs?: number };
      return waitForStatus(tasks, taskId, status, timeoutMs ?? 30_000);
    }
    case 'cancel':
      return tasks.manager.cancelTask((command.args as { taskId: string }).taskId);
    case 'info':
      return { activationTimeMs: tasks.activationTimeMs, databaseFile: tasks.databaseFile, pid: process.pid, counts: tasks.manager.countByStatus() };
    default:
      throw new Error(`unknown command ${command.op}`);
  }
}
