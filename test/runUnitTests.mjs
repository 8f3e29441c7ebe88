// Node 20's test runner neither expands globs nor finds .ts files by itself: list them and hand them over.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const root = path.join(import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname), 'unit');
const filter = process.argv.slice(2);
const files = readdirSync(root, { recursive: true })
  .map(String)
  .filter((file) => file.endsWith('.test.ts'))
  .filter((file) => filter.length === 0 || filter.some((part) => file.includes(part)))
  .sort()
  .map((file) => path.join(root, file));
if (files.length === 0) {
  console.error(`no test files under ${root}${filter.length ? ` matching ${filter.join(', ')}` : ''}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
