import { z } from 'zod';
import { ValidationError } from '../../core/errors';
import type { JsonObject } from '../../core/types';
import { fields } from '../../core/validation';
import { taskStatusName } from './schemas';
import { defineTool, MODERATE_META } from './toolDefinition';

export const cacheTaskEnqueueTool = defineTool({
  name: 'cache_task_enqueue',
  title: 'Enqueue Background Task',
  description:
    'Queue an operation to run in the background and return at once with {task_id, status, deduplicated}; the task ' +
    'is on disk before this returns, so it survives a restart. Use it for anything that takes more than a few seconds ' +
    'instead of waiting: enqueue, then poll cache_task_get_status with the task_id until status is completed (read ' +
    '`result`), failed (read `error`) or cancelled. Call cache_operation_list first to learn the operation names and ' +
    'the `parameters` each one accepts. Options: priority 1 (highest) to 10 (lowest, default 5); max_retries (automatic ' +
    'retries with backoff after a failure, default 3); delay_ms to start later; timeout_ms to fail an attempt that runs ' +
    'too long; dedup_key to get the existing queued or running task with the same key back (deduplicated: true) ' +
    'instead of adding a second one. The operation itself may change things (for example `shell` runs a command).',
  inputSchema: z.strictObject({
    operation: fields.operation.describe('Name of the operation to run, as listed by cache_operation_list.'),
    parameters: fields.parameters
      .optional()
      .meta({ type: 'object', description: 'The operation\'s parameters: a JSON object matching its input_schema from cache_operation_list.' }),
    account_id: fields.account_id.nullish().describe('Account the task belongs to (for filtering). Omit for none.'),
    priority: fields.priority.optional().describe('1 (highest) to 10 (lowest); default 5.'),
    max_retries: fields.max_retries.optional().describe('Automatic retries after a failure; default 3.'),
    delay_ms: fields.delay_ms.optional().describe('Do not start before this many milliseconds from now.'),
    timeout_ms: fields.timeout_ms.nullish().describe('Fail an attempt that runs longer than this many milliseconds.'),
    dedup_key: fields.dedup_key
      .nullish()
      .describe('While a task with this key is queued or running, enqueueing again returns that task instead of a new one.'),
  }),
  outputSchema: z.strictObject({
    task_id: z.string().describe('Pass to cache_task_get_status to follow the task.'),
    status: taskStatusName,
    deduplicated: z.boolean().describe('True when an existing task with the same dedup_key was returned.'),
  }),
  annotations: {
    title: 'Enqueue Background Task',
    readOnlyHint: false,
    // The queued operation may change files or run commands (shell), so say so.
    destructiveHint: true,
    idempotentHint: false,
    openWorldHint: false,
  },
  _meta: MODERATE_META,
  handler: async (input, { manager, operations, policy }) => {
    if (!policy.isAllowed(input.operation)) {
      throw new ValidationError('operation', policy.refusal(input.operation, operations.names()));
    }
    const result = await manager.enqueueTask({ ...input, parameters: input.parameters as JsonObject | undefined });
    // Answer only once the task is on disk: a client that then restarts VS Code still finds it.
    await manager.whenDurable();
    return { task_id: result.task_id, status: result.status, deduplicated: result.deduplicated };
  },
});
