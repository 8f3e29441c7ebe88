import assert from 'node:assert/strict';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { describe, test } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { CacheManager } from '../../../src/core/CacheManager';
import { OperationRegistry } from '../../../src/core/operations/OperationRegistry';
import { shellOperation } from '../../../src/core/operations/shell';
import type { TaskStatus, TaskSummary } from '../../../src/core/types';
import { McpHttpEndpoint, privateSocketPath, type McpHttpEndpointOptions } from '../../../src/mcp/http/McpHttpEndpoint';
import { createMcpServer } from '../../../src/mcp/server/createMcpServer';
import { DEFAULT_ALLOWED_OPERATIONS, patternPolicy } from '../../../src/mcp/server/operationPolicy';
import { callError, callOk, openEngine, waitFor, type TestEngine } from './support';
import { describeToolSuite } from './toolSuite';

type Hooks = { after(fn: () => unknown): void };

async function startEndpoint(t: Hooks, engine: TestEngine, options: Partial<McpHttpEndpointOptions> = {}): Promise<McpHttpEndpoint> {
  const endpoint = await McpHttpEndpoint.start({
    createServer: () => createMcpServer({ manager: engine.manager, operations: engine.operations, version: '0.0.0-test' }),
    ...options,
  });
  t.after(() => endpoint.close());
  return endpoint;
}

async function connectClient(endpoint: McpHttpEndpoint, headers: Record<string, string> = { ...endpoint.headers }) {
  const client = new Client({ name: 'background-tasks-test', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(endpoint.url), { requestInit: { headers } });
  await client.connect(transport);
  return { client, transport, close: () => client.close() };
}

interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A hand-made HTTP request (fetch cannot forge Host): for the refusals. */
function raw(
  endpoint: McpHttpEndpoint,
  options: { method?: string; path?: string; headers?: Record<string, string | number>; body?: string | Buffer; socketPath?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        ...(options.socketPath ? { socketPath: options.socketPath } : { host: '127.0.0.1', port: endpoint.port }),
        method: options.method ?? 'POST',
        path: options.path ?? '/mcp',
        headers: options.headers,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
});

function postHeaders(endpoint: McpHttpEndpoint, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    Accept: 'application/json, text/event-stream',
    Host: `127.0.0.1:${endpoint.port}`,
    ...endpoint.headers,
    ...extra,
  };
}

describeToolSuite('Streamable HTTP (in-process endpoint)', async () => {
  const hooks: (() => unknown)[] = [];
  // Run in the order added, as node:test does (openEngine relies on it).
  const t = { after: (fn: () => unknown) => void hooks.push(fn) };
  const engine = await openEngine(t);
  const endpoint = await startEndpoint(t, engine);
  const connection = await connectClient(endpoint);
  return {
    client: connection.client,
    close: async () => {
      await connection.close();
      for (const hook of hooks) await hook();
    },
  };
});

