// `vscode.task`: runs a task from tasks.json (or any task VS Code can fetch), waits for it to end and
// returns its exit code. A non-zero exit fails the task, as for `shell`; cancel terminates it.
import * as vscode from 'vscode';
import { z } from 'zod';
import type { OperationContext, OperationDefinition } from '../../core/types';
import { parseInput } from '../../core/validation';
import { type TaskCandidate, matchTask } from './taskMatching';

export const TASK_OPERATION = 'vscode.task';

const parametersSchema = z.strictObject({
  label: z.string({ message: 'must be a string' }).min(1, 'must be a non-empty string').max(500, 'must be at most 500 characters'),
  folder: z.string({ message: 'must be a string' }).min(1, 'must be a non-empty string').max(500, 'must be at most 500 characters').optional(),
});

export interface TaskRunResult {
  label: string;
  folder: string | null;
  exit_code: number | null;
  duration_ms: number;
}

export function createTaskOperation(): OperationDefinition {
  return {
    name: TASK_OPERATION,
    description:
      'Runs a task from tasks.json by its label (give `folder`, a workspace folder name, when several folders define it), ' +
      'waits for it to end and returns its exit code; a non-zero exit code fails the task. Cancelling terminates it.',
    inputSchema: {
      type: 'object',
      properties: {
        label: { type: 'string', minLength: 1, description: 'The task label, as in tasks.json.' },
        folder: { type: 'string', minLength: 1, description: 'The workspace folder whose tasks.json defines it.' },
      },
      required: ['label'],
      additionalProperties: false,
    },
    validate: (parameters) => {
      parseInput(parametersSchema, parameters, 'parameters');
    },
    handler: (parameters, context) => runTask(parameters, context),
  };
}

async function runTask(parameters: unknown, context: OperationContext): Promise<TaskRunResult> {
  const { label, folder } = parseInput(parametersSchema, parameters, 'parameters');
  const candidates = (await vscode.tasks.fetchTasks()).map((task) => ({ name: task.name, folder: folderName(task), source: task.source, task }) satisfies TaskCandidate & { task: vscode.Task });
  const match = matchTask(candidates, label, folder);
  if (!match.ok) throw new Error(match.error);
  context.signal.throwIfAborted();

  const started = Date.now();
  const subscriptions: vscode.Disposable[] = [];
  const ended = waitForEnd(subscriptions);
  let settled = false;
  void ended.promise.then(() => (settled = true));
  let execution: vscode.TaskExecution | undefined;
  try {
    execution = await vscode.tasks.executeTask(match.task.task);
    ended.setExecution(execution);
    context.reportProgress(0, `running task "${label}"`);
    const aborted = new Promise<never>((_, reject) => {
      const onAbort = () => {
        terminateUntilEnded(execution!, ended.promise);
        reject(context.signal.reason);
      };
      if (context.signal.aborted) onAbort();
      else context.signal.addEventListener('abort', onAbort, { once: true });
      subscriptions.push({ dispose: () => context.signal.removeEventListener('abort', onAbort) });
    });
    const exitCode = await Promise.race([ended.promise, aborted]);
    if (exitCode !== undefined && exitCode !== 0) throw new Error(`task "${label}" exited with code ${exitCode}`);
    return { label, folder: match.task.folder ?? null, exit_code: exitCode ?? null, duration_ms: Date.now() - started };
  } finally {
    const dispose = () => {
      for (const subscription of subscriptions.splice(0)) subscription.dispose();
    };
    // Cancelled while running: keep listening for the end that the terminate brings (or its guard's limit).
    if (settled || !execution) dispose();
    else {
      const timer = setTimeout(dispose, TERMINATE_GUARD_MS);
      void ended.promise.then(() => {
        clearTimeout(timer);
        dispose();
      });
    }
  }
}

/** How long a cancelled task's terminal is watched for a process that starts after the terminate. */
const TERMINATE_GUARD_MS = 60_000;

/**
 * Terminates an execution, and again if its process starts afterwards: a terminate that arrives
 * between the task's start and its process's start is lost, and the command would run on.
 */
function terminateUntilEnded(execution: vscode.TaskExecution, ended: Promise<unknown>): void {
  execution.terminate();
  const again = vscode.tasks.onDidStartTaskProcess((event) => {
    if (event.execution === execution || sameTask(event.execution.task, execution.task)) execution.terminate();
  });
  const timer = setTimeout(() => again.dispose(), TERMINATE_GUARD_MS);
  void ended.finally(() => {
    clearTimeout(timer);
    again.dispose();
  });
}

/**
 * The end of one execution. Subscribed before the start, and events seen before executeTask resolves
 * are kept: a quick task may end first. The process end carries the exit code; a task without a
 * process (CustomExecution), or killed before it started, only reports its end.
 */
function waitForEnd(subscriptions: vscode.Disposable[]): { promise: Promise<number | undefined>; setExecution(execution: vscode.TaskExecution): void } {
  const seen: { execution: vscode.TaskExecution; exitCode: number | undefined; process: boolean }[] = [];
  let execution: vscode.TaskExecution | undefined;
  let resolve!: (exitCode: number | undefined) => void;
  const promise = new Promise<number | undefined>((r) => (resolve = r));
  const check = () => {
    if (!execution) return;
    const mine = seen.filter((event) => event.execution === execution || sameTask(event.execution.task, execution!.task));
    const processEnd = mine.find((event) => event.process);
    if (processEnd) resolve(processEnd.exitCode);
    else if (mine.length) resolve(undefined);
  };
  subscriptions.push(
    vscode.tasks.onDidEndTaskProcess((event) => {
      seen.push({ execution: event.execution, exitCode: event.exitCode, process: true });
      check();
    }),
    vscode.tasks.onDidEndTask((event) => {
      // VS Code reports the process end first; this one only settles tasks that had no process.
      seen.push({ execution: event.execution, exitCode: undefined, process: false });
      check();
    }),
  );
  return {
    promise,
    setExecution(value) {
      execution = value;
      check();
    },
  };
}

function folderName(task: vscode.Task): string | undefined {
  const scope = task.scope;
  return scope !== undefined && typeof scope === 'object' ? scope.name : undefined;
}

function sameTask(a: vscode.Task, b: vscode.Task): boolean {
  return a.name === b.name && a.source === b.source && folderName(a) === folderName(b);
}
