// Installs, on first use, what the harness needs outside the repository, and reuses it afterwards:
// Debian packages (libkrb5-dev for code-server's native modules, chromium for the browser tests),
// Node 24 from the npm registry, and code-server into a version-keyed cache folder.
// Each cache folder gets a `.complete` marker only once its install succeeded and was checked;
// a folder without one is a broken or interrupted install and is wiped and redone.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  CODE_SERVER_VERSION,
  NODE_PACKAGE,
  NODE_VERSION,
  cacheRoot,
  codeServerDir,
  codeServerEntry,
  nodeBinDir,
  nodeDir,
  nodePackageDir,
} from './config.mjs';
import { capture, delay, log, run } from './proc.mjs';

const MARKER = '.complete';

async function dpkgInstalled(pkg) {
  const status = await capture('dpkg-query', ['-W', '-f=${Status}', pkg]);
  return status?.trim() === 'install ok installed';
}

/** apt-get installs the packages that are missing (one `apt-get update` first). */
export async function ensureAptPackages(packages) {
  const missing = [];
  for (const pkg of packages) if (!(await dpkgInstalled(pkg))) missing.push(pkg);
  if (missing.length === 0) return;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new Error(`Missing Debian packages: ${missing.join(' ')}. Install them with: sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`);
  }
  log(`apt-get install ${missing.join(' ')} (first run only)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update'], { env, timeoutMs: 10 * 60_000, quiet: true });
  await run('apt-get', ['install', '-y', ...missing], { env, timeoutMs: 20 * 60_000, quiet: true });
  for (const pkg of missing) if (!(await dpkgInstalled(pkg))) throw new Error(`apt-get did not install ${pkg}`);
}

/**
 * What `npm run` exports about *itself* (Node 20) must not reach the Node 24 npm and code-server:
 * code-server's postinstall reads the Node version from npm_config_user_agent, which a nested npm
 * inherits from the outer `npm run test:e2e` instead of setting its own.
 */
function withoutOuterNpm(env) {
  const clean = {};
  for (const [key, value] of Object.entries(env)) {
    if (/^npm_(package_|lifecycle_|config_user_agent$|node_execpath$|execpath$|command$)/i.test(key)) continue;
    if (key === 'NODE' || key === 'INIT_CWD') continue;
    clean[key] = value;
  }
  return clean;
}

/** Env for running code-server (and its install): Node 24 first on PATH, its headers for node-gyp. */
export function node24Env(base = process.env) {
  const env = withoutOuterNpm(base);
  return {
    ...env,
    PATH: `${nodeBinDir}${path.delimiter}${env.PATH ?? ''}`,
    npm_config_nodedir: nodePackageDir,
  };
}

export const node24 = path.join(nodeBinDir, 'node');

/** XDG folders under `root`, so code-server writes no config, data or cache into the user's home. */
export function xdgEnv(root) {
  return {
    XDG_CONFIG_HOME: path.join(root, 'xdg-config'),
    XDG_DATA_HOME: path.join(root, 'xdg-data'),
    XDG_CACHE_HOME: path.join(root, 'xdg-cache'),
  };
}

/** One installer at a time per cache folder (a second `npm start` waits for the first's install). */
async function withLock(dir, fn) {
  const lock = `${dir}.lock`;
  await mkdir(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 40 * 60_000;
  for (;;) {
    try {
      await mkdir(lock);
      await writeFile(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const owner = Number(await readFile(path.join(lock, 'pid'), 'utf8').catch(() => '0'));
      let alive = false;
      try {
        if (owner) process.kill(owner, 0), (alive = true);
      } catch {
        alive = false;
      }
      if (!alive) {
        await rm(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`Timed out waiting for another install (pid ${owner}) holding ${lock}`);
      await delay(2000);
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

async function installInto(dir, spec, { env, timeoutMs, verify, label }) {
  if (existsSync(path.join(dir, MARKER))) return false;
  return withLock(dir, async () => {
    if (existsSync(path.join(dir, MARKER))) return false;
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name: 'background-tasks-e2e-cache', private: true }, null, 2));
    const logFile = path.join(dir, 'install.log');
    const started = Date.now();
    log(`installing ${spec} into ${dir} (first run only; log: ${logFile})`);
    await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--no-package-lock', spec], {
      cwd: dir,
      env,
      timeoutMs,
      logFile,
    });
    await verify();
    await writeFile(path.join(dir, MARKER), new Date().toISOString() + '\n');
    log(`${label} installed in ${Math.round((Date.now() - started) / 1000)} s`);
    return true;
  });
}

export async function ensureNode24() {
  await installInto(nodeDir, `${NODE_PACKAGE}@${NODE_VERSION}`, {
    env: process.env,
    timeoutMs: 10 * 60_000,
    label: `Node ${NODE_VERSION}`,
    verify: async () => {
      const version = (await capture(node24, ['--version']))?.trim();
      if (version !== `v${NODE_VERSION}`) throw new Error(`${node24} --version printed ${version}`);
    },
  });
  return node24;
}

export async function ensureCodeServer() {
  await ensureAptPackages(['libkrb5-dev']);
  await ensureNode24();
  await installInto(codeServerDir, `code-server@${CODE_SERVER_VERSION}`, {
    env: {
      ...node24Env(),
      // code-server's postinstall runs npm installs of VS Code's own folders, whose native modules
      // need their install scripts; this is a tool install into a private cache folder.
      npm_config_dangerously_allow_all_scripts: 'true',
      npm_config_update_notifier: 'false',
    },
    timeoutMs: 40 * 60_000,
    label: `code-server ${CODE_SERVER_VERSION}`,
    verify: async () => {
      const scratch = await mkdtemp(path.join(os.tmpdir(), 'bt-code-server-check-'));
      try {
        // Private XDG folders: code-server otherwise writes ~/.config/code-server/config.yaml.
        const env = node24Env({ ...process.env, ...xdgEnv(scratch) });
        const version = await capture(node24, [codeServerEntry, '--version'], { env, timeoutMs: 60_000 });
        if (!version?.includes(`${CODE_SERVER_VERSION} `)) throw new Error(`code-server --version printed ${version}`);
      } finally {
        await rm(scratch, { recursive: true, force: true });
      }
    },
  });
  return { node: node24, entry: codeServerEntry, env: node24Env() };
}

export async function ensureChromium() {
  await ensureAptPackages(['chromium']);
}

export { cacheRoot };

// `node scripts/lib/install.mjs [--chromium]` installs ahead of time.
if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  await ensureCodeServer();
  if (process.argv.includes('--chromium')) await ensureChromium();
  log(`ready in ${Math.round((Date.now() - started) / 1000)} s: cache ${cacheRoot}`);
}
