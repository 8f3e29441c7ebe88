import { z } from 'zod';
import { fields } from '../../core/validation';
import { taskStatusOutput } from './schemas';
import { defineTool, MODERATE_META } from './toolDefinition';

export const cacheTaskRetryTool = defineTool({
  name: 'cache_task_retry',
  title: 'Retry Background Task',
  description:
    'Put a failed or cancelled task back in the queue to run again, with the same task_id, operation and parameters ' +
    'and a fresh set of attempts (its max_retries applies again). Returns the task\'s status (queued); then poll ' +
    'cache_task_get_status as after cache_task_enqueue. Use it after ' +
    'the cause of a failure has been fixed, or to resume a task that was cancelled. Tasks that are queued, running ' +
    'or completed cannot be retried (enqueue a new task instead).',
  inputSchema: z.strictObject({
    task_id: fields.task_id.describe('The failed or cancelled task to run again.'),
  }),
  outputSchema: taskStatusOutput,
  annotations: {
    title: 'Retry Background Task',
    readOnlyHint: false,
    // Runs the operation again, which may change things.
    destructiveHint: true,
    idempotentHint: false,
    openWorldHint: false,
  },
  _meta: MODERATE_META,
  handler: ({ task_id }, { manager }) => manager.retryTask(task_id),
});
