// Browser tests of what a person does with the extension: Enqueue Task... through the command
// palette (operation, parameters checked as typed, priority), the task running in the tree with
// the status bar counting it, cancel from the row's context menu, Show Details, the filter, and
// the welcome view's button. Runs after treeView.mjs on the same window (its tasks are there too).
import { waitUntil } from './waitUntil.mjs';

const taskRow = (page, operation, status) => page.locator(`.pane-body .monaco-list-row[aria-label^="${operation}, ${status}"]`).first();
const groupRow = (page, label) => page.locator(`.pane-body .monaco-list-row[aria-label^="${label} ("]`).first();
const quickInput = (page) => page.locator('.quick-input-widget');
const quickInputBox = (page) => page.locator('.quick-input-widget input').first();
const quickRow = (page, text) => page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
const statusBarItem = (page) => page.locator('.part.statusbar [aria-label^="Background Tasks:"]').first();
const tasksView = (page) => page.locator('.part.sidebar .pane', { has: page.locator('.pane-header[aria-label^="Tasks"]') }).first();
/** The container's only view: its title actions are in the side bar's title, not a pane header. */
const titleAction = (page, title) => page.locator(`.part.sidebar .title-actions .action-item a[aria-label^="${title}"]`).first();

/** The quick input's title (which carries the step: "Enqueue Background Task (2/3)"). */
async function quickTitle(page) {
  return (await page.locator('.quick-input-widget .quick-input-title').first().textContent({ timeout: 5000 }).catch(() => '')) ?? '';
}

