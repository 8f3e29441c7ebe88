import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NO_FILTER, describeFilter, filterMessage, isFilterActive, parseFilter, sameFilter, shownStatuses } from '../../../src/vscode/views/taskFilter';

test('no filter shows every status and says nothing', () => {
  assert.equal(isFilterActive(NO_FILTER), false);
  assert.equal(describeFilter(NO_FILTER), undefined);
  assert.deepEqual(shownStatuses(NO_FILTER), ['running', 'queued', 'failed', 'completed', 'cancelled']);
});

test('the description names the accounts and the statuses, in the tree order', () => {
  assert.equal(describeFilter({ accounts: ['acme'], statuses: ['failed', 'running'] }), 'Filter: acme · Running, Failed');
  assert.equal(describeFilter({ statuses: ['queued'] }), 'Filter: Queued');
  assert.equal(describeFilter({ accounts: ['a', 'b', 'c', 'd'] }), 'Filter: a, b +2');
});

test('the message at the top of the tree says what is shown', () => {
  assert.equal(filterMessage(NO_FILTER), undefined);
  assert.equal(filterMessage({ statuses: ['failed'] }), 'Showing failed tasks only.');
  assert.equal(filterMessage({ accounts: ['acme'], statuses: ['running', 'queued'] }), 'Showing running, queued tasks of account acme only.');
  assert.equal(filterMessage({ accounts: ['a', 'b'] }), 'Showing tasks of accounts a, b only.');
});

test('parses a command argument or stored state, and refuses what is not a filter', () => {
  assert.deepEqual(parseFilter({ account: ' acme ', status: 'failed' }), { accounts: ['acme'], statuses: ['failed'] });
  assert.deepEqual(parseFilter({ accounts: ['a', 'a', ''], statuses: ['cancelled', 'running'] }), { accounts: ['a'], statuses: ['running', 'cancelled'] });
  // Every status ticked is no status filter at all.
  assert.deepEqual(parseFilter({ statuses: ['queued', 'running', 'completed', 'failed', 'cancelled'] }), {});
  assert.deepEqual(parseFilter(undefined), {});
  assert.match((parseFilter({ statuses: ['done'] }) as { error: string }).error, /unknown status "done"/);
  assert.match((parseFilter('acme') as { error: string }).error, /object/);
  assert.match((parseFilter({ accounts: [1] }) as { error: string }).error, /accounts/);
});

test('compares filters by content', () => {
  assert.ok(sameFilter({ accounts: ['b', 'a'] }, { accounts: ['a', 'b'] }));
  assert.ok(sameFilter({}, { statuses: [] }));
  assert.ok(!sameFilter({}, { statuses: ['failed'] }));
});
