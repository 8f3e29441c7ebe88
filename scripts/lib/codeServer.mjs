// Starts code-server (a real VS Code, served to a browser) in its own process group, with private
// user-data, extensions and XDG folders, and stops it (and everything it started) by that group.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { codeServerEntry } from './config.mjs';
import { node24, node24Env, xdgEnv } from './install.mjs';
import { delay, groupAlive, killGroup, log, run, waitFor } from './proc.mjs';

/** Settings that keep a fresh VS Code quiet: no welcome page, trust prompt, telemetry or updates. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'window.restoreWindows': 'none',
};

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Installs a .vsix into an extensions folder with code-server's own CLI. */
export async function installVsix({ vsix, extensionsDir, userDataDir, root, logFile }) {
  await mkdir(extensionsDir, { recursive: true });
  await run(
    node24,
    [codeServerEntry, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--install-extension', vsix, '--force'],
    { env: node24Env({ ...process.env, ...xdgEnv(root) }), timeoutMs: 120_000, logFile },
  );
}

/**
 * Starts code-server; resolves once /healthz answers. `root` holds its private folders and log.
 * Returns { url, port, pid, logFile, userDataDir, extensionsDir, stop() }.
 */
export async function startCodeServer({
  root,
  folder,
  userDataDir = path.join(root, 'user-data'),
  extensionsDir = path.join(root, 'extensions'),
  settings = {},
  smokeTestDriver = false,
  port,
  env = {},
  logFile = path.join(root, 'code-server.log'),
  startTimeoutMs = 60_000,
}) {
  port ??= await freePort();
  await mkdir(path.join(userDataDir, 'User'), { recursive: true });
  await mkdir(extensionsDir, { recursive: true });
  await mkdir(folder, { recursive: true });
  await writeFile(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));

  const args = [
    codeServerEntry,
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    // Each browser connection gets its own extension host; without this an old one lingers for hours.
    '--reconnection-grace-time', '5',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
  if (smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  args.push(folder);

  const out = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(node24, args, {
    env: node24Env({ ...process.env, ...xdgEnv(root), ...env }),
    detached: true, // setsid: its own process group, stopped as a whole
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  let exited = false;
  child.on('exit', () => (exited = true));
  const pid = child.pid;
  const url = `http://127.0.0.1:${port}/`;

  const stop = async () => {
    if (!groupAlive(pid)) return;
    killGroup(pid, 'SIGTERM');
    try {
      await waitFor('code-server to stop', () => !groupAlive(pid), { timeoutMs: 10_000, intervalMs: 100 });
    } catch {
      killGroup(pid, 'SIGKILL');
      await delay(200);
    }
  };

  try {
    await waitFor(
      `code-server on ${url} (log: ${logFile})`,
      async () => {
        if (exited) throw new Error(`code-server exited early; see ${logFile}`);
        const response = await fetch(`${url}healthz`, { signal: AbortSignal.timeout(2000) });
        return response.ok;
      },
      { timeoutMs: startTimeoutMs, intervalMs: 250 },
    );
  } catch (error) {
    await stop();
    throw error;
  }
  log(`code-server ${url} (pid ${pid}, log ${logFile})`);
  return { url, port, pid, logFile, userDataDir, extensionsDir, folder, stop };
}

/** The workbench URL for `folder`, optionally with the smoke-test driver's payload. */
export function workbenchUrl(server, { folder = server.folder, payload } = {}) {
  let url = `${server.url}?folder=${encodeURIComponent(folder)}`;
  if (payload) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

/** A path on the code-server machine as the workbench's remote URI. */
export function remoteUri(server, absolutePath) {
  return `vscode-remote://127.0.0.1:${server.port}${absolutePath}`;
}
