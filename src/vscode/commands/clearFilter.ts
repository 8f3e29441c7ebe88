import { NO_FILTER } from '../views/taskFilter';
import { COMMANDS } from './commandIds';
import type { CommandDefinition } from './commandContext';

export const clearFilterCommand: CommandDefinition = {
  id: COMMANDS.clearFilter,
  run: async ({ tree }) => {
    await tree.setFilter(NO_FILTER);
    return tree.filter;
  },
};
