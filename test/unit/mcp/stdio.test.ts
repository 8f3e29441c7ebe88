// The headless server, built for real and spawned: the tool suite over stdio, and the HTTP mode's contract.
import assert from 'node:assert/strict';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CacheManager } from '../../../src/core/CacheManager';
import { OperationRegistry } from '../../../src/core/operations/OperationRegistry';
import type { TaskStatus } from '../../../src/core/types';
import { buildCli, callError, callOk, pollStatus, tempDir } from './support';
import { describeToolSuite } from './toolSuite';

async function stdioClient(cli: string, storage: string, extra: string[] = []) {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [cli, 'serve', '--storage', storage, '--stdio', ...extra],
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const client = new Client({ name: 'background-tasks-test', version: '1.0.0' });
  await client.connect(transport);
  return { client, transport, stderr: () => stderr };
}

describeToolSuite('stdio (node dist/cli.js serve --stdio)', async () => {
  const cli = await buildCli();
  const storage = mkdtempSync(path.join(tmpdir(), 'bt-stdio-'));
  const { client } = await stdioClient(cli, storage);
  return {
    client,
    close: async () => {
      await client.close();
      rmSync(storage, { recursive: true, force: true });
    },
  };
});

interface HttpServe {
  child: ChildProcessByStdio<null, Readable, Readable>;
  url: string;
  headers: Record<string, string>;
  stdoutLines: () => string[];
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function serveHttp(cli: string, storage: string, extra: string[] = []): Promise<HttpServe> {
  const child = spawn(process.execPath, [cli, 'serve', '--storage', storage, '--http', '0', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const firstLine = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      if (stdout.includes('\n')) resolve(stdout.slice(0, stdout.indexOf('\n')));
    });
    void exit.then(() => reject(new Error(`serve exited early: ${stderr}`)));
  });
  const { url, headers } = JSON.parse(firstLine) as { url: string; headers: Record<string, string> };
  return { child, url, headers, stdoutLines: () => stdout.split('\n').filter(Boolean), stderr: () => stderr, exit };
}

