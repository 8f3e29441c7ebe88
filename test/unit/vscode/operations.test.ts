import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allTools } from '../../../src/mcp/tools';
import { raceAbort } from '../../../src/vscode/operations/abortable';
import { toJsonResult } from '../../../src/vscode/operations/jsonResult';
import { OWN_MCP_TOOL_NAMES, isOwnTool } from '../../../src/vscode/operations/ownTools';
import { matchTask } from '../../../src/vscode/operations/taskMatching';

test("lm.tool refuses the queue's own MCP tools, whichever server prefix VS Code gave them", () => {
  assert.deepEqual([...OWN_MCP_TOOL_NAMES].sort(), allTools.map((tool) => tool.name).sort(), 'the list matches src/mcp/tools');
  assert.ok(isOwnTool('mcp_background_ta_cache_task_enqueue'));
  assert.ok(isOwnTool('mcp_background-ta2_cache_operation_list'));
  assert.ok(!isOwnTool('cache_task_list'), 'not an MCP tool name');
  assert.ok(!isOwnTool('mcp_github_search_issues'));
  assert.ok(!isOwnTool('runTests'));
});

test('keeps JSON results, says why others are dropped', () => {
  assert.deepEqual(toJsonResult({ a: [1, 'x'], b: undefined }), { ok: true, value: { a: [1, 'x'] } });
  assert.deepEqual(toJsonResult(undefined), { ok: true, value: null });
  assert.deepEqual(toJsonResult({ toJSON: () => ({ scheme: 'file' }) }), { ok: true, value: { scheme: 'file' } });
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.equal(toJsonResult(cyclic).ok, false);
  assert.deepEqual(toJsonResult(() => 1), { ok: false, reason: 'a function is not JSON' });
  assert.equal(toJsonResult(10n).ok, false);
});

test('an abort ends the wait at once, whatever the call does', async () => {
  const controller = new AbortController();
  const never = new Promise<number>(() => {});
  const raced = raceAbort(never, controller.signal);
  controller.abort(new Error('cancelled'));
  await assert.rejects(raced, /cancelled/);
  assert.equal(await raceAbort(Promise.resolve(3), new AbortController().signal), 3);
  await assert.rejects(raceAbort(Promise.resolve(3), AbortSignal.abort(new Error('before'))), /before/);
});

test('finds the tasks.json task by label, and folder when several match', () => {
  const candidates = [
    { name: 'build', folder: 'app', source: 'Workspace' },
    { name: 'build', folder: 'lib', source: 'Workspace' },
    { name: 'test', folder: 'app', source: 'Workspace' },
    { name: 'test', folder: 'app', source: 'npm' },
    { name: 'lint', folder: 'app', source: 'npm' },
  ];
  assert.deepEqual(matchTask(candidates, 'build', 'lib'), { ok: true, task: candidates[1] });
  assert.deepEqual(matchTask(candidates, 'test'), { ok: true, task: candidates[2] }, 'tasks.json wins over detected tasks');
  assert.deepEqual(matchTask(candidates, 'lint'), { ok: true, task: candidates[4] });
  const ambiguous = matchTask(candidates, 'build');
  assert.ok(!ambiguous.ok && /several tasks are named "build".*give "folder"/.test(ambiguous.error), JSON.stringify(ambiguous));
  const missing = matchTask(candidates, 'deploy');
  assert.ok(!missing.ok && missing.error === 'no task "deploy"; tasks.json defines: "build", "test"', JSON.stringify(missing));
  const wrongFolder = matchTask(candidates, 'test', 'lib');
  assert.ok(!wrongFolder.ok && /in folder "lib"/.test(wrongFolder.error));
});
