// Finds the tasks.json task a `vscode.task` operation names. Pure over plain candidates.

export interface TaskCandidate {
  name: string;
  /** The workspace folder's name, or undefined for global / workspace-file tasks. */
  folder: string | undefined;
  /** "Workspace" for tasks.json; an extension's task type otherwise (npm, shell detection, ...). */
  source: string;
}

export type TaskMatch<T> = { ok: true; task: T } | { ok: false; error: string };

/**
 * The task with this label (and folder, when given). tasks.json tasks win over auto-detected ones of
 * the same name; two equally good matches are refused rather than guessed between.
 */
export function matchTask<T extends TaskCandidate>(candidates: readonly T[], label: string, folder?: string): TaskMatch<T> {
  const named = candidates.filter((task) => task.name === label && (folder === undefined || task.folder === folder));
  if (named.length === 0) {
    const labels = [...new Set(candidates.filter((task) => task.source === 'Workspace').map((task) => task.name))].sort();
    const where = folder === undefined ? '' : ` in folder "${folder}"`;
    return { ok: false, error: `no task "${label}"${where}; tasks.json defines: ${labels.length ? labels.map((name) => `"${name}"`).join(', ') : '(none)'}` };
  }
  const fromTasksJson = named.filter((task) => task.source === 'Workspace');
  const best = fromTasksJson.length ? fromTasksJson : named;
  if (best.length > 1) {
    const folders = best.map((task) => task.folder ?? '(workspace)').join(', ');
    return { ok: false, error: `several tasks are named "${label}" (folders: ${folders}); give "folder" to choose one` };
  }
  return { ok: true, task: best[0]! };
}
