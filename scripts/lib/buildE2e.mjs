// Bundles the suites that run inside the extension host (test/e2e/suite) into out/e2e/suite/*.js,
// each exporting the `run()` VS Code calls for `extensionTestsPath`, and writes the tiny extension
// the browser tests use as `extensionDevelopmentPath` (so that the *installed* .vsix is the one tested).
import * as esbuild from 'esbuild';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from './config.mjs';

export const e2eOut = path.join(repoRoot, 'out', 'e2e');
export const suiteOut = path.join(e2eOut, 'suite');
export const driverExtensionDir = path.join(e2eOut, 'driver-extension');

export const PHASES = {
  integration: 'test/e2e/suite/integration/index.ts',
  'reload-before': 'test/e2e/suite/reload/before.ts',
  'reload-after': 'test/e2e/suite/reload/after.ts',
  'ui-driver': 'test/e2e/suite/ui-driver/index.ts',
};

export function suiteFile(phase) {
  return path.join(suiteOut, `${phase}.js`);
}

export async function buildE2e() {
  await rm(e2eOut, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: repoRoot,
    entryPoints: Object.fromEntries(Object.entries(PHASES).map(([phase, entry]) => [phase, entry])),
    outdir: suiteOut,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    // mocha loads its reporters dynamically: it is required from node_modules at run time.
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  await mkdir(driverExtensionDir, { recursive: true });
  await writeFile(
    path.join(driverExtensionDir, 'package.json'),
    JSON.stringify(
      {
        name: 'background-tasks-e2e-driver',
        displayName: 'Background Tasks e2e driver',
        publisher: 'background-tasks-e2e',
        version: '0.0.0',
        engines: { vscode: '^1.101.0' },
        description: 'Lets the harness run extensionTestsPath against the installed Background Tasks extension.',
      },
      null,
      2,
    ),
  );
}
