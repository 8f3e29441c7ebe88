#!/usr/bin/env node
// `npm run test:e2e`: the extension in a real VS Code (code-server 4.139.1 = VS Code 1.139.1).
//  1. installs on first use (Debian chromium + libkrb5-dev, Node 24, code-server into a cache folder
//     outside the repo) and reuses it afterwards;
//  2. builds and packages the extension, and bundles the in-host suites (test/e2e/suite);
//  3. integration: code-server with the smoke-test driver, fresh user-data and extensions folders;
//     Chromium opens pages whose `payload` runs mocha inside the real extension host, loading the
//     extension from this repository (extensionDevelopmentPath). Then "tasks survive a reload": one page
//     leaves tasks behind, is closed, its extension host ends, and a new page's host sees them;
//  4. browser: a second code-server with the packaged .vsix installed; Playwright clicks through the
//     UI (test/e2e/browser) while the ui-driver enqueues tasks; screenshots go to test-results/screenshots;
//  5. stops everything it started, also on failure, timeout or Ctrl+C; exits non-zero on any failure.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildE2e, driverExtensionDir, e2eOut, suiteFile } from './lib/buildE2e.mjs';
import { launchBrowser, openTestPage } from './lib/browser.mjs';
import { cleanupAll, installSignalHandlers, onCleanup, trackGroup } from './lib/cleanup.mjs';
import { installVsix, startCodeServer, workbenchUrl } from './lib/codeServer.mjs';
import { cacheRoot, extensionId, repoRoot, vsixPath } from './lib/config.mjs';
import { createDriverControl } from './lib/driverControl.mjs';
import { ensureChromium, ensureCodeServer } from './lib/install.mjs';
import { log, run, waitFor } from './lib/proc.mjs';

const TOTAL_TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS ?? 25 * 60_000);
const resultsRoot = path.join(repoRoot, 'test-results');
const logsDir = path.join(resultsRoot, 'e2e');
const screenshotsDir = path.join(resultsRoot, 'screenshots');
const runId = `${Date.now().toString(36)}-${process.pid}`;
/** On top of the quiet defaults: no chat side bar taking a third of the screenshots. */
const E2E_SETTINGS = { 'workbench.secondarySideBar.defaultVisibility': 'hidden' };

/** Every test of every suite: { suite, title, ok, error?, durationMs? } */
const outcomes = [];
const notes = {};
const timings = {};

installSignalHandlers();
const watchdog = setTimeout(() => {
  log(`the e2e run exceeded ${Math.round(TOTAL_TIMEOUT_MS / 1000)} s (E2E_TIMEOUT_MS): stopping everything`);
  outcomes.push({ suite: 'harness', title: `finishes within ${Math.round(TOTAL_TIMEOUT_MS / 1000)} s`, ok: false, error: 'timed out' });
  cleanupAll().finally(() => {
    printSummary();
    process.exit(1);
  });
}, TOTAL_TIMEOUT_MS);
watchdog.unref();

const started = Date.now();
try {
  await main();
} catch (error) {
  outcomes.push({ suite: 'harness', title: 'runs to the end', ok: false, error: error.stack ?? String(error) });
} finally {
  await cleanupAll();
  clearTimeout(watchdog);
  printSummary();
  process.exitCode = outcomes.length > 0 && outcomes.every((outcome) => outcome.ok) ? 0 : 1;
}

