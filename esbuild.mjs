// Bundles the extension (dist/extension.js) and the headless server (dist/cli.js),
// and copies sql.js's wasm next to them: the Database locates it beside the bundle.
import * as esbuild from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: production,
  external: ['vscode'],
  logLevel: 'info',
};

const entries = [
  { entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js' },
  { entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];

async function copyWasm() {
  await mkdir('dist', { recursive: true });
  const wasm = path.join(path.dirname(require.resolve('sql.js')), 'sql-wasm.wasm');
  await copyFile(wasm, 'dist/sql-wasm.wasm');
}

await copyWasm();
const available = entries.filter((entry) => existsSyncSafe(entry.entryPoints[0]));
if (watch) {
  for (const entry of available) {
    const context = await esbuild.context({ ...common, ...entry });
    await context.watch();
  }
} else {
  await Promise.all(available.map((entry) => esbuild.build({ ...common, ...entry })));
}

function existsSyncSafe(file) {
  try {
    return require('node:fs').statSync(file).isFile();
  } catch {
    return false;
  }
}
