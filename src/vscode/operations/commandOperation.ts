// `vscode.command`: runs a VS Code command in the background and keeps its result when it is JSON.
import * as vscode from 'vscode';
import { z } from 'zod';
import type { OperationDefinition } from '../../core/types';
import { parseInput } from '../../core/validation';
import { raceAbort } from './abortable';
import { toJsonResult } from './jsonResult';

export const COMMAND_OPERATION = 'vscode.command';

const parametersSchema = z.strictObject({
  command: z.string({ message: 'must be a string' }).min(1, 'must be a non-empty string').max(500, 'must be at most 500 characters'),
  args: z.array(z.unknown(), { message: 'must be an array of the command arguments' }).max(50, 'must have at most 50 items').optional(),
});

export interface CommandResult {
  command: string;
  /** The command's return value when it is JSON-serialisable, else null (see result_dropped). */
  result: unknown;
  /** Why the return value was not kept. */
  result_dropped?: string;
}

export function createCommandOperation(): OperationDefinition {
  return {
    name: COMMAND_OPERATION,
    description:
      'Runs a VS Code command (any id from the Command Palette or an extension, e.g. "workbench.action.files.saveAll") with ' +
      'optional JSON `args`, and keeps its return value when it is JSON-serialisable. A command cannot be interrupted: ' +
      'cancelling ends the task at once while the command finishes on its own.',
    inputSchema: {
      type: 'object',
      properties: {
        command: { type: 'string', minLength: 1, description: 'The command id.' },
        args: { type: 'array', description: 'Arguments passed to the command, in order.' },
      },
      required: ['command'],
      additionalProperties: false,
    },
    validate: (parameters) => {
      parseInput(parametersSchema, parameters, 'parameters');
    },
    handler: async (parameters, context) => {
      const { command, args = [] } = parseInput(parametersSchema, parameters, 'parameters');
      const known = await vscode.commands.getCommands(false);
      if (!known.includes(command)) throw new Error(`parameters.command: no command "${command}" is registered in this window`);
      context.reportProgress(0, `running ${command}`);
      const value = await raceAbort(vscode.commands.executeCommand<unknown>(command, ...args), context.signal);
      const checked = toJsonResult(value);
      const result: CommandResult = checked.ok ? { command, result: checked.value } : { command, result: null, result_dropped: `not JSON-serialisable: ${checked.reason}` };
      return result;
    },
  };
}