describe('HTTP endpoint security', () => {
  test('the secret is random, at least 32 bytes, and sent as a Bearer Authorization header', async (t) => {
    const engine = await openEngine(t);
    const a = await startEndpoint(t, engine);
    const b = await startEndpoint(t, engine);
    const secretOf = (endpoint: McpHttpEndpoint) => endpoint.headers.Authorization!.replace(/^Bearer /, '');
    assert.ok(Buffer.from(secretOf(a), 'base64url').length >= 32);
    assert.notEqual(secretOf(a), secretOf(b));
    assert.match(a.url, /^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    await assert.rejects(McpHttpEndpoint.start({ createServer: () => assert.fail(), secret: 'short' }), /at least 32 bytes/);
  });

  test('initialize with the right secret succeeds (200 and an Mcp-Session-Id), even with a stale session id', async (t) => {
    const engine = await openEngine(t);
    const endpoint = await startEndpoint(t, engine);
    const ok = await raw(endpoint, { headers: postHeaders(endpoint), body: INITIALIZE });
    assert.equal(ok.status, 200, ok.body);
    assert.ok(ok.headers['mcp-session-id']);
    const stale = await raw(endpoint, { headers: postHeaders(endpoint, { 'Mcp-Session-Id': 'from-before-a-reload' }), body: INITIALIZE });
    assert.equal(stale.status, 200, 'a stale session id never makes initialize fail');
    assert.notEqual(stale.headers['mcp-session-id'], 'from-before-a-reload');
    const viaLocalhost = await raw(endpoint, { headers: postHeaders(endpoint, { Host: `localhost:${endpoint.port}` }), body: INITIALIZE });
    assert.equal(viaLocalhost.status, 200);
    assert.equal(endpoint.sessionCount, 3);
  });

  test('no secret, a wrong secret, a wrong Host, an Origin, an oversized body are refused; the server keeps serving', async (t) => {
    const engine = await openEngine(t);
    const endpoint = await startEndpoint(t, engine, { maxBodyBytes: 64 * 1024 });
    const good = await connectClient(endpoint);
    t.after(() => good.close());
    await callOk(good.client, 'cache_task_list');
    const { Authorization: _omit, ...withoutSecret } = postHeaders(endpoint);

    const cases: [string, Promise<RawResponse>, number, RegExp][] = [
      ['no secret', raw(endpoint, { headers: withoutSecret, body: INITIALIZE }), 401, /Unauthorized/],
      ['wrong secret', raw(endpoint, { headers: postHeaders(endpoint, { Authorization: `Bearer ${'x'.repeat(43)}` }), body: INITIALIZE }), 401, /Unauthorized/],
      ['secret in another scheme', raw(endpoint, { headers: postHeaders(endpoint, { Authorization: endpoint.headers.Authorization!.replace('Bearer', 'Basic') }), body: INITIALIZE }), 401, /Unauthorized/],
      ['DNS-rebinding Host', raw(endpoint, { headers: postHeaders(endpoint, { Host: `evil.example:${endpoint.port}` }), body: INITIALIZE }), 403, /Host/],
      ['Host with another port', raw(endpoint, { headers: postHeaders(endpoint, { Host: `127.0.0.1:${endpoint.port! + 1}` }), body: INITIALIZE }), 403, /Host/],
      ['a web page (Origin)', raw(endpoint, { headers: postHeaders(endpoint, { Origin: 'http://evil.example' }), body: INITIALIZE }), 403, /Origin/],
      ['Origin null', raw(endpoint, { headers: postHeaders(endpoint, { Origin: 'null' }), body: INITIALIZE }), 403, /Origin/],
      ['oversized body (declared)', raw(endpoint, { headers: postHeaders(endpoint), body: Buffer.alloc(200 * 1024, 0x20) }), 413, /Payload Too Large/],
      ['oversized body (chunked)', raw(endpoint, { headers: postHeaders(endpoint, { 'Transfer-Encoding': 'chunked' }), body: Buffer.alloc(200 * 1024, 0x20) }), 413, /Payload Too Large/],
      ['another path', raw(endpoint, { path: '/other', headers: postHeaders(endpoint), body: INITIALIZE }), 404, /Not Found/],
      ['another method', raw(endpoint, { method: 'PUT', headers: postHeaders(endpoint), body: INITIALIZE }), 405, /Method Not Allowed/],
      ['not JSON', raw(endpoint, { headers: postHeaders(endpoint), body: '{nope' }), 400, /Parse error/],
      ['no session, not initialize', raw(endpoint, { headers: postHeaders(endpoint), body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }) }), 400, /send initialize first/],
      ['unknown session', raw(endpoint, { headers: postHeaders(endpoint, { 'Mcp-Session-Id': 'nope' }), body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }) }), 404, /Session not found/],
      ['GET without session', raw(endpoint, { method: 'GET', headers: postHeaders(endpoint) }), 400, /Mcp-Session-Id/],
    ];
    for (const [what, response, status, message] of cases) {
      const { status: got, body, headers } = await response;
      assert.equal(got, status, `${what}: ${body}`);
      assert.match(JSON.parse(body).error.message, message, what);
      if (status === 401) assert.equal(headers['www-authenticate'], 'Bearer');
    }
    assert.equal(endpoint.sessionCount, 1, 'no refused request created a session');
    const tasks = await callOk<{ tasks: TaskSummary[] }>(good.client, 'cache_task_list');
    assert.ok(Array.isArray(tasks.tasks), 'the good client is still served');
    const again = await connectClient(endpoint);
    await callOk(again.client, 'cache_operation_list');
    await again.close();
  });

  test('a client without the secret cannot connect; the SDK reports it as unauthorized', async (t) => {
    const engine = await openEngine(t);
    const endpoint = await startEndpoint(t, engine);
    await assert.rejects(connectClient(endpoint, {}), /401|Unauthorized/i);
    await assert.rejects(connectClient(endpoint, { Authorization: 'Bearer wrong' }), /401|Unauthorized/i);
  });

  test('idle sessions are closed; a connected client (with its GET stream open) is not idle', async (t) => {
    const engine = await openEngine(t);
    const endpoint = await startEndpoint(t, engine, { sessionIdleMs: 150 });
    // A client that initialized and went away without DELETE: closed after the idle time.
    const abandoned = await raw(endpoint, { headers: postHeaders(endpoint), body: INITIALIZE });
    assert.equal(abandoned.status, 200);
    assert.equal(endpoint.sessionCount, 1);
    await waitFor(() => endpoint.sessionCount === 0, 'the idle session to be closed');
    const late = await raw(endpoint, {
      headers: postHeaders(endpoint, { 'Mcp-Session-Id': String(abandoned.headers['mcp-session-id']) }),
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    assert.equal(late.status, 404, 'its id is now unknown: the client must initialize again');

    // The SDK client keeps a GET stream open, as VS Code does: it stays, however long it is quiet.
    const connected = await connectClient(endpoint);
    await callOk(connected.client, 'cache_task_list');
    const quietUntil = Date.now() + 600;
    await waitFor(() => Date.now() > quietUntil, 'four idle periods');
    assert.equal(endpoint.sessionCount, 1);
    await callOk(connected.client, 'cache_task_list');
    // Once it goes away without DELETE (its stream closes), the session is closed after the idle time.
    await connected.close();
    await waitFor(() => endpoint.sessionCount === 0, 'the abandoned session to be closed');
  });

  test('DELETE ends a session; sessions are separate McpServers; the oldest is closed past maxSessions', async (t) => {
    const engine = await openEngine(t);
    const endpoint = await startEndpoint(t, engine, { maxSessions: 2 });
    const a = await connectClient(endpoint);
    const b = await connectClient(endpoint);
    assert.equal(endpoint.sessionCount, 2);
    await b.transport.terminateSession();
    await waitFor(() => endpoint.sessionCount === 1, 'DELETE to end the session');
    const c = await connectClient(endpoint);
    const d = await connectClient(endpoint);
    assert.equal(endpoint.sessionCount, 2, 'the least recently used session made room');
    await assert.rejects(a.client.callTool({ name: 'cache_task_list', arguments: {} }), /404|Session not found/);
    await callOk(c.client, 'cache_task_list');
    await callOk(d.client, 'cache_task_list');
    for (const connection of [a, b, c, d]) await connection.close();
  });

  test('close() ends every session and stops listening', async (t) => {
    const engine = await openEngine(t);
    const endpoint = await startEndpoint(t, engine);
    const client = await connectClient(endpoint);
    await endpoint.close();
    assert.equal(endpoint.sessionCount, 0);
    await assert.rejects(client.client.callTool({ name: 'cache_task_list', arguments: {} }));
    await assert.rejects(raw(endpoint, { headers: postHeaders(endpoint), body: INITIALIZE }), /ECONNREFUSED/);
  });

  test('a private Unix socket works the same way, with the secret required', { skip: process.platform === 'win32' }, async (t) => {
    const engine = await openEngine(t);
    const socket = privateSocketPath();
    t.after(() => socket.dispose());
    const endpoint = await startEndpoint(t, engine, { socketPath: socket.socketPath });
    const headers = { ...postHeaders(endpoint), Host: 'localhost' };
    const ok = await raw(endpoint, { socketPath: socket.socketPath, headers, body: INITIALIZE });
    assert.equal(ok.status, 200, ok.body);
    const refused = await raw(endpoint, { socketPath: socket.socketPath, headers: { ...headers, Authorization: 'Bearer nope' }, body: INITIALIZE });
    assert.equal(refused.status, 401);
    const origin = await raw(endpoint, { socketPath: socket.socketPath, headers: { ...headers, Origin: 'http://evil.example' }, body: INITIALIZE });
    assert.equal(origin.status, 403);
  });
});

