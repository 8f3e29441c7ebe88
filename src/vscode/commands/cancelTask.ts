import type { TaskStatus } from '../../core/types';
import { COMMANDS } from './commandIds';
import type { CommandDefinition } from './commandContext';
import { runTaskCommand } from './taskCommand';

/** Cancels a queued task at once, or signals a running one; returns the task's status after the request. */
export const cancelTaskCommand: CommandDefinition = {
  id: COMMANDS.cancelTask,
  run: (context, first, second) =>
    runTaskCommand<TaskStatus>(
      context,
      {
        pick: { statuses: ['running', 'queued'], title: 'Cancel Task', placeholder: 'Pick a queued or running task to cancel', none: 'No task is queued or running.' },
        action: ({ manager }, taskId) => manager.cancelTask(taskId),
      },
      first,
      second,
    ),
};
