import { z } from 'zod';
import { fields } from '../../core/validation';
import { taskStatusOutput } from './schemas';
import { defineTool, READ_ONLY_ANNOTATIONS, SAFE_META } from './toolDefinition';

export const cacheTaskGetStatusTool = defineTool({
  name: 'cache_task_get_status',
  title: 'Get Cache Task Status',
  description:
    'Get the current state of one background task by its task_id. Returns status (queued, running, completed, failed or ' +
    'cancelled), progress 0-100 with progress_message, timestamps in seconds since the epoch, attempts and retries, and, ' +
    'once it has finished, `result` (what a completed task returned) or `error` (why it failed). ' +
    'Read-only and safe to call repeatedly: use it to poll a task you enqueued with cache_task_enqueue, waiting a few ' +
    'seconds between calls, until status is completed, failed or cancelled. An unknown id gives the error "Task <id> not found".',
  inputSchema: z.strictObject({
    task_id: fields.task_id.describe('The id returned by cache_task_enqueue or listed by cache_task_list.'),
  }),
  outputSchema: taskStatusOutput,
  annotations: { title: 'Get Cache Task Status', ...READ_ONLY_ANNOTATIONS },
  _meta: SAFE_META,
  handler: ({ task_id }, { manager }) => manager.getTaskStatus(task_id),
});
