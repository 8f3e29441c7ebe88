// The tree's filter: which accounts and which statuses it shows. Pure: parsing (a command argument or
// the remembered workspace state), the words the view's description shows, and what to query.
import { TASK_STATUSES, type TaskStatusName } from '../../core/types';
import { GROUP_ORDER, STATUS_LABELS } from './taskGrouping';

export interface TaskFilter {
  /** Only tasks of these accounts; empty or absent: every account. */
  accounts?: string[];
  /** Only these statuses; empty or absent: every status. */
  statuses?: TaskStatusName[];
}

export const NO_FILTER: TaskFilter = {};

export function isFilterActive(filter: TaskFilter): boolean {
  return Boolean(filter.accounts?.length || filter.statuses?.length);
}

/**
 * A filter from untrusted input (a command argument, stored state): unknown statuses and empty
 * accounts are dropped, duplicates removed, statuses kept in the tree's order. Returns a message
 * instead when the input is not a filter at all.
 */
export function parseFilter(input: unknown): TaskFilter | { error: string } {
  if (input === undefined || input === null) return NO_FILTER;
  if (typeof input !== 'object' || Array.isArray(input)) return { error: 'a filter is an object like {"accounts": ["acme"], "statuses": ["failed"]}' };
  const raw = input as { accounts?: unknown; account?: unknown; statuses?: unknown; status?: unknown };
  const accountsInput = raw.accounts ?? (raw.account === undefined ? undefined : [raw.account]);
  const statusesInput = raw.statuses ?? (raw.status === undefined ? undefined : [raw.status]);
  const filter: TaskFilter = {};
  if (accountsInput !== undefined) {
    if (!Array.isArray(accountsInput) || accountsInput.some((account) => typeof account !== 'string')) return { error: 'accounts: must be an array of strings' };
    const accounts = [...new Set(accountsInput.map((account: string) => account.trim()).filter(Boolean))];
    if (accounts.length) filter.accounts = accounts;
  }
  if (statusesInput !== undefined) {
    if (!Array.isArray(statusesInput)) return { error: 'statuses: must be an array' };
    const unknown = statusesInput.filter((status) => !TASK_STATUSES.includes(status as TaskStatusName));
    if (unknown.length) return { error: `statuses: unknown status ${JSON.stringify(unknown[0])}; use ${TASK_STATUSES.join(', ')}` };
    const statuses = GROUP_ORDER.filter((status) => statusesInput.includes(status));
    if (statuses.length && statuses.length < GROUP_ORDER.length) filter.statuses = statuses;
  }
  return filter;
}

/** The statuses the tree queries, in its order. */
export function shownStatuses(filter: TaskFilter): TaskStatusName[] {
  return filter.statuses?.length ? GROUP_ORDER.filter((status) => filter.statuses!.includes(status)) : [...GROUP_ORDER];
}

/** The view's description: "acme, beta · Failed, Running"; undefined without a filter. */
export function describeFilter(filter: TaskFilter): string | undefined {
  if (!isFilterActive(filter)) return undefined;
  const parts: string[] = [];
  if (filter.accounts?.length) parts.push(filter.accounts.length > 2 ? `${filter.accounts.slice(0, 2).join(', ')} +${filter.accounts.length - 2}` : filter.accounts.join(', '));
  if (filter.statuses?.length) parts.push(shownStatuses(filter).map((status) => STATUS_LABELS[status]).join(', '));
  return `Filter: ${parts.join(' · ')}`;
}

/**
 * The sentence at the top of the tree while a filter is on: the description alone is not enough, as
 * VS Code does not show a view's description when it is the only view of its container.
 */
export function filterMessage(filter: TaskFilter): string | undefined {
  if (!isFilterActive(filter)) return undefined;
  const statuses = filter.statuses?.length ? shownStatuses(filter).map((status) => STATUS_LABELS[status].toLowerCase()).join(', ') : undefined;
  const accounts = filter.accounts?.length ? filter.accounts.join(', ') : undefined;
  const what = statuses ? `${statuses} tasks` : 'tasks';
  return `Showing ${what}${accounts ? ` of ${filter.accounts!.length > 1 ? 'accounts' : 'account'} ${accounts}` : ''} only.`;
}

export function sameFilter(a: TaskFilter, b: TaskFilter): boolean {
  return JSON.stringify(normalise(a)) === JSON.stringify(normalise(b));
}

function normalise(filter: TaskFilter): TaskFilter {
  return { accounts: [...(filter.accounts ?? [])].sort(), statuses: shownStatuses(filter) };
}
