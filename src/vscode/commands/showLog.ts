import { COMMANDS } from './commandIds';
import type { CommandDefinition } from './commandContext';

/** The engine's log ("Background Tasks" output channel; its level follows Developer: Set Log Level). */
export const showLogCommand: CommandDefinition = {
  id: COMMANDS.showLog,
  run: ({ log }) => {
    log.show(true);
  },
};
