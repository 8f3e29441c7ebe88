import type { TaskRecord } from '../../core/types';
import { openTaskDetails } from '../views/TaskDetailsProvider';
import { COMMANDS } from './commandIds';
import type { CommandDefinition } from './commandContext';
import { runTaskCommand } from './taskCommand';

/** Opens the read-only JSON document of a whole task (parameters, result, error); returns the record. */
export const showTaskCommand: CommandDefinition = {
  id: COMMANDS.showTask,
  run: (context, first) =>
    runTaskCommand<TaskRecord>(
      context,
      {
        pick: { title: 'Show Task', placeholder: 'Pick a task to show its details (type to search by operation or id)', none: 'There are no background tasks yet.' },
        action: async ({ manager }, taskId) => {
          const record = manager.getTask(taskId);
          await openTaskDetails(record);
          return record;
        },
      },
      first,
      // Details of the row clicked, not one editor per selected row (previews would replace each other).
      undefined,
    ),
};
