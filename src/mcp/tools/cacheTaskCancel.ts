import { z } from 'zod';
import { fields } from '../../core/validation';
import { taskStatusOutput } from './schemas';
import { defineTool } from './toolDefinition';

export const cacheTaskCancelTool = defineTool({
  name: 'cache_task_cancel',
  title: 'Cancel Background Task',
  description:
    'Cancel a background task by task_id. A queued task is cancelled at once; a running task is told to stop (its ' +
    'process is killed for `shell`) and is marked cancelled once it has stopped. Returns the task\'s status afterwards, ' +
    'as cache_task_get_status does. Use it when the user no longer wants the work or it was enqueued by mistake; ' +
    'a cancelled task can be run again with cache_task_retry. A task that has already finished cannot be cancelled.',
  inputSchema: z.strictObject({
    task_id: fields.task_id.describe('The task to cancel.'),
  }),
  outputSchema: taskStatusOutput,
  annotations: {
    title: 'Cancel Background Task',
    readOnlyHint: false,
    destructiveHint: true,
    idempotentHint: true,
    openWorldHint: false,
  },
  _meta: { category: 'cache', safety_level: 'destructive' },
  handler: ({ task_id }, { manager }) => manager.cancelTask(task_id),
});
