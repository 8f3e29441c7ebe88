// Debian's chromium driven by playwright-core, and the smoke-test-driver protocol of the workbench:
// a page opened with a `payload` runs extensionTestsPath in a new extension host and reports the end
// through window.codeAutomationExit(code), its logs through window.codeAutomationLog(type, args).
import { createWriteStream } from 'node:fs';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { chromiumPath } from './config.mjs';
import { remoteUri, workbenchUrl } from './codeServer.mjs';
import { log } from './proc.mjs';

export async function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    timeout: 60_000,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Opens the workbench in a new page with the smoke-test payload. Returns { page, exit } where `exit`
 * resolves to the extension tests' exit code (or rejects at `timeoutMs`).
 */
export async function openTestPage(browser, server, { name, extensionDevelopmentPath, extensionTestsPath, logFile, timeoutMs, echo = true }) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const out = createWriteStream(logFile, { flags: 'a' });
  // Logs arrive through codeAutomationLog too; the console adds what the workbench does not log.
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') out.write(`[console.${message.type()}] ${message.text()}\n`);
  });
  page.on('pageerror', (error) => out.write(`[pageerror] ${error.stack ?? error}\n`));
  page.on('crash', () => out.write('[crash] the page crashed\n'));

  let resolveExit;
  let rejectExit;
  const exit = new Promise((resolve, reject) => {
    resolveExit = resolve;
    rejectExit = reject;
  });
  const timer = setTimeout(() => rejectExit(new Error(`${name}: the extension tests did not finish within ${Math.round(timeoutMs / 1000)} s (browser log: ${logFile})`)), timeoutMs);
  exit.finally(() => clearTimeout(timer)).catch(() => {});

  await page.exposeFunction('codeAutomationExit', (code) => {
    out.write(`[codeAutomationExit] ${code}\n`);
    resolveExit(Number(code));
  });
  // The workbench's log (the extension host's console included), printf-style arguments.
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const text = format(...(Array.isArray(args) ? args : [args]));
    out.write(`[log.${type}] ${text}\n`);
    if (echo) for (const line of text.split('\n')) if (line.includes('[e2e]')) process.stdout.write(`  ${name} | ${line.slice(line.indexOf('[e2e]') + 6)}\n`);
  });

  const payload = [
    ['extensionDevelopmentPath', remoteUri(server, extensionDevelopmentPath)],
    ['extensionTestsPath', remoteUri(server, extensionTestsPath)],
  ];
  const url = workbenchUrl(server, { payload });
  log(`${name}: opening the workbench (${server.url})`);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  return {
    page,
    context,
    exit,
    async close() {
      await context.close().catch(() => {});
      out.end();
    },
  };
}

export async function waitForWorkbench(page, timeoutMs = 60_000) {
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: timeoutMs });
}
