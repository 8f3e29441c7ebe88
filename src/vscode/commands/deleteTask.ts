import { FINISHED_STATUSES } from '../../core/types';
import { COMMANDS } from './commandIds';
import type { CommandDefinition } from './commandContext';
import { runTaskCommand } from './taskCommand';

/** Deletes a finished task from the history; returns { task_id, deleted: true }. */
export const deleteTaskCommand: CommandDefinition = {
  id: COMMANDS.deleteTask,
  run: (context, first, second) =>
    runTaskCommand(
      context,
      {
        pick: { statuses: FINISHED_STATUSES, title: 'Delete Task', placeholder: 'Pick a finished task to delete', none: 'No task has finished yet.' },
        action: async ({ manager }, taskId) => {
          await manager.deleteTask(taskId);
          return { task_id: taskId, deleted: true as const };
        },
      },
      first,
      second,
    ),
};
