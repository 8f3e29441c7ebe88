// The extension a person uses, inside code-server's real extension host: every command through
// vscode.commands.executeCommand with arguments (as a keybinding or another extension calls it),
// every operation kind VS Code runs, the public API, the settings applied live and the status bar.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { EnqueueResult, TaskChangeEvent, TaskRecord, TaskStatus } from '../../../src/core/types';
import type { BackgroundTasksApi } from '../../../src/extension';
import { notes } from './runner';
import { api, waitFor, waitForStatus } from './support';

const SECTION = 'backgroundTasks';
const run = Date.now().toString(36);
/** An account per run: the database is shared with the other suites, this isolates our rows. */
const ACCOUNT = `e2e-ui-${run}`;

async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration(SECTION).update(key, value, vscode.ConfigurationTarget.Global);
  // The extension's listener runs in the same configuration event that updates this value.
  await waitFor(`${SECTION}.${key} = ${JSON.stringify(value)}`, () => JSON.stringify(vscode.workspace.getConfiguration(SECTION).get(key)) === JSON.stringify(value ?? vscode.workspace.getConfiguration(SECTION).inspect(key)?.defaultValue), 10_000);
}

function command<T>(id: string, ...args: unknown[]): Promise<T> {
  return vscode.commands.executeCommand<T>(`backgroundTasks.${id}`, ...args) as Promise<T>;
}

async function idle(tasks: BackgroundTasksApi): Promise<void> {
  await waitFor('no task running or queued', () => {
    const counts = tasks.manager.countByStatus();
    return counts.running === 0 && counts.queued === 0;
  }, 30_000, 100);
}

