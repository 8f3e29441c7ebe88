// Helpers shared by the suites that run inside code-server's extension host.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BackgroundTasksApi } from '../../../src/extension';
import type { TaskStatus, TaskStatusName } from '../../../src/core/types';

export const EXTENSION_ID = 'background-tasks.background-tasks';

/** Written by the harness (scripts/e2e.mjs) before it opens each page: what this run is about. */
export interface Control {
  runId: string;
  phase: string;
  /** Where the runner writes its results (JSON) for the harness. */
  resultsFile: string;
  /** A folder that outlives one extension host: the reload phases hand over task ids through it. */
  stateDir: string;
  /** code-server's --user-data-dir (global storage lives under it). */
  userDataDir?: string;
  /** The harness's command endpoint (ui-driver phase only). */
  controlUrl?: string;
}

export function readControl(): Control {
  // The bundles are out/e2e/suite/<phase>.js; the harness writes out/e2e/control.json.
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'control.json'), 'utf8')) as Control;
}

export function extension(): vscode.Extension<BackgroundTasksApi> {
  const found = vscode.extensions.getExtension<BackgroundTasksApi>(EXTENSION_ID);
  if (!found) throw new Error(`Extension ${EXTENSION_ID} is not installed in this extension host`);
  return found;
}

/** The extension's API; activates it if VS Code has not yet. */
export async function api(): Promise<BackgroundTasksApi> {
  const ext = extension();
  return ext.isActive ? ext.exports : ext.activate();
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns something truthy; throws with `description` at the deadline. */
export async function waitFor<T>(description: string, check: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 20_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}${last ? `: ${String(last)}` : ''}`);
    await delay(intervalMs);
  }
}

/** Waits, on the manager's change events (polling as a backstop), until the task reaches `status`. */
export async function waitForStatus(tasks: BackgroundTasksApi, taskId: string, status: TaskStatusName, timeoutMs = 30_000): Promise<TaskStatus> {
  const deadline = Date.now() + timeoutMs;
  return new Promise<TaskStatus>((resolve, reject) => {
    let settled = false;
    const finish = (error?: Error, value?: TaskStatus) => {
      if (settled) return;
      settled = true;
      subscription.dispose();
      clearInterval(timer);
      if (error) reject(error);
      else resolve(value!);
    };
    const check = () => {
      try {
        const current = tasks.getTaskStatus(taskId);
        if (current.status === status) return finish(undefined, current);
        if (Date.now() > deadline) finish(new Error(`Task ${taskId} is ${current.status} (${current.progress}%), not ${status}, after ${timeoutMs} ms${current.error ? `: ${current.error}` : ''}`));
      } catch (error) {
        finish(error as Error);
      }
    };
    const subscription = tasks.manager.onDidChangeTask((event) => {
      if (event.task_id === taskId) check();
    });
    const timer = setInterval(check, 250);
    check();
  });
}

export function writeState(name: string, value: unknown): void {
  const { stateDir } = readControl();
  fs.mkdirSync(stateDir, { recursive: true });
  fs.writeFileSync(path.join(stateDir, `${name}.json`), JSON.stringify(value, null, 2));
}

export function readState<T>(name: string): T {
  const { stateDir } = readControl();
  return JSON.parse(fs.readFileSync(path.join(stateDir, `${name}.json`), 'utf8')) as T;
}