async function main() {
  await rm(logsDir, { recursive: true, force: true });
  await rm(screenshotsDir, { recursive: true, force: true });
  await mkdir(logsDir, { recursive: true });
  await mkdir(screenshotsDir, { recursive: true });
  const runRoot = await mkdtemp(path.join(os.tmpdir(), 'background-tasks-e2e-'));
  if (!process.env.E2E_KEEP) onCleanup('remove the run folder', () => rm(runRoot, { recursive: true, force: true }));
  log(`run ${runId}: folders under ${runRoot}; logs in ${path.relative(repoRoot, logsDir)}/; cache ${cacheRoot}`);

  await timed('install', async () => {
    await ensureCodeServer();
    await ensureChromium();
  });
  await timed('build', async () => {
    await run('npm', ['run', '--silent', 'package'], { cwd: repoRoot, timeoutMs: 5 * 60_000, logFile: path.join(logsDir, 'build.log') });
    if (!existsSync(vsixPath)) throw new Error(`npm run package made no ${vsixPath}`);
    await buildE2e();
  });

  const browser = await launchBrowser();
  onCleanup('close the browser', () => browser.close());

  await timed('integration', () => integration(browser, path.join(runRoot, 'integration')));
  await timed('browser', () => browserTests(browser, path.join(runRoot, 'browser')));
}

/** mocha suites in the extension host, the extension loaded from this repository. */
async function integration(browser, root) {
  const server = await startCodeServer({ root, folder: path.join(root, 'workspace'), smokeTestDriver: true, settings: E2E_SETTINGS, logFile: path.join(logsDir, 'code-server-integration.log') });
  const untrack = trackGroup(server.pid);
  const unregister = onCleanup('stop code-server (integration)', server.stop);
  const context = { server, stateDir: path.join(root, 'state') };
  try {
    await runSuitePage(browser, context, 'integration', { timeoutMs: 4 * 60_000 });

    // Tasks survive a reload: this page's extension host must end before the next one starts.
    const before = await runSuitePage(browser, context, 'reload-before', { timeoutMs: 2 * 60_000 });
    if (before.results?.pid) {
      const hostPid = before.results.pid;
      const closedAt = Date.now();
      await waitFor(`the old extension host (pid ${hostPid}) to end after its page closed`, () => !pidAlive(hostPid), { timeoutMs: 90_000, intervalMs: 200 });
      notes.extensionHostEndedAfterCloseMs = Date.now() - closedAt;
      await checkDeactivated(server, hostPid);
      await mkdir(context.stateDir, { recursive: true });
      await writeFile(path.join(context.stateDir, 'old-host-ended.json'), JSON.stringify({ endedAt: Date.now() / 1000 }));
      await runSuitePage(browser, context, 'reload-after', { timeoutMs: 3 * 60_000 });
    }
  } finally {
    await server.stop();
    unregister();
    untrack();
  }
}

/** Opens one page that runs the phase's bundle in a new extension host; records its tests. */
async function runSuitePage(browser, { server, stateDir }, phase, { timeoutMs, extensionDevelopmentPath = repoRoot, extra = {} }) {
  const resultsFile = path.join(logsDir, `${phase}.json`);
  await rm(resultsFile, { force: true });
  await writeControl({ phase, resultsFile, stateDir, userDataDir: server.userDataDir, ...extra });
  const session = await openTestPage(browser, server, {
    name: phase,
    extensionDevelopmentPath,
    extensionTestsPath: suiteFile(phase),
    logFile: path.join(logsDir, `${phase}-browser.log`),
    timeoutMs,
  });
  let exitCode;
  try {
    exitCode = await session.exit;
  } catch (error) {
    outcomes.push({ suite: phase, title: 'finishes in time', ok: false, error: error.message });
    await session.page.screenshot({ path: path.join(screenshotsDir, `failure-${phase}.png`) }).catch(() => {});
  } finally {
    await session.close();
  }
  const results = readJson(resultsFile);
  if (!results) {
    outcomes.push({ suite: phase, title: 'writes its results', ok: false, error: `no ${resultsFile} (exit code ${exitCode}); see ${phase}-browser.log` });
    return { exitCode };
  }
  for (const pass of results.passes) outcomes.push({ suite: phase, title: pass.title, ok: true, durationMs: pass.durationMs });
  for (const failure of results.failures) outcomes.push({ suite: phase, title: failure.title, ok: false, error: failure.error });
  Object.assign(notes, results.notes);
  if (exitCode !== undefined && exitCode !== 0 && results.failures.length === 0) {
    outcomes.push({ suite: phase, title: 'exits with code 0', ok: false, error: `exit code ${exitCode}` });
  }
  return { exitCode, results };
}