describe('commands, driven with arguments', () => {
  after(async () => {
    await command('clearFilter');
  });

  it('registers every contributed command', async () => {
    await api();
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = (vscode.extensions.getExtension('background-tasks.background-tasks')!.packageJSON.contributes.commands as { command: string }[]).map((entry) => entry.command);
    assert.ok(contributed.length >= 12, contributed.join(', '));
    assert.deepEqual(contributed.filter((id) => !registered.has(id)), []);
  });

  it('Enqueue Task with an EnqueueInput enqueues at once and returns the result; the account defaults from the settings', async () => {
    const tasks = await api();
    const explicit = await command<EnqueueResult>('enqueueTask', { operation: 'demo.wait', parameters: { duration_ms: 1 }, account_id: ACCOUNT, priority: 2 });
    assert.equal(explicit.deduplicated, false);
    assert.equal(tasks.getTaskStatus(explicit.task_id).priority, 2);
    assert.equal(tasks.getTaskStatus(explicit.task_id).account_id, ACCOUNT);

    await setSetting('tasks.defaultAccount', `${ACCOUNT}-default`);
    try {
      const defaulted = await command<EnqueueResult>('enqueueTask', { operation: 'demo.wait', parameters: { duration_ms: 1 } });
      assert.equal(tasks.getTaskStatus(defaulted.task_id).account_id, `${ACCOUNT}-default`);
    } finally {
      await setSetting('tasks.defaultAccount', undefined);
    }
    await assert.rejects(command('enqueueTask', { operation: 'demo.wait', parameters: { duration_ms: -5 } }), /parameters\.duration_ms: must be 0 or more/);
    await assert.rejects(command('enqueueTask', { operation: 'no.such.operation' }), /unknown operation "no\.such\.operation"/);
  });

  it('Show Task opens the read-only JSON of the whole task, which follows the task as it runs', async () => {
    const tasks = await api();
    const { task_id } = await tasks.enqueue({ operation: 'demo.wait', parameters: { duration_ms: 2000, steps: 4 }, account_id: ACCOUNT });
    await waitForStatus(tasks, task_id, 'running', 15_000);
    const record = await command<TaskRecord>('showTask', task_id);
    assert.equal(record.task_id, task_id);
    assert.deepEqual(record.parameters, { duration_ms: 2000, steps: 4 });
    const editor = await waitFor('the details editor', () => vscode.window.activeTextEditor?.document.uri.scheme === 'background-task' && vscode.window.activeTextEditor, 10_000);
    const document = editor.document;
    assert.equal(document.languageId, 'json');
    assert.match(path.basename(document.uri.path), /^demo\.wait-[0-9a-f]{8}\.json$/);
    assert.equal(JSON.parse(document.getText()).task_id, task_id);
    // Read-only: a content provider's document cannot be saved back.
    assert.equal(document.isUntitled, false);
    const done = await waitFor('the open document to show the result', () => {
      const shown = JSON.parse(document.getText()) as TaskRecord;
      return shown.status === 'completed' ? shown : undefined;
    }, 20_000, 100);
    assert.deepEqual(done.result, { waited_ms: 2000, steps: 4, attempt: 1 });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('Cancel Task, Retry Task, Delete Task and Copy Task ID take an id and return their result', async () => {
    const tasks = await api();
    const { task_id } = await tasks.enqueue({ operation: 'demo.wait', parameters: { duration_ms: 60_000, steps: 60 }, account_id: ACCOUNT });
    await waitForStatus(tasks, task_id, 'running', 15_000);
    const cancelling = await command<TaskStatus>('cancelTask', task_id);
    assert.equal(cancelling.task_id, task_id);
    await waitForStatus(tasks, task_id, 'cancelled', 15_000);

    const retried = await command<TaskStatus>('retryTask', { taskId: task_id });
    assert.equal(retried.status, 'queued');
    await waitForStatus(tasks, task_id, 'running', 15_000);
    await command('cancelTask', task_id);
    await waitForStatus(tasks, task_id, 'cancelled', 15_000);

    assert.equal(await command<string>('copyTaskId', task_id), task_id);
    assert.equal(await vscode.env.clipboard.readText(), task_id);

    assert.deepEqual(await command('deleteTask', task_id), { task_id, deleted: true });
    assert.throws(() => tasks.getTaskStatus(task_id), /not found/);
    await assert.rejects(command('cancelTask', task_id), new RegExp(`Task ${task_id} not found`));
    await assert.rejects(command('retryTask', 42), /expected a task id/);
  });

  it('the item menu variants (Cancel, Retry, Show Details) run the same commands', async () => {
    const tasks = await api();
    const { task_id } = await tasks.enqueue({ operation: 'demo.wait', parameters: { duration_ms: 1 }, account_id: ACCOUNT, delay_ms: 600_000 });
    const status = await vscode.commands.executeCommand<TaskStatus>('backgroundTasks.item.cancel', task_id);
    assert.equal(status.status, 'cancelled');
    assert.equal((await vscode.commands.executeCommand<TaskStatus>('backgroundTasks.item.retry', task_id)).status, 'queued');
    // Retried without the delay: it runs (and completes) at once.
    await waitForStatus(tasks, task_id, 'completed', 10_000);
    assert.equal((await vscode.commands.executeCommand<TaskRecord>('backgroundTasks.item.showDetails', task_id)).task_id, task_id);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('Filter takes { accounts, statuses }: the tree shows only those and says so in its description; Clear Filter undoes it', async () => {
    const tasks = await api();
    const queued = await tasks.enqueue({ operation: 'demo.wait', parameters: { duration_ms: 1 }, account_id: `${ACCOUNT}-filter`, delay_ms: 600_000 });
    const other = await tasks.enqueue({ operation: 'demo.wait', parameters: { duration_ms: 1 }, account_id: `${ACCOUNT}-other`, delay_ms: 600_000 });
    try {
      const filter = await command('filter', { accounts: [`${ACCOUNT}-filter`], statuses: ['queued'] });
      assert.deepEqual(filter, { accounts: [`${ACCOUNT}-filter`], statuses: ['queued'] });
      const snapshot = tasks.ui!.treeSnapshot();
      assert.equal(snapshot.description, `Filter: ${ACCOUNT}-filter · Queued`);
      assert.equal(snapshot.message, `Showing queued tasks of account ${ACCOUNT}-filter only.`);
      assert.deepEqual(snapshot.groups, [{ label: 'Queued (1)', tasks: [queued.task_id] }]);
      await assert.rejects(command('filter', { statuses: ['done'] }), /unknown status "done"/);
      // From the view title VS Code passes the selected row: it is not a filter (the picker opens instead; dismissed here).
      const row = { kind: 'task', status: 'cancelled', task: tasks.listTasks({ limit: 1 })[0] };
      const picking = command('filter', row);
      let answered = false;
      void picking.then(() => (answered = true), () => (answered = true));
      await waitFor('the filter picker to open and be dismissed', async () => {
        await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
        return answered;
      }, 10_000, 100);
      assert.deepEqual(await picking, { accounts: [`${ACCOUNT}-filter`], statuses: ['queued'] }, 'unchanged');

      await command('clearFilter');
      const all = tasks.ui!.treeSnapshot();
      assert.equal(all.description, undefined);
      assert.equal(all.message, undefined);
      const queuedGroup = all.groups.find((group) => group.label.startsWith('Queued ('));
      assert.ok(queuedGroup && queuedGroup.tasks.includes(queued.task_id) && queuedGroup.tasks.includes(other.task_id), JSON.stringify(all));
      // The tree's totals are the engine's.
      assert.equal(queuedGroup.label, `Queued (${tasks.manager.countByStatus().queued})`);
    } finally {
      await tasks.cancel(queued.task_id);
      await tasks.cancel(other.task_id);
    }
  });

  it('Refresh re-reads the tree at once', async () => {
    const tasks = await api();
    const { task_id } = await tasks.enqueue({ operation: 'demo.wait', parameters: { duration_ms: 1 }, account_id: ACCOUNT, delay_ms: 600_000 });
    await command('refresh');
    // No wait: the refresh is synchronous, not the throttled one that follows events.
    assert.ok(tasks.ui!.treeSnapshot().groups.some((group) => group.tasks.includes(task_id)));
    await tasks.cancel(task_id);
  });

  it('Clear Finished deletes every finished task and returns how many', async () => {
    const tasks = await api();
    await idle(tasks);
    const before = tasks.manager.countByStatus();
    const finished = before.completed + before.failed + before.cancelled;
    assert.ok(finished > 0, JSON.stringify(before));
    assert.equal(await command<number>('clearFinished'), finished);
    const afterCounts = tasks.manager.countByStatus();
    assert.equal(afterCounts.completed + afterCounts.failed + afterCounts.cancelled, 0);
  });

  it('Show Log opens the "Background Tasks" output channel; Open Settings opens the Settings editor on this extension', async () => {
    await command('showLog');
    await waitFor('the output channel in an editor', () => vscode.window.visibleTextEditors.some((editor) => editor.document.uri.scheme === 'output' && /Background Tasks/.test(editor.document.uri.path + editor.document.getText().slice(0, 2000))), 10_000, 100);
    await command('openSettings');
    await waitFor('the Settings editor', () => vscode.window.tabGroups.activeTabGroup.activeTab?.label === 'Settings', 10_000, 100);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});

describe('operations VS Code runs', () => {
  const disposables: vscode.Disposable[] = [];
  after(() => {
    for (const disposable of disposables.splice(0)) disposable.dispose();
  });

  it('are registered: lm.tool, vscode.command, vscode.task and demo.wait; shell only when allowed', async () => {
    const tasks = await api();
    const names = tasks.operations.names();
    for (const name of ['demo.wait', 'lm.tool', 'vscode.command', 'vscode.task']) assert.ok(names.includes(name), names.join(', '));
    assert.ok(!names.includes('shell'), 'shell is off by default');
  });

  it('lm.tool runs a tool from vscode.lm.tools and keeps its text; refuses our own MCP tools and unknown ones', async () => {
    const tasks = await api();
    notes.lmToolCount = vscode.lm.tools.length;
    const tool = vscode.lm.tools.find((candidate) => candidate.name === 'renderMermaidDiagram');
    assert.ok(tool, `a built-in tool to call; vscode.lm.tools: ${vscode.lm.tools.map((candidate) => candidate.name).join(', ')}`);
    const markup = `graph TD; e2e${run}-->done`;
    const { task_id } = await tasks.enqueue({ operation: 'lm.tool', parameters: { name: tool.name, input: { markup } }, account_id: ACCOUNT });
    const done = await waitForStatus(tasks, task_id, 'completed', 30_000);
    const result = done.result as { tool: string; text: string; text_parts: string[] };
    assert.equal(result.tool, 'renderMermaidDiagram');
    assert.ok(result.text.includes(markup), JSON.stringify(result));

    await assert.rejects(tasks.enqueue({ operation: 'lm.tool', parameters: { name: 'mcp_background_ta_cache_task_list', input: {} } }), /is a Background Tasks tool/);
    await assert.rejects(tasks.enqueue({ operation: 'lm.tool', parameters: { name: 'no_such_tool' } }), /no tool named "no_such_tool".*renderMermaidDiagram/);
  });

  it('vscode.command runs a command and keeps a JSON result; drops one that is not JSON; fails for an unknown command', async () => {
    const tasks = await api();
    disposables.push(
      vscode.commands.registerCommand('e2e.backgroundTasks.echo', (value: unknown) => ({ echoed: value, uri: vscode.Uri.file('/tmp/x') })),
      vscode.commands.registerCommand('e2e.backgroundTasks.function', () => () => 1),
      vscode.commands.registerCommand('e2e.backgroundTasks.wait', () => new Promise((resolve) => setTimeout(resolve, 60_000))),
    );
    const echo = await tasks.enqueue({ operation: 'vscode.command', parameters: { command: 'e2e.backgroundTasks.echo', args: [{ a: 1 }] }, account_id: ACCOUNT });
    const echoed = await waitForStatus(tasks, echo.task_id, 'completed', 20_000);
    assert.deepEqual((echoed.result as { result: { echoed: unknown } }).result.echoed, { a: 1 });
    assert.equal((echoed.result as { result: { uri: { path: string } } }).result.uri.path, '/tmp/x', 'a Uri is kept as its JSON');

    const fn = await tasks.enqueue({ operation: 'vscode.command', parameters: { command: 'e2e.backgroundTasks.function' }, account_id: ACCOUNT });
    const dropped = await waitForStatus(tasks, fn.task_id, 'completed', 20_000);
    assert.deepEqual(dropped.result, { command: 'e2e.backgroundTasks.function', result: null, result_dropped: 'not JSON-serialisable: a function is not JSON' });

    // A real command of VS Code, with its real result.
    const builtin = await tasks.enqueue({ operation: 'vscode.command', parameters: { command: 'workbench.action.files.saveAll' }, account_id: ACCOUNT });
    await waitForStatus(tasks, builtin.task_id, 'completed', 20_000);

    const unknown = await tasks.enqueue({ operation: 'vscode.command', parameters: { command: 'e2e.no.such.command' }, account_id: ACCOUNT, max_retries: 0 });
    const failed = await waitForStatus(tasks, unknown.task_id, 'failed', 20_000);
    assert.match(failed.error ?? '', /no command "e2e\.no\.such\.command"/);

    const slow = await tasks.enqueue({ operation: 'vscode.command', parameters: { command: 'e2e.backgroundTasks.wait' }, account_id: ACCOUNT });
    await waitForStatus(tasks, slow.task_id, 'running', 20_000);
    await tasks.cancel(slow.task_id);
    await waitForStatus(tasks, slow.task_id, 'cancelled', 10_000);
  });

  it('vscode.task runs a tasks.json task to its exit code; a non-zero exit fails it; cancel terminates it', async function () {
    this.timeout(120_000);
    const tasks = await api();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the integration window has a workspace folder');
    const tasksJson = path.join(folder.uri.fsPath, '.vscode', 'tasks.json');
    fs.mkdirSync(path.dirname(tasksJson), { recursive: true });
    const quiet = { presentation: { reveal: 'never', panel: 'dedicated' }, problemMatcher: [] };
    fs.writeFileSync(
      tasksJson,
      JSON.stringify({
        version: '2.0.0',
        tasks: [
          { label: 'bt-e2e-ok', type: 'shell', command: 'echo background-ok', ...quiet },
          { label: 'bt-e2e-fail', type: 'shell', command: 'exit 3', ...quiet },
          { label: 'bt-e2e-sleep', type: 'shell', command: 'sleep 120', ...quiet },
        ],
      }),
    );
    await waitFor('the tasks.json tasks to be fetched', async () => {
      const labels = (await vscode.tasks.fetchTasks()).map((task) => task.name);
      return ['bt-e2e-ok', 'bt-e2e-fail', 'bt-e2e-sleep'].every((label) => labels.includes(label));
    }, 30_000, 250);

    const ok = await tasks.enqueue({ operation: 'vscode.task', parameters: { label: 'bt-e2e-ok' }, account_id: ACCOUNT });
    const completed = await waitForStatus(tasks, ok.task_id, 'completed', 40_000);
    assert.equal((completed.result as { exit_code: number }).exit_code, 0);
    assert.equal((completed.result as { folder: string }).folder, folder.name);

    const fail = await tasks.enqueue({ operation: 'vscode.task', parameters: { label: 'bt-e2e-fail', folder: folder.name }, account_id: ACCOUNT, max_retries: 0 });
    const failed = await waitForStatus(tasks, fail.task_id, 'failed', 40_000);
    assert.match(failed.error ?? '', /task "bt-e2e-fail" exited with code 3/);

    const missing = await tasks.enqueue({ operation: 'vscode.task', parameters: { label: 'bt-e2e-missing' }, account_id: ACCOUNT, max_retries: 0 });
    assert.match((await waitForStatus(tasks, missing.task_id, 'failed', 20_000)).error ?? '', /no task "bt-e2e-missing"; tasks\.json defines: .*"bt-e2e-ok"/);

    const ended: vscode.TaskProcessEndEvent[] = [];
    disposables.push(vscode.tasks.onDidEndTaskProcess((event) => ended.push(event)));
    const sleep = await tasks.enqueue({ operation: 'vscode.task', parameters: { label: 'bt-e2e-sleep' }, account_id: ACCOUNT });
    await waitForStatus(tasks, sleep.task_id, 'running', 20_000);
    await waitFor('the sleep task to execute', () => vscode.tasks.taskExecutions.some((execution) => execution.task.name === 'bt-e2e-sleep'), 20_000, 100);
    await tasks.cancel(sleep.task_id);
    await waitForStatus(tasks, sleep.task_id, 'cancelled', 15_000);
    await waitFor('the terminated task to end', () => !vscode.tasks.taskExecutions.some((execution) => execution.task.name === 'bt-e2e-sleep'), 15_000, 100);
    assert.ok(ended.some((event) => event.execution.task.name === 'bt-e2e-sleep'), 'its process ended');
  });

  it('shell appears while backgroundTasks.operations.allowShell is on, runs in the workspace folder, and goes when it is off', async function () {
    this.timeout(60_000);
    const tasks = await api();
    await setSetting('operations.allowShell', true);
    try {
      await waitFor('the shell operation', () => tasks.operations.names().includes('shell'), 10_000);
      const { task_id } = await tasks.enqueue({ operation: 'shell', parameters: { command: 'echo "$PWD" && echo shell-ok' }, account_id: ACCOUNT });
      const done = await waitForStatus(tasks, task_id, 'completed', 20_000);
      const result = done.result as { exit_code: number; stdout: string };
      assert.equal(result.exit_code, 0);
      assert.equal(result.stdout, `${vscode.workspace.workspaceFolders![0]!.uri.fsPath}\nshell-ok\n`);
    } finally {
      await setSetting('operations.allowShell', undefined);
    }
    await waitFor('the shell operation to go', () => !tasks.operations.names().includes('shell'), 10_000);
  });
});

describe('settings apply without a reload', () => {
  it('worker concurrency: with 1, tasks run one at a time', async function () {
    this.timeout(60_000);
    const tasks = await api();
    await idle(tasks);
    await setSetting('worker.concurrency', 1);
    try {
      const ids = new Set<string>();
      let peak = 0;
      const subscription = tasks.onDidChangeTask(() => {
        const running = [...ids].filter((id) => tasks.getTaskStatus(id).status === 'running').length;
        peak = Math.max(peak, running);
      });
      try {
        for (let i = 0; i < 3; i++) ids.add((await tasks.enqueue({ operation: 'demo.wait', parameters: { duration_ms: 300, steps: 3 }, account_id: ACCOUNT })).task_id);
        for (const id of ids) await waitForStatus(tasks, id, 'completed', 20_000);
      } finally {
        subscription.dispose();
      }
      assert.equal(peak, 1);
    } finally {
      await setSetting('worker.concurrency', undefined);
    }
    // Back to 4: three at once.
    const ids = await Promise.all([1, 2, 3].map(() => tasks.enqueue({ operation: 'demo.wait', parameters: { duration_ms: 1500, steps: 3 }, account_id: ACCOUNT })));
    await waitFor('three tasks running at once', () => ids.every(({ task_id }) => tasks.getTaskStatus(task_id).status === 'running'), 10_000);
    for (const { task_id } of ids) await waitForStatus(tasks, task_id, 'completed', 20_000);
  });

  it('default max retries, default timeout and backoff', async function () {
    this.timeout(60_000);
    const tasks = await api();
    await setSetting('retry.defaultMaxRetries', 7);
    await setSetting('tasks.defaultTimeoutMs', 300);
    try {
      const { task_id } = await tasks.enqueue({ operation: 'demo.wait', parameters: { duration_ms: 10_000 }, account_id: ACCOUNT, max_retries: 0 });
      assert.equal(tasks.getTaskStatus(task_id).timeout_ms, 300);
      const failed = await waitForStatus(tasks, task_id, 'failed', 15_000);
      assert.match(failed.error ?? '', /tim/i);
      const defaults = await tasks.enqueue({ operation: 'demo.wait', parameters: { duration_ms: 1 }, account_id: ACCOUNT });
      assert.equal(tasks.getTaskStatus(defaults.task_id).max_retries, 7);
    } finally {
      await setSetting('retry.defaultMaxRetries', undefined);
      await setSetting('tasks.defaultTimeoutMs', undefined);
    }
    // Backoff: two failures with the default base (1 s, then 2 s) take 3 s or more; with 50 ms far less.
    await setSetting('retry.backoffBaseMs', 50);
    await setSetting('retry.backoffMaxMs', 50);
    try {
      const started = Date.now();
      const { task_id } = await tasks.enqueue({ operation: 'demo.wait', parameters: { duration_ms: 1, steps: 1, fail_attempts: 2 }, account_id: ACCOUNT, max_retries: 2 });
      const done = await waitForStatus(tasks, task_id, 'completed', 15_000);
      assert.equal(done.attempts, 3);
      assert.ok(Date.now() - started < 2500, `took ${Date.now() - started} ms`);
    } finally {
      await setSetting('retry.backoffBaseMs', undefined);
      await setSetting('retry.backoffMaxMs', undefined);
    }
  });

  it('retention: the engine prunes with the maximum of finished tasks from the settings', async () => {
    const tasks = await api();
    for (let i = 0; i < 3; i++) {
      const { task_id } = await tasks.enqueue({ operation: 'demo.wait', parameters: { duration_ms: 1 }, account_id: ACCOUNT });
      await waitForStatus(tasks, task_id, 'completed', 10_000);
    }
    await setSetting('retention.maxFinishedTasks', 1);
    try {
      // The worker prunes once a minute; the same call with the manager's (now updated) retention, at once.
      await tasks.manager.pruneFinished();
      const counts = tasks.manager.countByStatus();
      assert.equal(counts.completed + counts.failed + counts.cancelled, 1);
    } finally {
      await setSetting('retention.maxFinishedTasks', undefined);
    }
  });
});

describe('status bar', () => {
  it('shows running and queued counts with a spinner while busy, hides when idle unless the setting keeps it', async function () {
    this.timeout(60_000);
    const tasks = await api();
    await idle(tasks);
    await waitFor('the status bar item to hide', () => tasks.ui!.statusBarText() === undefined, 5_000);
    const { task_id } = await tasks.enqueue({ operation: 'demo.wait', parameters: { duration_ms: 3000, steps: 3 }, account_id: ACCOUNT });
    const delayed = await tasks.enqueue({ operation: 'demo.wait', parameters: { duration_ms: 1 }, account_id: ACCOUNT, delay_ms: 600_000 });
    const busy = await waitFor('a busy status bar', () => tasks.ui!.statusBarText()?.startsWith('$(sync~spin)') && tasks.ui!.statusBarText(), 10_000);
    assert.equal(busy, '$(sync~spin) 1 running, 1 queued');
    notes.statusBarBusy = busy;
    await waitForStatus(tasks, task_id, 'completed', 20_000);
    await waitFor('"1 queued" with a clock', () => tasks.ui!.statusBarText() === '$(clock) 1 queued', 5_000);
    await tasks.cancel(delayed.task_id);
    await waitFor('the status bar item to hide', () => tasks.ui!.statusBarText() === undefined, 5_000);
    await setSetting('statusBar.showWhenIdle', true);
    try {
      await waitFor('the idle text', () => tasks.ui!.statusBarText() === '$(check) No tasks running', 5_000);
    } finally {
      await setSetting('statusBar.showWhenIdle', undefined);
    }
    assert.equal(tasks.ui!.statusBarText(), undefined);
  });
});

describe('the public API (as another extension uses it)', () => {
  it('registerOperation + enqueue + onDidChangeTask + getTaskStatus + listTasks + cancel + retry', async function () {
    this.timeout(60_000);
    const exported = vscode.extensions.getExtension<BackgroundTasksApi>('background-tasks.background-tasks')!;
    const tasks = exported.isActive ? exported.exports : await exported.activate();
    assert.equal(tasks.apiVersion, 1);
    const name = `e2e.refreshCache.${run}`;
    const registration = tasks.registerOperation(
      name,
      async (parameters, context) => {
        context.reportProgress(50, 'halfway');
        // Progress reports are written (and announced) at most every 200 ms: stay long enough for one.
        await new Promise((resolve) => setTimeout(resolve, 500));
        if (parameters.hold) await new Promise((_, reject) => context.signal.addEventListener('abort', () => reject(context.signal.reason), { once: true }));
        return { refreshed: parameters.key, attempt: context.attempt, account: context.accountId };
      },
      { description: 'Refreshes one cache entry (e2e).', inputSchema: { type: 'object', properties: { key: { type: 'string' }, hold: { type: 'boolean' } }, required: ['key'] } },
    );
    try {
      assert.throws(() => tasks.registerOperation(name, () => 1, { description: 'again' }), /already registered/);
      const events: TaskChangeEvent[] = [];
      const subscriptions: vscode.Disposable[] = [];
      tasks.onDidChangeTask((event) => events.push(event), undefined, subscriptions);
      const { task_id } = await tasks.enqueue({ operation: name, parameters: { key: 'users' }, account_id: ACCOUNT });
      const done = await waitForStatus(tasks, task_id, 'completed', 20_000);
      assert.deepEqual(done.result, { refreshed: 'users', attempt: 1, account: ACCOUNT });
      assert.ok(events.some((event) => event.task_id === task_id && event.kind === 'progress'), JSON.stringify(events));
      assert.equal(events.filter((event) => event.task_id === task_id).at(-1)?.kind, 'completed');
      for (const subscription of subscriptions) subscription.dispose();
      assert.ok(tasks.listTasks({ account_id: ACCOUNT, limit: 500 }).some((task) => task.task_id === task_id));

      const held = await tasks.enqueue({ operation: name, parameters: { key: 'orders', hold: true }, account_id: ACCOUNT });
      await waitForStatus(tasks, held.task_id, 'running', 10_000);
      await tasks.cancel(held.task_id);
      await waitForStatus(tasks, held.task_id, 'cancelled', 10_000);
      assert.equal((await tasks.retry(held.task_id)).status, 'queued');
      await waitForStatus(tasks, held.task_id, 'running', 10_000);
      await tasks.cancel(held.task_id);
      await waitForStatus(tasks, held.task_id, 'cancelled', 10_000);
    } finally {
      registration.dispose();
    }
    assert.ok(!tasks.operations.names().includes(name));
    // Once no live process offers it, enqueue refuses it.
    await waitFor('the operation to be withdrawn from the shared queue', () => !tasks.manager.knownOperations().includes(name), 20_000, 200);
    await assert.rejects(tasks.enqueue({ operation: name, parameters: { key: 'x' } }), /unknown operation/);
  });
});
