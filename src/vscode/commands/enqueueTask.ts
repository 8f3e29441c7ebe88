import * as vscode from 'vscode';
import type { EnqueueInput, EnqueueResult } from '../../core/types';
import { COMMANDS } from './commandIds';
import type { CommandContext, CommandDefinition } from './commandContext';
import { isTreeRow } from './taskArgument';
import { type OperationChoice, runEnqueueWizard } from './enqueue/enqueueWizard';

/**
 * Enqueues a task. With an EnqueueInput argument ({ operation, parameters?, priority?, ... }) it
 * enqueues at once (keybindings, automation; errors reject); with an operation name it starts at the
 * parameters step; with nothing it asks for everything. The account comes from
 * backgroundTasks.tasks.defaultAccount unless given. Returns the EnqueueResult, undefined if dismissed.
 */
export const enqueueTaskCommand: CommandDefinition = {
  id: COMMANDS.enqueueTask,
  run: async (context, argument) => {
    if (typeof argument === 'object' && argument !== null && !Array.isArray(argument) && !isTreeRow(argument)) {
      return enqueue(context, argument as EnqueueInput);
    }
    const accountNote = context.settings.current.defaultAccount ? `account ${context.settings.current.defaultAccount}` : undefined;
    const choice = await runEnqueueWizard(operationChoices(context), typeof argument === 'string' ? argument : undefined, accountNote);
    if (!choice) return undefined;
    try {
      const result = await enqueue(context, choice);
      vscode.window.setStatusBarMessage(`$(check) ${result.deduplicated ? 'Already queued' : 'Enqueued'}: ${choice.operation}`, 4000);
      void context.tree.reveal(result.task_id);
      return result;
    } catch (error) {
      void vscode.window.showErrorMessage(`Could not enqueue ${choice.operation}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  },
};

function enqueue({ manager, settings }: CommandContext, input: EnqueueInput): Promise<EnqueueResult> {
  const account = input.account_id === undefined ? settings.current.defaultAccount : input.account_id;
  return manager.enqueueTask({ ...input, ...(account ? { account_id: account } : {}) });
}

/** This window's operations (with descriptions and checks) and, after them, those only another window offers. */
function operationChoices({ manager, operations }: CommandContext): OperationChoice[] {
  const local = operations.list().map((definition) => ({ name: definition.name, definition }));
  const remote = manager
    .knownOperations()
    .filter((name) => !operations.get(name))
    .map((name) => ({ name }));
  return [...local, ...remote];
}
