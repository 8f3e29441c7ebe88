#!/usr/bin/env node
// `npm start`: builds and packages the extension, installs it into a local code-server (a real
// VS Code in the browser; installed on first use into a cache folder outside the repo), serves it on
// 127.0.0.1 and prints the URL. Ctrl+C stops everything it started.
//
//   npm start                      # serves this repository's folder on port 8080 (or a free one)
//   npm start -- --port 9000 --folder /some/project
//   npm start -- --fresh           # forget the tasks and settings of earlier runs
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cleanupAll, installSignalHandlers, onCleanup, trackGroup } from './lib/cleanup.mjs';
import { freePort, installVsix, startCodeServer, workbenchUrl } from './lib/codeServer.mjs';
import { cacheRoot, repoRoot, vsixPath } from './lib/config.mjs';
import { ensureCodeServer } from './lib/install.mjs';
import { log, run } from './lib/proc.mjs';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    folder: { type: 'string' },
    fresh: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
});

installSignalHandlers();
try {
  const started = Date.now();
  await ensureCodeServer();
  if (!values['no-build'] || !existsSync(vsixPath)) {
    log('building and packaging the extension (npm run package)');
    await run('npm', ['run', '--silent', 'package'], { cwd: repoRoot, timeoutMs: 5 * 60_000 });
  }

  // The user data (settings, the task database in global storage) is kept between runs, so the
  // queue survives a restart as it would in a desktop VS Code; the extensions folder is fresh.
  const root = path.join(cacheRoot, 'npm-start');
  if (values.fresh) await rm(root, { recursive: true, force: true });
  const extensionsDir = path.join(root, 'extensions');
  await rm(extensionsDir, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
  await installVsix({ vsix: vsixPath, extensionsDir, userDataDir: path.join(root, 'user-data'), root, logFile: path.join(root, 'install-extension.log') });

  const requested = values.port ? Number(values.port) : 8080;
  const port = values.port ? requested : await portOr(requested);
  const folder = path.resolve(values.folder ?? repoRoot);
  const server = await startCodeServer({ root, folder, extensionsDir, port, logFile: path.join(root, 'code-server.log') });
  trackGroup(server.pid);
  onCleanup('code-server', server.stop);

  const url = workbenchUrl(server);
  process.stdout.write(
    `\nBackground Tasks is running in VS Code ${'(code-server)'} — ready in ${Math.round((Date.now() - started) / 1000)} s.\n\n` +
      `  Open:      ${url}\n` +
      `  Folder:    ${folder}\n` +
      `  Data:      ${root} (npm start -- --fresh forgets it)\n` +
      `  Logs:      ${server.logFile}\n\n` +
      `The "Background Tasks" entry is in the activity bar. Press Ctrl+C to stop.\n`,
  );

  // Runs until Ctrl+C (the signal handlers stop code-server) or until code-server dies.
  await new Promise((resolve) => {
    const timer = setInterval(() => {
      try {
        process.kill(-server.pid, 0);
      } catch {
        clearInterval(timer);
        resolve();
      }
    }, 1000);
  });
  log(`code-server exited; see ${server.logFile}`);
  process.exitCode = 1;
} catch (error) {
  process.stderr.write(`npm start failed: ${error.stack ?? error}\n`);
  process.exitCode = 1;
} finally {
  await cleanupAll();
}

async function portOr(preferred) {
  const net = await import('node:net');
  const free = await new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(preferred, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
  return free ? preferred : freePort();
}