async function rowCount(page, label) {
  const aria = (await groupRow(page, label).getAttribute('aria-label', { timeout: 2000 }).catch(() => null)) ?? '';
  const match = /\((\d+)/.exec(aria);
  return match ? Number(match[1]) : 0;
}

/** Each step runs after the previous one passed; `ctx` = { page, driver, screenshot(name, page?), openWindow(), notes }. */
export const steps = [
  {
    title: 'Enqueue Task... in the command palette: pick demo.wait, see a parameter error in the input box, fix it, pick a priority',
    async run({ page, screenshot, notes }) {
      // The tree view in front (a click on the activity-bar entry of the open container would close it).
      await page.keyboard.press('Escape');
      if (!(await tasksView(page).isVisible())) await page.locator('.activitybar .action-item a[aria-label^="Background Tasks"], .activitybar .action-item[aria-label^="Background Tasks"]').first().click();
      await tasksView(page).waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.press('F1');
      await quickInputBox(page).waitFor({ state: 'visible', timeout: 10_000 });
      await quickInputBox(page).fill('>Background Tasks: Enqueue');
      await quickRow(page, 'Background Tasks: Enqueue Task...').waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.press('Enter');

      // Step 1: the registered operations, with their descriptions.
      await quickRow(page, 'demo.wait').waitFor({ state: 'visible', timeout: 10_000 });
      for (const name of ['lm.tool', 'vscode.command', 'vscode.task']) await quickRow(page, name).waitFor({ state: 'visible', timeout: 5_000 });
      if (!/1\/3/.test(await quickTitle(page))) throw new Error(`step 1 title: ${await quickTitle(page)}`);
      await screenshot('07-enqueue-pick-operation');
      await quickInputBox(page).fill('demo.wait');
      await quickRow(page, 'demo.wait').waitFor({ state: 'visible', timeout: 5_000 });
      await page.keyboard.press('Enter');

      // Step 2: parameters as JSON, checked against the operation while typing.
      await page.locator('.quick-input-widget', { hasText: 'duration_ms: integer (required)' }).waitFor({ state: 'visible', timeout: 10_000 });
      const template = await quickInputBox(page).inputValue();
      if (template !== '{"duration_ms":0}') throw new Error(`template: ${template}`);
      await quickInputBox(page).fill('{"duration_ms": -1}');
      await page.locator('.quick-input-widget', { hasText: 'parameters.duration_ms: must be 0 or more' }).waitFor({ state: 'visible', timeout: 10_000 });
      await screenshot('08-enqueue-parameters-error');
      // Enter on an invalid value does nothing: the box stays, with its message.
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget', { hasText: 'parameters.duration_ms: must be 0 or more' }).waitFor({ state: 'visible', timeout: 5_000 });
      await quickInputBox(page).fill('{"duration_ms": 30000, "steps": 30}');
      await page.locator('.quick-input-widget', { hasText: 'parameters.duration_ms: must be 0 or more' }).waitFor({ state: 'detached', timeout: 5_000 }).catch(async () => {
        // Older workbenches keep the element and empty it.
        await page.waitForFunction(() => !document.querySelector('.quick-input-widget')?.textContent?.includes('must be 0 or more'), undefined, { timeout: 5_000 });
      });
      await page.keyboard.press('Enter');

      // Step 3: priority, 5 preselected. Back returns to the parameters as typed.
      await quickRow(page, 'Priority 5').waitFor({ state: 'visible', timeout: 10_000 });
      if (!/3\/3/.test(await quickTitle(page))) throw new Error(`step 3 title: ${await quickTitle(page)}`);
      await page.locator('.quick-input-widget .quick-input-titlebar .action-label.codicon-quick-input-back, .quick-input-widget .quick-input-titlebar a[aria-label="Back"]').first().click();
      await page.locator('.quick-input-widget', { hasText: 'duration_ms: integer (required)' }).waitFor({ state: 'visible', timeout: 10_000 });
      if ((await quickInputBox(page).inputValue()) !== '{"duration_ms": 30000, "steps": 30}') throw new Error(`after Back: ${await quickInputBox(page).inputValue()}`);
      await page.keyboard.press('Enter');
      await quickRow(page, 'Priority 5').waitFor({ state: 'visible', timeout: 10_000 });
      await quickInputBox(page).fill('Priority 2');
      await quickRow(page, 'Priority 2').waitFor({ state: 'visible', timeout: 5_000 });
      await page.keyboard.press('Enter');
      await quickInput(page).waitFor({ state: 'hidden', timeout: 10_000 });
      notes.enqueuedFromPalette = true;
    },
  },
  {
    title: 'the task runs in the tree (spinning icon, progress moving) and the status bar counts it',
    async run({ page, screenshot, notes }) {
      const row = taskRow(page, 'demo.wait', 'running');
      await row.waitFor({ state: 'visible', timeout: 20_000 });
      const first = await row.getAttribute('aria-label');
      await waitUntil('its progress to move', async () => {
        const label = await row.getAttribute('aria-label').catch(() => null);
        return label && label !== first && /running, [1-9]\d*%/.test(label) ? label : undefined;
      }, 20_000);
      await row.locator('.codicon-sync.codicon-modifier-spin, .codicon-sync~spin, .codicon-modifier-spin').first().waitFor({ state: 'visible', timeout: 5_000 });
      const status = statusBarItem(page);
      await status.waitFor({ state: 'visible', timeout: 10_000 });
      const statusLabel = await status.getAttribute('aria-label');
      if (!/^Background Tasks: 1 running/.test(statusLabel ?? '')) throw new Error(`status bar: ${statusLabel}`);
      notes.statusBarWhileRunning = statusLabel;
      await screenshot('09-palette-task-running');

      // Tooltips (Markdown: id, account, priority, attempts, times, error) can be read while a task
      // runs: its progress redraws its own row only, not the row under the mouse.
      await taskRow(page, 'demo.wait', 'failed').hover();
      const hover = page.locator('.workbench-hover-container, .monaco-hover:not(.hidden)').filter({ hasText: 'Attempts: 1 of 1' }).first();
      await hover.waitFor({ state: 'visible', timeout: 10_000 });
      await hover.filter({ hasText: 'Error' }).filter({ hasText: 'failing attempt 1 of 5 on purpose' }).waitFor({ state: 'visible', timeout: 5_000 });
      // Still there after two more progress reports of the running task.
      let label = await row.getAttribute('aria-label');
      for (let report = 0; report < 2; report++) {
        const seen = label;
        label = await waitUntil('the next progress report', async () => {
          const now = await row.getAttribute('aria-label').catch(() => null);
          return now && now !== seen ? now : undefined;
        }, 10_000);
      }
      if (!(await hover.isVisible())) throw new Error('the tooltip went away when the running row was redrawn');
      await page.screenshot({ path: new URL('../../../test-results/screenshots/10-task-tooltip.png', import.meta.url).pathname });
      await page.mouse.move(800, 700);
    },
  },
  {
    title: "the running task is cancelled from its context menu and moves to Cancelled",
    async run({ page, screenshot }) {
      const cancelledBefore = await rowCount(page, 'Cancelled');
      const row = taskRow(page, 'demo.wait', 'running');
      await row.click({ button: 'right' });
      const menu = page.locator('.context-view .monaco-menu, .monaco-menu-container .monaco-menu').first();
      await menu.waitFor({ state: 'visible', timeout: 10_000 });
      const labels = (await menu.locator('.action-label').allTextContents()).map((text) => text.trim()).filter(Boolean);
      for (const expected of ['Show Details', 'Copy Task ID', 'Cancel']) if (!labels.includes(expected)) throw new Error(`context menu: ${labels.join(' | ')}`);
      for (const absent of ['Retry', 'Delete Task']) if (labels.includes(absent)) throw new Error(`a running task offers ${absent}: ${labels.join(' | ')}`);
      await settled(page);
      await screenshot('11-context-menu-running');
      await menuItem(menu, 'Cancel').click();
      await waitUntil('the Cancelled group to count it', async () => ((await rowCount(page, 'Cancelled')) === cancelledBefore + 1 ? true : undefined), 15_000);
      await page.locator('.pane-body .monaco-list-row[aria-label^="demo.wait, running"]').waitFor({ state: 'detached', timeout: 10_000 });
      // Finished groups start collapsed: open Cancelled to see it.
      const group = groupRow(page, 'Cancelled');
      if ((await group.getAttribute('aria-expanded')) !== 'true') await group.click();
      await taskRow(page, 'demo.wait', 'cancelled').waitFor({ state: 'visible', timeout: 10_000 });
      await screenshot('12-task-cancelled');
    },
  },
  {
    title: 'Show Details opens the whole task as read-only JSON',
    async run({ page, screenshot }) {
      const row = taskRow(page, 'demo.wait', 'cancelled');
      await row.click({ button: 'right' });
      const menu = page.locator('.context-view .monaco-menu, .monaco-menu-container .monaco-menu').first();
      await menu.waitFor({ state: 'visible', timeout: 10_000 });
      const labels = (await menu.locator('.action-label').allTextContents()).map((text) => text.trim()).filter(Boolean);
      for (const expected of ['Show Details', 'Copy Task ID', 'Retry', 'Delete Task']) if (!labels.includes(expected)) throw new Error(`context menu of a cancelled task: ${labels.join(' | ')}`);
      if (labels.includes('Cancel')) throw new Error(`a cancelled task offers Cancel: ${labels.join(' | ')}`);
      await settled(page);
      await menuItem(menu, 'Show Details').click();
      await page.locator('.tabs-container .tab', { hasText: /demo\.wait-[0-9a-f]{8}\.json/ }).first().waitFor({ state: 'visible', timeout: 10_000 });
      const editor = page.locator('.editor-instance .monaco-editor .view-lines').first();
      await editor.filter({ hasText: '"status": "cancelled"' }).waitFor({ state: 'visible', timeout: 10_000 });
      await editor.filter({ hasText: '"duration_ms": 30000' }).waitFor({ state: 'visible', timeout: 5_000 });
      await editor.filter({ hasText: '"priority": 2' }).waitFor({ state: 'visible', timeout: 5_000 });
      await screenshot('13-task-details');
    },
  },
  {
    title: 'Filter from the view title: only failed tasks, said at the top of the view; Clear Filter shows all again',
    async run({ page, screenshot }) {
      await titleAction(page, 'Filter Tasks').click();
      await quickRow(page, 'Failed').waitFor({ state: 'visible', timeout: 10_000 });
      // A click on a row of a multi-select pick ticks it.
      await quickRow(page, 'Failed').click();
      await page.locator('.quick-input-list .monaco-list-row[aria-checked="true"]', { hasText: 'Failed' }).first().waitFor({ state: 'visible', timeout: 5_000 });
      await settled(page);
      await screenshot('14-filter-pick');
      await page.keyboard.press('Enter');
      await quickInput(page).waitFor({ state: 'hidden', timeout: 10_000 });
      // The message at the top of the tree (a lone view's description is not shown in the side bar title).
      await page.locator('.part.sidebar .pane-body', { hasText: 'Showing failed tasks only.' }).first().waitFor({ state: 'visible', timeout: 10_000 });
      await groupRow(page, 'Failed').waitFor({ state: 'visible', timeout: 10_000 });
      await page.locator('.pane-body .monaco-list-row[aria-label^="Cancelled ("]').waitFor({ state: 'detached', timeout: 10_000 });
      await screenshot('15-filtered');
      await titleAction(page, 'Clear Filter').click();
      await groupRow(page, 'Cancelled').waitFor({ state: 'visible', timeout: 10_000 });
    },
  },
  {
    title: 'Clear Finished from the view title empties the view: the welcome offers Enqueue Task..., which opens the palette steps',
    async run({ page, screenshot }) {
      await page.keyboard.press('Escape');
      await titleAction(page, 'Clear Finished Tasks').click();
      const welcome = page.locator('.pane-body .welcome-view-content', { hasText: 'No background tasks yet.' }).first();
      await welcome.waitFor({ state: 'visible', timeout: 20_000 });
      const button = welcome.locator('a.monaco-button, .monaco-button', { hasText: 'Enqueue Task...' }).first();
      await button.waitFor({ state: 'visible', timeout: 5_000 });
      await statusBarItem(page).waitFor({ state: 'hidden', timeout: 10_000 });
      await screenshot('16-welcome-with-button');
      await button.click();
      await quickRow(page, 'demo.wait').waitFor({ state: 'visible', timeout: 10_000 });
      await page.keyboard.press('Escape');
      await quickInput(page).waitFor({ state: 'hidden', timeout: 10_000 });
    },
  },
];

/** A context-menu entry by its exact title. */
function menuItem(menu, title) {
  return menu.getByRole('menuitem', { name: title, exact: true }).first();
}

/** Lets fade-ins finish (a screenshot mid-animation shows a translucent menu); spinners never finish, so they are skipped. */
async function settled(page) {
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => Number.isFinite(animation.effect?.getComputedTiming().endTime ?? Infinity))
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  );
}

