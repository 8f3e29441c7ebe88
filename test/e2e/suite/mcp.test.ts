// The MCP server inside VS Code: VS Code's own MCP client starts it through the extension's server definition
// provider, its tools appear in vscode.lm.tools, and invoking cache_task_list returns the engine's tasks.
import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { notes } from './runner';
import { api, waitFor } from './support';

const TOOL_NAMES = ['cache_task_get_status', 'cache_task_list', 'cache_task_enqueue', 'cache_task_cancel', 'cache_task_retry', 'cache_operation_list'];

/** MCP tools show in vscode.lm.tools under a prefixed name (mcp_<server>_<tool>). */
function findTool(name: string): vscode.LanguageModelToolInformation | undefined {
  return vscode.lm.tools.find((tool) => tool.name === name || tool.name.endsWith(`_${name}`));
}

/** What invokeTool returned, as JSON: VS Code hands the model JSON.stringify(structuredContent). */
function resultJson(result: vscode.LanguageModelToolResult): unknown[] {
  const parsed: unknown[] = [];
  for (const part of result.content) {
    if (part instanceof vscode.LanguageModelTextPart) {
      try {
        parsed.push(JSON.parse(part.value));
      } catch {
        // not JSON (a note for the UI)
      }
    }
  }
  return parsed;
}

async function startServer(): Promise<void> {
  await vscode.commands.executeCommand('workbench.mcp.startServer', '*', { waitForLiveTools: true, autoTrustChanges: true });
}

describe('MCP server (VS Code starts it through the provider)', () => {
  it('workbench.mcp.startServer starts it and its six tools appear in vscode.lm.tools', async function () {
    this.timeout(90_000);
    await api();
    await startServer();
    await waitFor('the MCP tools in vscode.lm.tools', () => TOOL_NAMES.every((name) => findTool(name)), 45_000, 200);
    notes.mcpToolNames = TOOL_NAMES.map((name) => findTool(name)!.name);
    const list = findTool('cache_task_list')!;
    assert.match(list.description, /List background tasks/);
    const schema = list.inputSchema as { properties?: Record<string, unknown> } | undefined;
    assert.ok(schema?.properties && 'status' in schema.properties && 'account_id' in schema.properties, JSON.stringify(schema));
  });

  it('vscode.lm.invokeTool on cache_task_list returns the tasks the engine holds', async function () {
    this.timeout(60_000);
    const tasks = await api();
    const account = `e2e-mcp-${Date.now()}`;
    const first = await tasks.enqueue({ operation: 'demo.wait', parameters: { duration_ms: 1 }, account_id: account, delay_ms: 3_600_000 });
    const second = await tasks.enqueue({ operation: 'demo.wait', parameters: { duration_ms: 1 }, account_id: account, delay_ms: 3_600_000 });
    try {
      await startServer();
      const tool = await waitFor('cache_task_list in vscode.lm.tools', () => findTool('cache_task_list'), 45_000, 200);
      const result = await vscode.lm.invokeTool(tool.name, { input: { account_id: account }, toolInvocationToken: undefined });
      const listed = resultJson(result).find((value): value is { tasks: { task_id: string; status: string }[] } =>
        Boolean(value && typeof value === 'object' && Array.isArray((value as { tasks?: unknown }).tasks)),
      );
      assert.ok(listed, `a {tasks: [...]} result: ${JSON.stringify(result.content)}`);
      assert.deepEqual(
        listed.tasks.map((task) => task.task_id),
        [second.task_id, first.task_id],
        'newest first, exactly the engine\'s tasks of that account',
      );
      assert.ok(listed.tasks.every((task) => task.status === 'queued'));

      const statusTool = findTool('cache_task_get_status')!;
      const status = resultJson(await vscode.lm.invokeTool(statusTool.name, { input: { task_id: first.task_id }, toolInvocationToken: undefined }));
      assert.ok(
        status.some((value) => (value as { task_id?: string }).task_id === first.task_id),
        `cache_task_get_status returned the task: ${JSON.stringify(status)}`,
      );
    } finally {
      await tasks.manager.cancelTask(first.task_id).catch(() => undefined);
      await tasks.manager.cancelTask(second.task_id).catch(() => undefined);
    }
  });

  it('backgroundTasks.mcp.allowedOperations limits what cache_operation_list offers, applied at once', async function () {
    this.timeout(60_000);
    await api();
    await startServer();
    const tool = await waitFor('cache_operation_list in vscode.lm.tools', () => findTool('cache_operation_list'), 45_000, 200);
    const names = async () => {
      const result = resultJson(await vscode.lm.invokeTool(tool.name, { input: {}, toolInvocationToken: undefined }));
      const listed = result.find((value) => Array.isArray((value as { operations?: unknown })?.operations)) as { operations: { name: string }[] } | undefined;
      assert.ok(listed, JSON.stringify(result));
      return listed.operations.map((operation) => operation.name);
    };
    assert.ok((await names()).includes('demo.wait'));
    const settings = () => vscode.workspace.getConfiguration('backgroundTasks.mcp');
    await settings().update('allowedOperations', ['none.*'], vscode.ConfigurationTarget.Global);
    try {
      await waitFor('the setting to apply', async () => (await names()).length === 0, 10_000, 100);
    } finally {
      await settings().update('allowedOperations', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.ok((await names()).includes('demo.wait'));
  });

  it('backgroundTasks.mcp.enabled = false removes the server and its tools; true brings them back', async function () {
    this.timeout(90_000);
    await api();
    const settings = () => vscode.workspace.getConfiguration('backgroundTasks.mcp');
    await settings().update('enabled', false, vscode.ConfigurationTarget.Global);
    try {
      await waitFor('the tools to go', () => !findTool('cache_task_list'), 30_000, 200);
    } finally {
      await settings().update('enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    await startServer();
    await waitFor('the tools to come back', () => findTool('cache_task_list'), 45_000, 200);
  });
});
