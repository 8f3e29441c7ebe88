// package.json's contributions against the code: every command registered is contributed and the
// other way round, the menus by status give exactly TASK_ACTIONS, item-only commands stay out of
// the palette, and every setting the code reads is declared with the same bounds.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { TASK_STATUSES } from '../../../src/core/types';
import { DEFAULT_ALLOWED_OPERATIONS } from '../../../src/mcp/server/operationPolicy';
import { COMMANDS, FILTER_ACTIVE_CONTEXT, ITEM_COMMANDS } from '../../../src/vscode/commands/commandIds';
import { LIMITS, SECTION, SETTING_KEYS } from '../../../src/vscode/settings/settingsModel';
import { TASK_ACTIONS, TASK_ACTION_COMMANDS, type TaskAction } from '../../../src/vscode/views/taskMenus';
import { taskContextValue } from '../../../src/vscode/views/taskPresentation';
import { TASKS_VIEW_ID } from '../../../src/vscode/views/taskTreeModel';

interface MenuEntry {
  command: string;
  when?: string;
  group?: string;
}
const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
const contributes = manifest.contributes;
const menus: Record<string, MenuEntry[]> = contributes.menus;

/** The subset of VS Code's when-clause language the manifest uses: &&, ==, =~ /re/, !key, key. */
function evaluate(when: string | undefined, context: Record<string, string | boolean | undefined>): boolean {
  if (!when) return true;
  return when.split('&&').every((raw) => {
    const term = raw.trim();
    if (term === 'false') return false;
    if (term === 'true') return true;
    let match = /^([\w.]+)\s*==\s*(\S+)$/.exec(term);
    if (match) return String(context[match[1]!]) === match[2];
    match = /^([\w.]+)\s*=~\s*\/(.*)\/$/.exec(term);
    if (match) return new RegExp(match[2]!).test(String(context[match[1]!] ?? ''));
    match = /^!([\w.]+)$/.exec(term);
    if (match) return !context[match[1]!];
    if (/^[\w.]+$/.test(term)) return Boolean(context[term]);
    throw new Error(`when clause term not understood by this test: ${term}`);
  });
}

const actionByCommand = new Map<string, TaskAction>(Object.entries(TASK_ACTION_COMMANDS).map(([action, command]) => [command, action as TaskAction]));

test('every command the code registers is contributed, with the category, and nothing else is', () => {
  const contributed = (contributes.commands as { command: string; category: string; title: string }[]).map((command) => command.command).sort();
  const registered = [...Object.values(COMMANDS), ...Object.values(ITEM_COMMANDS).map((item) => item.id)].sort();
  assert.deepEqual(contributed, registered);
  for (const command of contributes.commands) assert.equal(command.category, 'Background Tasks', command.command);
  const titles = Object.fromEntries(contributes.commands.map((command: { command: string; title: string }) => [command.command, command.title]));
  assert.equal(titles[COMMANDS.enqueueTask], 'Enqueue Task...');
  assert.equal(titles[COMMANDS.showTask], 'Show Task...');
  assert.equal(titles[COMMANDS.clearFinished], 'Clear Finished Tasks');
  assert.equal(titles[ITEM_COMMANDS.showDetails.id], 'Show Details');
  assert.equal(titles[ITEM_COMMANDS.cancel.id], 'Cancel');
});

test('the item menus give each status exactly its actions, inline and in the context menu', () => {
  for (const status of TASK_STATUSES) {
    const context = { view: TASKS_VIEW_ID, viewItem: taskContextValue(status) };
    const shown = menus['view/item/context']!.filter((entry) => evaluate(entry.when, context));
    const inline = shown.filter((entry) => entry.group?.startsWith('inline')).map((entry) => actionByCommand.get(entry.command));
    const contextMenu = shown.filter((entry) => !entry.group?.startsWith('inline')).map((entry) => actionByCommand.get(entry.command));
    assert.deepEqual(inline, TASK_ACTIONS[status].inline, `inline actions of a ${status} task`);
    assert.deepEqual(contextMenu, TASK_ACTIONS[status].context, `context menu of a ${status} task`);
  }
  // Group rows and other views get none.
  assert.equal(menus['view/item/context']!.filter((entry) => evaluate(entry.when, { view: TASKS_VIEW_ID, viewItem: 'taskGroup.failed' })).length, 0);
  assert.equal(menus['view/item/context']!.filter((entry) => evaluate(entry.when, { view: 'explorer', viewItem: 'task.failed' })).length, 0);
});

