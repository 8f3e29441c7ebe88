// Browser tests: what a person sees in the workbench. Playwright drives Debian's chromium on
// code-server, where the packaged .vsix is installed; the ui-driver (running in the same extension
// host) enqueues tasks through the extension's API when a step asks it to.
import { waitUntil } from './waitUntil.mjs';

const activityEntry = (page) => page.locator('.activitybar .action-item a[aria-label^="Background Tasks"], .activitybar .action-item[aria-label^="Background Tasks"]').first();
const taskRow = (page, operation, status) => page.locator(`.monaco-list-row[aria-label^="${operation}, ${status}"]`).first();
const groupRow = (page, label) => page.locator(`.monaco-list-row[aria-label^="${label} ("]`).first();

/** Opens a status group as a person would (finished groups may start collapsed). */
async function expandGroup(page, label) {
  const row = groupRow(page, label);
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  if ((await row.getAttribute('aria-expanded')) === 'false') {
    await row.click();
    await page.locator(`.monaco-list-row[aria-label^="${label} ("][aria-expanded="true"]`).first().waitFor({ state: 'visible', timeout: 5_000 });
  }
}

/**
 * Each step runs after the previous one passed; `ctx` = { page, driver, screenshot(name, page?),
 * openWindow(), notes }. openWindow() opens another browser tab on the same code-server: another
 * VS Code window, with its own extension host sharing the global storage (the task database).
 */
export const steps = [
  {
    title: 'the workbench loads, with a Background Tasks entry in the activity bar',
    async run({ page, screenshot }) {
      await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 90_000 });
      await activityEntry(page).waitFor({ state: 'visible', timeout: 60_000 });
      await screenshot('01-workbench');
    },
  },
  {
    title: 'the extension activates and reports its activation time',
    async run({ driver, notes }) {
      const info = await driver.call('info', {}, 60_000);
      if (typeof info.activationTimeMs !== 'number' || info.activationTimeMs <= 0) throw new Error(`activationTimeMs: ${info.activationTimeMs}`);
      notes.activationTimeMs = info.activationTimeMs;
      notes.databaseFile = info.databaseFile;
    },
  },
  {
    title: 'the activity-bar entry opens the tree view, which welcomes a person when there are no tasks',
    async run({ page, screenshot }) {
      await activityEntry(page).click();
      await page.locator('.pane-body .welcome-view-content', { hasText: 'No background tasks yet.' }).first().waitFor({ state: 'visible', timeout: 20_000 });
      await screenshot('02-empty-view');
    },
  },
  {
    title: 'an enqueued task shows up in the tree and its status and progress change as it runs',
    async run({ page, driver, screenshot, notes }) {
      const task = await driver.call('enqueue', { operation: 'demo.wait', parameters: { duration_ms: 8000, steps: 8 } });
      await taskRow(page, 'demo.wait', 'running').waitFor({ state: 'visible', timeout: 20_000 });
      await groupRow(page, 'Running').waitFor({ state: 'visible', timeout: 5_000 });
      const first = await taskRow(page, 'demo.wait', 'running').getAttribute('aria-label');
      // Progress reports (one per second) reach the row: its description changes while running.
      await waitUntil('the running row to show new progress', async () => {
        const label = await taskRow(page, 'demo.wait', 'running').getAttribute('aria-label').catch(() => null);
        return label && label !== first && /[1-9]\d*%/.test(label) ? label : undefined;
      }, 15_000);
      // A delayed task waits in Queued; a task that fails for good lands in Failed.
      const delayed = await driver.call('enqueue', { operation: 'demo.wait', parameters: { duration_ms: 1000 }, delay_ms: 600_000 });
      const failing = await driver.call('enqueue', { operation: 'demo.wait', parameters: { duration_ms: 10, steps: 1, fail_attempts: 5 }, max_retries: 0 });
      await driver.call('waitForStatus', { taskId: failing.task_id, status: 'failed', timeoutMs: 20_000 }, 30_000);
      await groupRow(page, 'Queued').waitFor({ state: 'visible', timeout: 10_000 });
      await groupRow(page, 'Failed').waitFor({ state: 'visible', timeout: 10_000 });
      await taskRow(page, 'demo.wait', 'running').waitFor({ state: 'visible', timeout: 5_000 });
      await screenshot('03-task-running');
      await driver.call('waitForStatus', { taskId: task.task_id, status: 'completed', timeoutMs: 30_000 }, 40_000);
      await expandGroup(page, 'Completed');
      await taskRow(page, 'demo.wait', 'completed').waitFor({ state: 'visible', timeout: 10_000 });
      await driver.call('cancel', { taskId: delayed.task_id });
      await expandGroup(page, 'Cancelled');
      await taskRow(page, 'demo.wait', 'cancelled').waitFor({ state: 'visible', timeout: 10_000 });
      await page.locator('.monaco-list-row[aria-label^="Running ("]').waitFor({ state: 'detached', timeout: 10_000 });
      await screenshot('04-task-completed');
      notes.rowLabels = await page.locator('.pane-body .monaco-list-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label')));
    },
  },
  {
    title: 'a second window shows the same tasks, and a task enqueued in the first appears in it live and runs once',
    async run({ driver, screenshot, openWindow }) {
      const second = await openWindow();
      await second.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 90_000 });
      await activityEntry(second).waitFor({ state: 'visible', timeout: 60_000 });
      await activityEntry(second).click();
      // Its own extension host reads the shared database: the first window's tasks are there.
      await groupRow(second, 'Completed').waitFor({ state: 'visible', timeout: 30_000 });
      await groupRow(second, 'Cancelled').waitFor({ state: 'visible', timeout: 5_000 });
      const task = await driver.call('enqueue', { operation: 'demo.wait', parameters: { duration_ms: 6000, steps: 6 } });
      // Enqueued in the other process: it arrives through the engine's external-change event.
      await taskRow(second, 'demo.wait', 'running').waitFor({ state: 'visible', timeout: 20_000 });
      await screenshot('05-second-window', second);
      const done = await driver.call('waitForStatus', { taskId: task.task_id, status: 'completed', timeoutMs: 30_000 }, 40_000);
      // Two extension hosts were working on one database: the task was claimed exactly once.
      if (done.attempts !== 1) throw new Error(`the task ran ${done.attempts} times across the two windows`);
      await second.locator('.monaco-list-row[aria-label^="Completed (2)"]').waitFor({ state: 'visible', timeout: 20_000 });
    },
  },
  {
    title: 'the "Background Tasks" output channel shows the engine log, with the activation time',
    async run({ page, screenshot }) {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill('>Output: Show Output Channels');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Output Channels' }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      await input.fill('Background Tasks');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Background Tasks' }).first().waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      await page.locator('.part.panel .monaco-editor .view-lines', { hasText: 'Activated in' }).first().waitFor({ state: 'visible', timeout: 20_000 });
      await screenshot('06-output-channel');
    },
  },
];

