import { z } from 'zod';
import { fields } from '../../core/validation';
import { taskSummaryOutput } from './schemas';
import { defineTool, READ_ONLY_ANNOTATIONS, SAFE_META } from './toolDefinition';

export const cacheTaskListTool = defineTool({
  name: 'cache_task_list',
  title: 'List Cache Tasks',
  description:
    'List background tasks, newest first, as {tasks: [...]}. Filter by account_id and/or status (queued, running, ' +
    'completed, failed, cancelled); at most `limit` tasks (default 50, up to 500). Each entry has task_id, operation, ' +
    'status, progress, created_at, plus account_id, priority, progress_message, started_at, completed_at, attempts, ' +
    'max_retries and error. Read-only and safe. Use it to find tasks when you have no task_id (what is still running, ' +
    'what failed); use cache_task_get_status for one task\'s full details and its result.',
  inputSchema: z.strictObject({
    account_id: fields.account_id.nullish().describe('Only tasks of this account. Omit for all accounts.'),
    status: fields.status.nullish().describe('Only tasks in this status. Omit for all.'),
    limit: fields.limit.optional().describe('Maximum number of tasks to return (default 50).'),
  }),
  outputSchema: z.strictObject({ tasks: z.array(taskSummaryOutput) }),
  annotations: { title: 'List Cache Tasks', ...READ_ONLY_ANNOTATIONS },
  _meta: SAFE_META,
  handler: (input, { manager }) => ({ tasks: manager.listTasks({ ...input, limit: input.limit ?? 50 }) }),
});
