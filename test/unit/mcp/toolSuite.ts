// The same tool tests over every transport: the caller says how to get a connected Client to a fresh engine.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { TaskStatus, TaskSummary } from '../../../src/core/types';
import { callError, callOk, pollStatus } from './support';

export interface Connection {
  client: Client;
  close(): Promise<void>;
}

export const TOOL_NAMES = [
  'cache_task_get_status',
  'cache_task_list',
  'cache_task_enqueue',
  'cache_task_cancel',
  'cache_task_retry',
  'cache_operation_list',
];

const SEED_ANNOTATIONS = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

export function describeToolSuite(transport: string, connect: () => Promise<Connection>): void {
  describe(`MCP tools over ${transport}`, () => {
    let connection: Connection;
    let client: Client;
    let tools: Map<string, Tool>;

    before(async () => {
      connection = await connect();
      client = connection.client;
      // Listing first also makes the SDK client validate every structuredContent against its outputSchema.
      tools = new Map((await client.listTools()).tools.map((tool) => [tool.name, tool]));
    });
    after(() => connection?.close());

    test('tools/list shows the six tools with names, annotations, _meta and schemas', () => {
      assert.deepEqual([...tools.keys()], TOOL_NAMES);
      for (const [name, title] of [
        ['cache_task_get_status', 'Get Cache Task Status'],
        ['cache_task_list', 'List Cache Tasks'],
      ] as const) {
        const tool = tools.get(name)!;
        assert.deepEqual(tool.annotations, { title, ...SEED_ANNOTATIONS }, `${name} carries the seed's annotations`);
        assert.deepEqual(tool._meta, { category: 'cache', safety_level: 'safe' });
      }
      const enqueue = tools.get('cache_task_enqueue')!;
      assert.equal(enqueue.annotations?.readOnlyHint, false, 'enqueue is not read-only (VS Code asks before it runs)');
      assert.equal(tools.get('cache_task_cancel')!.annotations?.destructiveHint, true, 'cancel is destructive');
      assert.equal(tools.get('cache_task_retry')!.annotations?.readOnlyHint, false);
      assert.equal(tools.get('cache_operation_list')!.annotations?.readOnlyHint, true);
      for (const tool of tools.values()) {
        assert.ok(tool.title && tool.annotations?.title, `${tool.name} has a title`);
        assert.ok(tool.description && tool.description.length > 150, `${tool.name} has a description written for a model`);
        assert.equal(tool.inputSchema.type, 'object');
        assert.equal(tool.inputSchema.additionalProperties, false, `${tool.name} refuses unknown arguments`);
        assert.equal(tool.outputSchema?.type, 'object', `${tool.name} has an outputSchema`);
        assert.equal((tool._meta as Record<string, unknown>).category, 'cache');
      }
      assert.match(enqueue.description!, /poll cache_task_get_status/);
      const enqueueProps = enqueue.inputSchema.properties as Record<string, Record<string, unknown>>;
      assert.deepEqual(Object.keys(enqueueProps).sort(), [
        'account_id', 'dedup_key', 'delay_ms', 'max_retries', 'operation', 'parameters', 'priority', 'timeout_ms',
      ]);
      assert.deepEqual(enqueue.inputSchema.required, ['operation']);
      assert.equal(enqueueProps.priority!.type, 'integer');
      assert.equal(enqueueProps.priority!.minimum, 1);
      assert.equal(enqueueProps.priority!.maximum, 10);
      assert.equal(enqueueProps.parameters!.type, 'object');
      assert.ok(enqueueProps.operation!.description, 'arguments are described');
      assert.deepEqual(tools.get('cache_task_get_status')!.inputSchema.required, ['task_id']);
      const listProps = tools.get('cache_task_list')!.inputSchema.properties as Record<string, Record<string, unknown>>;
      assert.deepEqual(Object.keys(listProps).sort(), ['account_id', 'limit', 'status']);
      assert.equal(tools.get('cache_task_list')!.inputSchema.required, undefined, 'account_id is optional now');
      const statusProps = tools.get('cache_task_get_status')!.outputSchema!.properties as Record<string, unknown>;
      for (const field of ['task_id', 'status', 'progress', 'created_at', 'completed_at', 'result', 'error']) {
        assert.ok(field in statusProps, `status output has the seed's field ${field}`);
      }
    });

    test('cache_operation_list returns the operations with description and input schema', async () => {
      const { operations } = await callOk<{ operations: { name: string; description: string; input_schema: Record<string, unknown> }[] }>(
        client,
        'cache_operation_list',
      );
      const demo = operations.find((operation) => operation.name === 'demo.wait');
      assert.ok(demo, 'demo.wait is listed');
      assert.match(demo.description, /Waits/);
      assert.deepEqual((demo.input_schema as { required: string[] }).required, ['duration_ms']);
      assert.match(await callError(client, 'cache_operation_list', { extra: 1 }), /^extra: is not a known field$/);
    });

    test('cache_task_get_status: an unknown id and bad arguments are isError results naming the field and rule', async () => {
      assert.equal(await callError(client, 'cache_task_get_status', { task_id: 'no-such-task' }), 'Task no-such-task not found');
      assert.equal(await callError(client, 'cache_task_get_status', { task_id: 42 }), 'task_id: must be a string');
      assert.equal(await callError(client, 'cache_task_get_status', {}), 'task_id: is required');
      assert.equal(await callError(client, 'cache_task_get_status', { task_id: '' }), 'task_id: must be a non-empty string');
      assert.equal(await callError(client, 'cache_task_get_status', { task_id: 'x', verbose: true }), 'verbose: is not a known field');
    });

    test('cache_task_enqueue: good input is queued and durable; bad input names the field and rule', async () => {
      const queued = await callOk<{ task_id: string; status: string; deduplicated: boolean }>(client, 'cache_task_enqueue', {
        operation: 'demo.wait',
        parameters: { duration_ms: 10 },
        account_id: 'suite-account',
        priority: 2,
        delay_ms: 3_600_000,
        dedup_key: 'suite-dedup',
      });
      assert.equal(queued.status, 'queued');
      assert.equal(queued.deduplicated, false);
      const again = await callOk<{ task_id: string; deduplicated: boolean }>(client, 'cache_task_enqueue', {
        operation: 'demo.wait',
        parameters: { duration_ms: 10 },
        dedup_key: 'suite-dedup',
      });
      assert.deepEqual([again.task_id, again.deduplicated], [queued.task_id, true], 'the same dedup_key returns the existing task');
      const status = await callOk<TaskStatus>(client, 'cache_task_get_status', { task_id: queued.task_id });
      assert.equal(status.priority, 2);
      assert.equal(status.account_id, 'suite-account');
      assert.match(status.waiting_reason ?? '', /delayed until/);

      const unknown = await callError(client, 'cache_task_enqueue', { operation: 'no.such.op' });
      assert.match(unknown, /^operation: unknown operation "no.such.op"; known operations: .*demo\.wait/);
      assert.equal(await callError(client, 'cache_task_enqueue', { operation: 'demo.wait', priority: 11 }), 'priority: must be between 1 (highest) and 10 (lowest)');
      assert.equal(await callError(client, 'cache_task_enqueue', { operation: 'demo.wait', priority: 1.5 }), 'priority: must be an integer');
      assert.equal(await callError(client, 'cache_task_enqueue', { operation: 'demo.wait', priority: 'high' }), 'priority: must be a number');
      assert.equal(await callError(client, 'cache_task_enqueue', { operation: 'demo.wait', parameters: [1] }), 'parameters: must be a JSON object');
      assert.equal(await callError(client, 'cache_task_enqueue', { operation: 'bad name!' }), 'operation: may contain only letters, digits and . _ - : /');
      assert.equal(await callError(client, 'cache_task_enqueue', { operation: 'demo.wait', max_retries: -1 }), 'max_retries: must be 0 or more');
      assert.equal(await callError(client, 'cache_task_enqueue', { operation: 'demo.wait', timeout_ms: 0 }), 'timeout_ms: must be at least 1');
      assert.equal(await callError(client, 'cache_task_enqueue', { operation: 'demo.wait', when: 'now' }), 'when: is not a known field');
      assert.equal(await callError(client, 'cache_task_enqueue', {}), 'operation: is required');
      // The operation's own validation (demo.wait's parameters) also answers in the same words.
      assert.equal(await callError(client, 'cache_task_enqueue', { operation: 'demo.wait', parameters: {} }), 'parameters.duration_ms: is required');
      assert.equal(
        await callError(client, 'cache_task_enqueue', { operation: 'demo.wait', parameters: { duration_ms: 5, steps: 0 } }),
        'parameters.steps: must be between 1 and 1000',
      );
    });

    test('cache_task_list: newest first, filters, limit; bad arguments refused', async () => {
      const a = await callOk<{ task_id: string }>(client, 'cache_task_enqueue', {
        operation: 'demo.wait', parameters: { duration_ms: 1 }, account_id: 'list-account', delay_ms: 3_600_000,
      });
      const b = await callOk<{ task_id: string }>(client, 'cache_task_enqueue', {
        operation: 'demo.wait', parameters: { duration_ms: 1 }, account_id: 'list-account', delay_ms: 3_600_000,
      });
      const mine = await callOk<{ tasks: TaskSummary[] }>(client, 'cache_task_list', { account_id: 'list-account' });
      assert.deepEqual(mine.tasks.map((task) => task.task_id), [b.task_id, a.task_id]);
      for (const field of ['task_id', 'operation', 'status', 'progress', 'created_at']) assert.ok(field in mine.tasks[0]!, `seed field ${field}`);
      const limited = await callOk<{ tasks: TaskSummary[] }>(client, 'cache_task_list', { account_id: 'list-account', limit: 1 });
      assert.deepEqual(limited.tasks.map((task) => task.task_id), [b.task_id]);
      const queued = await callOk<{ tasks: TaskSummary[] }>(client, 'cache_task_list', { status: 'queued' });
      assert.ok(queued.tasks.every((task) => task.status === 'queued') && queued.tasks.length >= 2);
      const all = await callOk<{ tasks: TaskSummary[] }>(client, 'cache_task_list');
      assert.ok(all.tasks.length >= 2, 'account_id may be omitted: all accounts');
      assert.deepEqual((await callOk<{ tasks: TaskSummary[] }>(client, 'cache_task_list', { account_id: 'nobody' })).tasks, []);

      assert.equal(await callError(client, 'cache_task_list', { status: 'done' }), 'status: must be one of queued, running, completed, failed, cancelled');
      assert.equal(await callError(client, 'cache_task_list', { limit: 0 }), 'limit: must be between 1 and 500');
      assert.equal(await callError(client, 'cache_task_list', { limit: 501 }), 'limit: must be between 1 and 500');
      assert.equal(await callError(client, 'cache_task_list', { account_id: '' }), 'account_id: must be a non-empty string');
    });

    test('enqueue demo.wait, then poll: progress rises until completed, with the result', async () => {
      const { task_id } = await callOk<{ task_id: string }>(client, 'cache_task_enqueue', {
        operation: 'demo.wait',
        parameters: { duration_ms: 1500, steps: 10 },
      });
      const seen = await pollStatus(client, task_id, (status) => status.status === 'completed' || status.status === 'failed', 'completion');
      const last = seen.at(-1)!;
      assert.equal(last.status, 'completed', JSON.stringify(last));
      assert.equal(last.progress, 100);
      assert.deepEqual(last.result, { waited_ms: 1500, steps: 10, attempt: 1 });
      assert.ok(last.completed_at && last.completed_at >= last.created_at);
      const progress = seen.map((status) => status.progress);
      for (let i = 1; i < progress.length; i++) assert.ok(progress[i]! >= progress[i - 1]!, `progress never falls: ${progress.join(',')}`);
      assert.ok(progress.some((p) => p > 0 && p < 100), `an intermediate progress was seen: ${progress.join(',')}`);
      assert.ok(seen.some((status) => status.status === 'running' && status.progress_message?.startsWith('step ')));
    });

    test('cache_task_cancel cancels a running task; cancelling again says why not', async () => {
      const { task_id } = await callOk<{ task_id: string }>(client, 'cache_task_enqueue', {
        operation: 'demo.wait',
        parameters: { duration_ms: 600_000, steps: 600 },
      });
      await pollStatus(client, task_id, (status) => status.status === 'running', 'the task to start');
      const requested = await callOk<TaskStatus>(client, 'cache_task_cancel', { task_id });
      assert.ok(requested.status === 'cancelled' || requested.cancel_requested, JSON.stringify(requested));
      const seen = await pollStatus(client, task_id, (status) => status.status !== 'running', 'the task to stop');
      assert.equal(seen.at(-1)!.status, 'cancelled');
      assert.match(await callError(client, 'cache_task_cancel', { task_id }), /^Task .* is cancelled; only queued or running tasks can be cancelled$/);
      assert.equal(await callError(client, 'cache_task_cancel', { task_id: 'missing' }), 'Task missing not found');
      assert.equal(await callError(client, 'cache_task_cancel', { task_id: 7 }), 'task_id: must be a string');
    });

    test('cache_task_retry runs a failed task again; a retried cancelled task completes; a completed one is refused', async () => {
      const { task_id } = await callOk<{ task_id: string }>(client, 'cache_task_enqueue', {
        operation: 'demo.wait',
        parameters: { duration_ms: 10, steps: 1, fail_attempts: 1 },
        max_retries: 0,
      });
      const failed = (await pollStatus(client, task_id, (status) => status.status === 'failed', 'the first attempt to fail')).at(-1)!;
      assert.match(failed.error ?? '', /failing attempt 1 of 1 on purpose/);
      assert.equal(failed.attempts, 1);
      const requeued = await callOk<TaskStatus>(client, 'cache_task_retry', { task_id });
      assert.ok(requeued.status === 'queued' || requeued.status === 'running', JSON.stringify(requeued));
      // The core gives a retried task a fresh set of attempts, so demo.wait's first attempt fails on purpose again:
      // what shows the retry is that it ran again, later.
      const rerun = (
        await pollStatus(client, task_id, (status) => status.status === 'failed' && (status.started_at ?? 0) > failed.started_at!, 'the retry to run')
      ).at(-1)!;
      assert.match(rerun.error ?? '', /failing attempt 1 of 1 on purpose/);

      const long = await callOk<{ task_id: string }>(client, 'cache_task_enqueue', {
        operation: 'demo.wait',
        parameters: { duration_ms: 1200, steps: 40 },
      });
      await pollStatus(client, long.task_id, (status) => status.status === 'running', 'the task to start');
      await callOk(client, 'cache_task_cancel', { task_id: long.task_id });
      await pollStatus(client, long.task_id, (status) => status.status === 'cancelled', 'the cancel');
      await callOk(client, 'cache_task_retry', { task_id: long.task_id });
      const done = (await pollStatus(client, long.task_id, (status) => status.status === 'completed', 'the retry to complete')).at(-1)!;
      assert.deepEqual(done.result, { waited_ms: 1200, steps: 40, attempt: 1 });
      assert.match(
        await callError(client, 'cache_task_retry', { task_id: long.task_id }),
        /^Task .* is completed; only failed or cancelled tasks can be retried$/,
      );
      assert.equal(await callError(client, 'cache_task_retry', { task_id: 'missing' }), 'Task missing not found');
      assert.equal(await callError(client, 'cache_task_retry', { task_id: 'x', force: true }), 'force: is not a known field');
    });
  });
}
