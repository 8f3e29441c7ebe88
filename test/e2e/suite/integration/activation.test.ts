import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { notes } from '../runner';
import { EXTENSION_ID, api, extension, readControl, waitFor } from '../support';

describe('activation', () => {
  it('activates on its own after startup (onStartupFinished), without being asked', async () => {
    const ext = extension();
    await waitFor('the extension to activate', () => ext.isActive, 45_000, 100);
    const exports = ext.exports;
    assert.ok(exports, 'activate returned the API');
    assert.equal(typeof exports.enqueue, 'function');
    assert.ok(exports.operations.names().includes('demo.wait'), `operations: ${exports.operations.names().join(', ')}`);
    assert.equal(typeof exports.activationTimeMs, 'number');
    assert.ok(exports.activationTimeMs > 0 && exports.activationTimeMs < 10_000, `activation took ${exports.activationTimeMs} ms`);
    notes.activationTimeMs = exports.activationTimeMs;
  });

  it('runs in the real (remote Node) extension host of code-server', () => {
    assert.equal(extension().id, EXTENSION_ID);
    assert.ok(vscode.version.startsWith('1.'), vscode.version);
    assert.ok(vscode.env.remoteName, 'a remote extension host');
    notes.vscodeVersion = vscode.version;
    notes.uiKind = vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop';
  });

  it("keeps its database file in the extension's global storage", async () => {
    const tasks = await api();
    const expectedFolder = path.join(readUserDataDir(), 'User', 'globalStorage', EXTENSION_ID);
    assert.equal(path.dirname(tasks.databaseFile), expectedFolder);
    assert.equal(path.basename(tasks.databaseFile), 'tasks.db');
    await waitFor(`${tasks.databaseFile} to exist`, () => fs.existsSync(tasks.databaseFile), 10_000);
    assert.ok(fs.statSync(tasks.databaseFile).size > 0, 'the database file is not empty');
  });

  it('contributes the Background Tasks view container and its tree view', async () => {
    const contributes = extension().packageJSON.contributes;
    assert.equal(contributes.viewsContainers.activitybar[0].id, 'backgroundTasks');
    assert.equal(contributes.viewsContainers.activitybar[0].title, 'Background Tasks');
    assert.equal(contributes.views.backgroundTasks[0].id, 'backgroundTasks.tasks');
    assert.ok(!extension().packageJSON.activationEvents.includes('*'), 'no "*" activation');
    // VS Code generates "<view>.focus" for every registered view: it opens the container.
    await vscode.commands.executeCommand('backgroundTasks.tasks.focus');
  });
});

function readUserDataDir(): string {
  const { userDataDir } = readControl();
  if (!userDataDir) throw new Error('control.json has no userDataDir');
  return userDataDir;
}