async function httpClient(server: HttpServe): Promise<Client> {
  const client = new Client({ name: 'background-tasks-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: server.headers } }));
  return client;
}

describe('headless server', () => {
  test('--http prints exactly one JSON line {url, headers} first; logs go to stderr; SIGTERM flushes and exits 0', async (t) => {
    const cli = await buildCli();
    const storage = tempDir(t);
    const server = await serveHttp(cli, storage);
    t.after(() => server.child.kill('SIGKILL'));
    assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    assert.deepEqual(Object.keys(server.headers), ['Authorization']);
    assert.match(server.headers.Authorization!, /^Bearer [A-Za-z0-9_-]{43}$/);

    const client = await httpClient(server);
    const { task_id } = await callOk<{ task_id: string }>(client, 'cache_task_enqueue', {
      operation: 'demo.wait', parameters: { duration_ms: 5 }, delay_ms: 3_600_000, account_id: 'headless',
    });
    const ops = await callOk<{ operations: { name: string }[] }>(client, 'cache_operation_list');
    assert.deepEqual(ops.operations.map((operation) => operation.name), ['demo.wait'], 'no shell without --allow-shell');
    assert.match(await callError(client, 'cache_task_enqueue', { operation: 'shell', parameters: { command: 'echo hi' } }), /unknown operation "shell"/);
    await client.close();

    server.child.kill('SIGTERM');
    assert.deepEqual(await server.exit, { code: 0, signal: null });
    assert.equal(server.stdoutLines().length, 1, `stdout has only the JSON line: ${server.stdoutLines().join(' | ')}`);
    assert.match(server.stderr(), /SIGTERM: shutting down/);
    assert.match(server.stderr(), /stopped/);
    const reader = await CacheManager.open({ file: path.join(storage, 'tasks.db'), operations: new OperationRegistry() });
    try {
      assert.equal(reader.getTaskStatus(task_id).account_id, 'headless', 'the task is in DIR/tasks.db after exit');
    } finally {
      await reader.close();
    }
  });

  test('SIGINT while a task runs: the worker stops, the database is flushed, exit 0', async (t) => {
    const cli = await buildCli();
    const storage = tempDir(t);
    const server = await serveHttp(cli, storage);
    t.after(() => server.child.kill('SIGKILL'));
    const client = await httpClient(server);
    const { task_id } = await callOk<{ task_id: string }>(client, 'cache_task_enqueue', {
      operation: 'demo.wait', parameters: { duration_ms: 600_000, steps: 600 },
    });
    await pollStatus(client, task_id, (status) => status.status === 'running', 'the task to start');
    await client.close();
    server.child.kill('SIGINT');
    assert.deepEqual(await server.exit, { code: 0, signal: null });
    const reader = await CacheManager.open({ file: path.join(storage, 'tasks.db'), operations: new OperationRegistry() });
    try {
      const status = reader.getTaskStatus(task_id);
      assert.notEqual(status.status, 'completed', JSON.stringify(status));
    } finally {
      await reader.close();
    }
  });

  test('--allow-shell offers `shell`: a command runs with its output captured; cancel kills the process group', { skip: process.platform === 'win32' }, async (t) => {
    const cli = await buildCli();
    const storage = tempDir(t);
    const { client } = await stdioClient(cli, storage, ['--allow-shell']);
    t.after(() => client.close());
    const ops = await callOk<{ operations: { name: string; input_schema: { required: string[] } }[] }>(client, 'cache_operation_list');
    assert.deepEqual(ops.operations.map((operation) => operation.name), ['demo.wait', 'shell']);
    assert.deepEqual(ops.operations[1]!.input_schema.required, ['command']);

    const echo = await callOk<{ task_id: string }>(client, 'cache_task_enqueue', {
      operation: 'shell', parameters: { command: 'printf "%s|%s" "$0" hello; echo oops >&2', cwd: storage },
    });
    const done = (await pollStatus(client, echo.task_id, (status) => status.status === 'completed' || status.status === 'failed', 'echo')).at(-1)!;
    assert.equal(done.status, 'completed', JSON.stringify(done));
    const result = done.result as { exit_code: number; stdout: string; stderr: string; cwd: string };
    assert.equal(result.exit_code, 0);
    assert.match(result.stdout, /\|hello$/);
    assert.equal(result.stderr, 'oops\n');
    assert.equal(result.cwd, storage);

    const pidFile = path.join(storage, 'child.pid');
    const sleeper = await callOk<{ task_id: string }>(client, 'cache_task_enqueue', {
      operation: 'shell', parameters: { command: `sleep 300 & echo $! > ${pidFile}; wait` },
    });
    await pollStatus(client, sleeper.task_id, (status) => status.status === 'running' && existsSync(pidFile), 'the command to start');
    const { readFileSync } = await import('node:fs');
    const grandchild = Number(readFileSync(pidFile, 'utf8').trim());
    assert.ok(grandchild > 0 && isAlive(grandchild));
    await callOk(client, 'cache_task_cancel', { task_id: sleeper.task_id });
    const cancelled = (await pollStatus(client, sleeper.task_id, (status) => status.status !== 'running', 'the cancel')).at(-1)!;
    assert.equal(cancelled.status, 'cancelled');
    const deadline = Date.now() + 5000;
    while (isAlive(grandchild) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(isAlive(grandchild), false, 'the whole process group was killed, not just the shell');

    const failing = await callOk<{ task_id: string }>(client, 'cache_task_enqueue', {
      operation: 'shell', parameters: { command: 'echo broken >&2; exit 3' }, max_retries: 0,
    });
    const failed = (await pollStatus(client, failing.task_id, (status) => status.status === 'failed', 'the failure')).at(-1)! as TaskStatus;
    assert.equal(failed.error, 'command exited with code 3: broken');
    assert.match(
      await callError(client, 'cache_task_enqueue', { operation: 'shell', parameters: { command: '' } }),
      /^parameters\.command: must be a non-empty string$/,
    );
    assert.match(
      await callError(client, 'cache_task_enqueue', { operation: 'shell', parameters: { command: 'true', cwd: path.join(storage, 'nope') } }),
      /^parameters\.cwd: folder .*nope does not exist$/,
    );
  });

  test('bad arguments: a clear error and the usage on stderr, nothing on stdout, exit code 2', async () => {
    const cli = await buildCli();
    const cases: [string[], RegExp][] = [
      [[], /missing command: expected "serve"/],
      [['start'], /unknown command "start"/],
      [['serve', '--stdio'], /--storage DIR is required/],
      [['serve', '--storage', '/tmp/x'], /give --stdio or --http PORT/],
      [['serve', '--storage', '/tmp/x', '--stdio', '--http', '1'], /either --stdio or --http PORT, not both/],
      [['serve', '--storage', '/tmp/x', '--http', 'abc'], /--http: port must be an integer from 0 to 65535, not "abc"/],
      [['serve', '--storage', '/tmp/x', '--http', '70000'], /port must be an integer from 0 to 65535/],
      [['serve', '--storage'], /--storage needs a value/],
      [['serve', '--storage', '/tmp/x', '--stdio', '--shell'], /unknown option --shell/],
    ];
    for (const [args, message] of cases) {
      const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
      const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
      assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
      assert.match(stderr, message, args.join(' '));
      assert.match(stderr, /Usage:/);
      assert.equal(stdout, '');
    }
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
