import type { TaskStatus } from '../../core/types';
import { COMMANDS } from './commandIds';
import type { CommandDefinition } from './commandContext';
import { runTaskCommand } from './taskCommand';

/** Queues a failed or cancelled task again; returns its status (queued). */
export const retryTaskCommand: CommandDefinition = {
  id: COMMANDS.retryTask,
  run: (context, first, second) =>
    runTaskCommand<TaskStatus>(
      context,
      {
        pick: { statuses: ['failed', 'cancelled'], title: 'Retry Task', placeholder: 'Pick a failed or cancelled task to run again', none: 'No task has failed or been cancelled.' },
        action: ({ manager }, taskId) => manager.retryTask(taskId),
      },
      first,
      second,
    ),
};