test('the tree view is contributed under the id the code uses, in its own container', () => {
  assert.deepEqual(contributes.views.backgroundTasks.map((view: { id: string }) => view.id), [TASKS_VIEW_ID]);
  assert.equal(contributes.viewsContainers.activitybar[0].title, 'Background Tasks');
});

test('the view title shows Enqueue, Filter (or Clear Filter) and Clear Finished; Refresh, the log and the settings are under "..."', () => {
  const title = (filterActive: boolean) =>
    menus['view/title']!.filter((entry) => entry.group?.startsWith('navigation') && evaluate(entry.when, { view: TASKS_VIEW_ID, [FILTER_ACTIVE_CONTEXT]: filterActive })).map((entry) => entry.command);
  assert.deepEqual(title(false), [COMMANDS.enqueueTask, COMMANDS.filter, COMMANDS.clearFinished]);
  assert.deepEqual(title(true), [COMMANDS.enqueueTask, COMMANDS.clearFilter, COMMANDS.clearFinished]);
  const overflow = menus['view/title']!.filter((entry) => !entry.group?.startsWith('navigation') && evaluate(entry.when, { view: TASKS_VIEW_ID })).map((entry) => entry.command);
  assert.deepEqual(overflow, [COMMANDS.refresh, COMMANDS.showLog, COMMANDS.openSettings]);
});

test('item-only commands stay out of the command palette; the palette ones are in it', () => {
  const hidden = (command: string, context: Record<string, boolean> = {}) => {
    const entry = menus.commandPalette!.find((candidate) => candidate.command === command);
    return entry !== undefined && !evaluate(entry.when, context);
  };
  for (const command of [ITEM_COMMANDS.showDetails.id, ITEM_COMMANDS.cancel.id, ITEM_COMMANDS.retry.id, COMMANDS.deleteTask, COMMANDS.copyTaskId]) assert.ok(hidden(command), command);
  for (const command of [COMMANDS.enqueueTask, COMMANDS.showTask, COMMANDS.cancelTask, COMMANDS.retryTask, COMMANDS.clearFinished, COMMANDS.showLog, COMMANDS.openSettings, COMMANDS.filter]) {
    assert.ok(!hidden(command), command);
  }
  assert.ok(hidden(COMMANDS.clearFilter, { [FILTER_ACTIVE_CONTEXT]: false }));
  assert.ok(!hidden(COMMANDS.clearFilter, { [FILTER_ACTIVE_CONTEXT]: true }));
});

test('the welcome content offers a button to enqueue a task (and to clear a filter that hides everything)', () => {
  const welcome = contributes.viewsWelcome as { view: string; contents: string; when?: string }[];
  const empty = welcome.filter((entry) => entry.view === TASKS_VIEW_ID && evaluate(entry.when, {}));
  assert.equal(empty.length, 1);
  assert.match(empty[0]!.contents, /^No background tasks yet\./);
  assert.match(empty[0]!.contents, /\[Enqueue Task\.\.\.\]\(command:backgroundTasks\.enqueueTask\)/);
  const filtered = welcome.filter((entry) => entry.view === TASKS_VIEW_ID && evaluate(entry.when, { [FILTER_ACTIVE_CONTEXT]: true }));
  assert.match(filtered[0]!.contents, /command:backgroundTasks\.clearFilter/);
});

test('every setting the code reads is declared, with the same default and bounds', () => {
  const properties = contributes.configuration.properties as Record<string, { type: string; default: unknown; minimum?: number; maximum?: number; scope?: string }>;
  for (const [name, key] of Object.entries(SETTING_KEYS)) {
    const declared = properties[`${SECTION}.${key}`];
    assert.ok(declared, `${SECTION}.${key} is declared`);
    const limits = (LIMITS as Record<string, { min: number; max: number; default: number }>)[name];
    if (limits) {
      assert.equal(declared.type, 'integer', key);
      assert.deepEqual([declared.default, declared.minimum, declared.maximum], [limits.default, limits.min, limits.max], key);
    }
  }
  assert.equal(properties['backgroundTasks.operations.allowShell']!.default, false);
  // A workspace's .vscode/settings.json must not be able to turn the shell on.
  assert.equal(properties['backgroundTasks.operations.allowShell']!.scope, 'application');
  // The MCP engineer's settings are still there.
  assert.ok(properties['backgroundTasks.mcp.enabled']);
  // The manifest's default is the one the provider falls back to, and a workspace cannot widen it.
  assert.deepEqual(properties['backgroundTasks.mcp.allowedOperations']!.default, DEFAULT_ALLOWED_OPERATIONS);
  assert.equal(properties['backgroundTasks.mcp.allowedOperations']!.scope, 'application');
});
