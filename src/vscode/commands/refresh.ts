import { COMMANDS } from './commandIds';
import type { CommandDefinition } from './commandContext';

/** Re-reads the tree now (it follows the engine by itself; this is for the doubtful). */
export const refreshCommand: CommandDefinition = {
  id: COMMANDS.refresh,
  run: ({ tree }) => {
    tree.refresh();
  },
};
