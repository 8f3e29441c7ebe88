import * as vscode from 'vscode';
import type { TaskStatusName } from '../../core/types';
import { GROUP_ORDER, STATUS_LABELS } from '../views/taskGrouping';
import { type TaskFilter, parseFilter, shownStatuses } from '../views/taskFilter';
import { STATUS_LOOK } from '../views/taskPresentation';
import { COMMANDS } from './commandIds';
import type { CommandContext, CommandDefinition } from './commandContext';
import { isTreeRow } from './taskArgument';

type FilterItem = vscode.QuickPickItem & ({ status: TaskStatusName } | { account: string });

/**
 * Filters the tree by status and account. With an argument ({ accounts?, statuses? }) it applies it
 * at once; from the view or the palette it asks, with the current filter ticked. Returns the filter.
 */
export const filterCommand: CommandDefinition = {
  id: COMMANDS.filter,
  run: async (context, argument) => {
    if (argument !== undefined && !isTreeRow(argument)) {
      const parsed = parseFilter(argument);
      if ('error' in parsed) throw new Error(`filter: ${parsed.error}`);
      await context.tree.setFilter(parsed);
      return context.tree.filter;
    }
    const chosen = await askFilter(context);
    if (chosen) await context.tree.setFilter(chosen);
    return context.tree.filter;
  },
};

async function askFilter({ manager, tree, settings }: CommandContext): Promise<TaskFilter | undefined> {
  const current = tree.filter;
  const statuses = current.statuses?.length ? shownStatuses(current) : [];
  const accounts = new Set<string>();
  for (const task of manager.listTasks({ limit: 500 })) if (task.account_id) accounts.add(task.account_id);
  if (settings.current.defaultAccount) accounts.add(settings.current.defaultAccount);
  for (const account of current.accounts ?? []) accounts.add(account);

  const statusItems: FilterItem[] = GROUP_ORDER.map((status) => ({
    status,
    label: `$(${STATUS_LOOK[status].icon.replace('~spin', '')}) ${STATUS_LABELS[status]}`,
  }));
  const accountItems: FilterItem[] = [...accounts].sort().map((account) => ({ account, label: `$(account) ${account}` }));
  const items: (FilterItem | vscode.QuickPickItem)[] = [
    { label: 'Status', kind: vscode.QuickPickItemKind.Separator },
    ...statusItems,
    ...(accountItems.length ? [{ label: 'Account', kind: vscode.QuickPickItemKind.Separator }, ...accountItems] : []),
  ];
  const picker = vscode.window.createQuickPick<FilterItem | vscode.QuickPickItem>();
  picker.title = 'Filter Background Tasks';
  picker.placeholder = accountItems.length ? 'Statuses and accounts to show (none ticked in a group: all)' : 'Statuses to show (none ticked: all)';
  picker.canSelectMany = true;
  picker.matchOnDescription = true;
  picker.items = items;
  picker.selectedItems = items.filter(
    (item) => ('status' in item && statuses.includes(item.status)) || ('account' in item && (current.accounts ?? []).includes(item.account)),
  );
  try {
    return await new Promise<TaskFilter | undefined>((resolve) => {
      picker.onDidAccept(() => {
        const selected = picker.selectedItems;
        const filter: TaskFilter = {};
        const pickedStatuses = selected.flatMap((item) => ('status' in item ? [item.status] : []));
        const pickedAccounts = selected.flatMap((item) => ('account' in item ? [item.account] : []));
        if (pickedStatuses.length && pickedStatuses.length < GROUP_ORDER.length) filter.statuses = pickedStatuses;
        if (pickedAccounts.length) filter.accounts = pickedAccounts;
        resolve(filter);
        picker.hide();
      });
      picker.onDidHide(() => resolve(undefined));
      picker.show();
    });
  } finally {
    picker.dispose();
  }
}