/** Playwright clicks through the UI of the installed .vsix; the ui-driver enqueues in its host. */
async function browserTests(browser, root) {
  const extensionsDir = path.join(root, 'extensions');
  const userDataDir = path.join(root, 'user-data');
  await installVsix({ vsix: vsixPath, extensionsDir, userDataDir, root, logFile: path.join(logsDir, 'install-extension.log') });
  const installed = (await readdir(extensionsDir)).filter((name) => name.startsWith(`${extensionId}-`));
  if (installed.length !== 1) throw new Error(`the .vsix did not install into ${extensionsDir}: ${installed.join(', ')}`);

  const server = await startCodeServer({ root, folder: path.join(root, 'workspace'), extensionsDir, userDataDir, smokeTestDriver: true, settings: E2E_SETTINGS, logFile: path.join(logsDir, 'code-server-browser.log') });
  const untrack = trackGroup(server.pid);
  const unregister = onCleanup('stop code-server (browser)', server.stop);
  const driver = await createDriverControl();
  const unregisterDriver = onCleanup('close the driver endpoint', () => driver.close());
  const resultsFile = path.join(logsDir, 'ui-driver.json');
  await writeControl({ phase: 'ui-driver', resultsFile, stateDir: path.join(root, 'state'), userDataDir, controlUrl: driver.url });
  const session = await openTestPage(browser, server, {
    name: 'ui-driver',
    extensionDevelopmentPath: driverExtensionDir,
    extensionTestsPath: suiteFile('ui-driver'),
    logFile: path.join(logsDir, 'browser-tests-browser.log'),
    timeoutMs: 8 * 60_000,
  });
  // One window, the files' steps in this order: each file starts where the previous one left off.
  const steps = [];
  for (const file of ['treeView.mjs', 'palette.mjs']) steps.push(...(await import(new URL(`../test/e2e/browser/${file}`, import.meta.url))).steps);
  const browserNotes = {};
  const screenshot = async (name, page = session.page) => {
    const file = path.join(screenshotsDir, `${name}.png`);
    // Park the mouse on the empty editor area and let any hover tooltip go: none in the picture.
    await page.mouse.move(800, 700);
    await page.locator('.workbench-hover-container, .monaco-hover:not(.hidden)').first().waitFor({ state: 'hidden', timeout: 3000 }).catch(() => {});
    await page.screenshot({ path: file });
    log(`screenshot ${path.relative(repoRoot, file)}`);
  };
  const windows = [];
  /** Another tab = another VS Code window (own extension host, same global storage); no payload. */
  const openWindow = async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
    windows.push(context);
    const page = await context.newPage();
    await page.goto(workbenchUrl(server), { waitUntil: 'domcontentloaded', timeout: 60_000 });
    return page;
  };
  let failed = false;
  try {
    await driver.connected(120_000);
    for (const step of steps) {
      if (failed) {
        outcomes.push({ suite: 'browser', title: step.title, ok: false, skipped: true, error: 'an earlier step failed' });
        continue;
      }
      const stepStarted = Date.now();
      try {
        await step.run({ page: session.page, driver, screenshot, openWindow, notes: browserNotes });
        outcomes.push({ suite: 'browser', title: step.title, ok: true, durationMs: Date.now() - stepStarted });
      } catch (error) {
        failed = true;
        outcomes.push({ suite: 'browser', title: step.title, ok: false, error: error.stack ?? String(error) });
        await screenshot(`failure-${steps.indexOf(step) + 1}`).catch(() => {});
      }
    }
  } catch (error) {
    failed = true;
    outcomes.push({ suite: 'browser', title: 'the ui-driver connects', ok: false, error: error.message });
  } finally {
    driver.exit(failed);
    try {
      const code = await Promise.race([session.exit, new Promise((resolve) => setTimeout(() => resolve('timeout'), 30_000))]);
      if (!failed && code !== 0) outcomes.push({ suite: 'browser', title: 'the ui-driver exits with code 0', ok: false, error: `exit code ${code}` });
    } catch (error) {
      if (!failed) outcomes.push({ suite: 'browser', title: 'the ui-driver exits', ok: false, error: error.message });
    }
    for (const context of windows) await context.close().catch(() => {});
    await session.close();
    await driver.close();
    unregisterDriver();
    await server.stop();
    unregister();
    untrack();
  }
  notes.browserActivationTimeMs = browserNotes.activationTimeMs;
  notes.treeRows = browserNotes.rowLabels;
}

