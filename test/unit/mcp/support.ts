// Helpers for the MCP tests: a real engine in a temp folder, the SDK's real Client, the headless CLI built for real.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { build } from 'esbuild';
import type { OperationDefinition, TaskStatus } from '../../../src/core/types';
import { type Engine, openEngine as openSharedEngine } from '../../support/engine';

export const REPO = path.resolve(__dirname, '../../..');

type Hooks = { after(fn: () => unknown): void };

export function tempDir(t: Hooks, prefix = 'bt-mcp-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export type TestEngine = Engine;

/** The shared test engine (test/support/engine.ts) with a fast tick, as the MCP tests poll tasks through the tools. */
export function openEngine(t: Hooks, extraOperations: OperationDefinition[] = []): Promise<TestEngine> {
  return openSharedEngine(t, { operations: extraOperations, worker: { tickMs: 50 } });
}

/** Calls a tool that must succeed; checks the text is the same JSON as structuredContent; returns structuredContent. */
export async function callOk<T = Record<string, unknown>>(client: Client, name: string, args: Record<string, unknown> = {}): Promise<T> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  assert.notEqual(result.isError, true, `${name} failed: ${JSON.stringify(result.content)}`);
  assert.ok(result.structuredContent, `${name} returned structuredContent`);
  const text = result.content.find((item) => item.type === 'text');
  assert.ok(text && text.type === 'text', `${name} returned text content`);
  assert.deepEqual(JSON.parse(text.text), result.structuredContent, 'the text is the same JSON as structuredContent');
  return result.structuredContent as T;
}

/** Calls a tool that must fail with an isError result (not a JSON-RPC error); returns its message. */
export async function callError(client: Client, name: string, args: Record<string, unknown>): Promise<string> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  assert.equal(result.isError, true, `${name}(${JSON.stringify(args)}) should fail, got ${JSON.stringify(result.structuredContent)}`);
  const text = result.content.find((item) => item.type === 'text');
  assert.ok(text && text.type === 'text');
  return text.text;
}

/** Polls cache_task_get_status until `done` holds (or the deadline passes); returns every status seen. */
export async function pollStatus(
  client: Client,
  taskId: string,
  done: (status: TaskStatus) => boolean,
  what: string,
  timeoutMs = 15_000,
): Promise<TaskStatus[]> {
  const seen: TaskStatus[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await callOk<TaskStatus>(client, 'cache_task_get_status', { task_id: taskId });
    seen.push(status);
    if (done(status)) return seen;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}; last status ${JSON.stringify(status)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let cliBuild: Promise<string> | undefined;

/**
 * Builds src/cli.ts exactly as esbuild.mjs does, into a temp folder (with sql-wasm.wasm beside it), once per test
 * process: the tests run the real bundle without racing anyone else's `node esbuild.mjs` over dist/.
 */
export function buildCli(): Promise<string> {
  cliBuild ??= (async () => {
    const out = mkdtempSync(path.join(tmpdir(), 'bt-cli-build-'));
    process.once('exit', () => rmSync(out, { recursive: true, force: true }));
    const require = createRequire(__filename);
    copyFileSync(path.join(path.dirname(require.resolve('sql.js')), 'sql-wasm.wasm'), path.join(out, 'sql-wasm.wasm'));
    const outfile = path.join(out, 'cli.js');
    await build({
      entryPoints: [path.join(REPO, 'src/cli.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: ['vscode'],
      banner: { js: '#!/usr/bin/env node' },
      logLevel: 'error',
    });
    return outfile;
  })();
  return cliBuild;
}