describe('MCP tools and the engine they share', () => {
  test('a task enqueued over MCP is in the engine and on disk when enqueue answers; engine tasks show in cache_task_list', async (t) => {
    const engine = await openEngine(t);
    const endpoint = await startEndpoint(t, engine);
    const { client, close } = await connectClient(endpoint);
    t.after(close);
    const { task_id } = await callOk<{ task_id: string }>(client, 'cache_task_enqueue', {
      operation: 'demo.wait', parameters: { duration_ms: 5 }, delay_ms: 3_600_000,
    });
    assert.equal(engine.manager.getTaskStatus(task_id).status, 'queued');
    // Another reader of the same file (as another process would be) already sees it: enqueue waited for whenDurable.
    const reader = await CacheManager.open({ file: engine.file, operations: new OperationRegistry() });
    try {
      assert.equal(reader.getTaskStatus(task_id).operation, 'demo.wait');
    } finally {
      await reader.close();
    }
    const direct = await engine.manager.enqueueTask({ operation: 'demo.wait', parameters: { duration_ms: 5 }, account_id: 'direct', delay_ms: 3_600_000 });
    const listed = await callOk<{ tasks: TaskSummary[] }>(client, 'cache_task_list', { account_id: 'direct' });
    assert.deepEqual(listed.tasks.map((task) => task.task_id), [direct.task_id]);
    const status = await callOk<TaskStatus>(client, 'cache_task_get_status', { task_id: direct.task_id });
    assert.deepEqual(status, JSON.parse(JSON.stringify(engine.manager.getTaskStatus(direct.task_id))));
  });

  test('allowedOperations: enqueue refuses other operations with a clear message; cache_operation_list hides them', async (t) => {
    const engine = await openEngine(t, [shellOperation]);
    let patterns: string[] = ['demo.*'];
    const policy = patternPolicy(() => patterns, 'the setting backgroundTasks.mcp.allowedOperations');
    const endpoint = await McpHttpEndpoint.start({
      createServer: () => createMcpServer({ manager: engine.manager, operations: engine.operations, version: 'test', policy }),
    });
    t.after(() => endpoint.close());
    const { client, close } = await connectClient(endpoint);
    t.after(close);
    assert.equal(
      await callError(client, 'cache_task_enqueue', { operation: 'shell', parameters: { command: 'echo hi' } }),
      'operation: "shell" is not allowed for MCP clients by the setting backgroundTasks.mcp.allowedOperations; allowed operations: demo.wait',
    );
    const listed = await callOk<{ operations: { name: string }[] }>(client, 'cache_operation_list');
    assert.deepEqual(listed.operations.map((operation) => operation.name), ['demo.wait']);
    assert.equal(engine.manager.listTasks().length, 0, 'nothing was enqueued');
    await callOk(client, 'cache_task_enqueue', { operation: 'demo.wait', parameters: { duration_ms: 1 } });
    patterns = [];
    assert.match(await callError(client, 'cache_task_enqueue', { operation: 'demo.wait', parameters: { duration_ms: 1 } }), /allowed operations: \(none\)$/);
    patterns = ['*'];
    const all = await callOk<{ operations: { name: string }[] }>(client, 'cache_operation_list');
    assert.deepEqual(all.operations.map((operation) => operation.name), ['demo.wait', 'shell'], 'a changed setting applies at once');
    patterns = [...DEFAULT_ALLOWED_OPERATIONS];
    const byDefault = await callOk<{ operations: { name: string }[] }>(client, 'cache_operation_list');
    assert.deepEqual(byDefault.operations.map((operation) => operation.name), ['demo.wait'], 'by default, operations that run arbitrary commands are excluded');
    assert.match(await callError(client, 'cache_task_enqueue', { operation: 'shell', parameters: { command: 'echo hi' } }), /"shell" is not allowed for MCP clients/);
  });

  test('an unexpected error is an isError result (and logged); a closed database is a plain refusal', async (t) => {
    const broken = {
      name: 'broken',
      description: 'Its validation throws a plain TypeError.',
      inputSchema: { type: 'object' },
      validate: () => {
        throw new TypeError('boom');
      },
      handler: () => undefined,
    };
    const engine = await openEngine(t, [broken]);
    const errors: string[] = [];
    const logger = { trace() {}, debug() {}, info() {}, warn() {}, error: (message: string | Error) => void errors.push(String(message)) };
    const endpoint = await McpHttpEndpoint.start({
      createServer: () => createMcpServer({ manager: engine.manager, operations: engine.operations, version: 'test', logger }),
    });
    t.after(() => endpoint.close());
    const { client, close } = await connectClient(endpoint);
    t.after(close);
    assert.equal(await callError(client, 'cache_task_enqueue', { operation: 'broken' }), 'cache_task_enqueue failed: boom');
    assert.equal(errors.length, 1);
    assert.match(errors[0]!, /MCP tool cache_task_enqueue failed: TypeError: boom/);
    await engine.close(); // the database is closed under the tools' feet
    assert.match(await callError(client, 'cache_task_list', {}), /closed/);
    assert.equal(await callError(client, 'cache_task_get_status', { task_id: 5 }), 'task_id: must be a string');
    assert.equal(errors.length, 1, 'refusals by the engine are not logged as errors');
  });
});