/**
 * deactivate must stop the worker and flush before the host exits. VS Code closes the output
 * channel before it calls deactivate, so the extension's logger writes its last lines to stderr,
 * which code-server keeps in its log, prefixed with the extension host's pid.
 */
async function checkDeactivated(server, hostPid) {
  const title = 'deactivate stopped the worker and flushed the database before the old extension host ended';
  const pattern = new RegExp(`<${hostPid}>.*Background Tasks \\[info\\] Stopped in \\d+ ms: worker stopped, database flushed and closed`);
  try {
    await waitFor(`"Stopped in" from extension host ${hostPid} in ${server.logFile}`, () => pattern.test(readFileSync(server.logFile, 'utf8')), { timeoutMs: 10_000 });
    outcomes.push({ suite: 'reload-before', title, ok: true });
  } catch (error) {
    const tail = readFileSync(server.logFile, 'utf8').split('\n').filter((line) => line.includes(`<${hostPid}>`)).slice(-15).join('\n');
    outcomes.push({ suite: 'reload-before', title, ok: false, error: `${error.message}\n${tail}` });
  }
}

async function findFiles(dir, match) {
  const found = [];
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await findFiles(full, match)));
    else if (match(entry.name)) found.push(full);
  }
  return found;
}

async function writeControl(fields) {
  await mkdir(e2eOut, { recursive: true });
  await writeFile(path.join(e2eOut, 'control.json'), JSON.stringify({ runId, ...fields }, null, 2));
}

async function timed(name, fn) {
  const stepStarted = Date.now();
  log(`== ${name}`);
  try {
    return await fn();
  } finally {
    timings[name] = Math.round((Date.now() - stepStarted) / 100) / 10;
    log(`== ${name} took ${timings[name]} s`);
  }
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function printSummary() {
  const lines = ['', 'End-to-end results (code-server + Chromium):'];
  let suite;
  for (const outcome of outcomes) {
    if (outcome.suite !== suite) {
      suite = outcome.suite;
      lines.push(`  ${suite}`);
    }
    lines.push(`    ${outcome.ok ? 'ok  ' : outcome.skipped ? 'skip' : 'FAIL'} ${outcome.title}${outcome.durationMs !== undefined ? ` (${outcome.durationMs} ms)` : ''}`);
    if (!outcome.ok && outcome.error) lines.push(...String(outcome.error).split('\n').slice(0, 12).map((line) => `           ${line}`));
  }
  const passed = outcomes.filter((outcome) => outcome.ok).length;
  const skipped = outcomes.filter((outcome) => outcome.skipped).length;
  const failed = outcomes.length - passed - skipped;
  lines.push('');
  if (notes.activationTimeMs !== undefined) lines.push(`Activation time: ${notes.activationTimeMs} ms (integration host), ${notes.browserActivationTimeMs ?? '?'} ms (installed .vsix)`);
  if (notes.extensionHostEndedAfterCloseMs !== undefined) lines.push(`Old extension host ended ${Math.round(notes.extensionHostEndedAfterCloseMs / 100) / 10} s after its page closed`);
  lines.push(`Timings (s): ${Object.entries(timings).map(([name, seconds]) => `${name} ${seconds}`).join(', ')}; total ${Math.round((Date.now() - started) / 1000)} s`);
  lines.push(`Screenshots: ${screenshotsDir}`);
  lines.push(`Logs:        ${logsDir}`);
  lines.push(`e2e: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.stdout.write(lines.join('\n') + '\n');
}
