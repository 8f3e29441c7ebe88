// Summarises a V8 .cpuprofile: top functions by self time, and self time by source area.
// Usage: node --import tsx bench/profile-summary.ts file.cpuprofile [top]
import fs from 'node:fs';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

const root = path.resolve(__dirname, '..');

function shortUrl(url: string): string {
  if (!url) return '';
  let file = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  if (file.startsWith(root)) file = path.relative(root, file);
  return file.replace(/^node_modules\//, 'nm/');
}

function area(url: string): string {
  const file = shortUrl(url);
  if (!file) return '(native / V8)';
  if (file.startsWith('wasm://')) return 'sql.js wasm (SQLite)';
  if (file.includes('sql.js/')) return 'sql.js JS glue';
  if (file.startsWith('src/core/database')) return 'src/core/database';
  if (file.startsWith('src/core/sql')) return 'src/core/sql';
  if (file.startsWith('src/core')) return 'src/core (manager, worker, validation)';
  if (file.includes('zod')) return 'zod';
  if (file.startsWith('node:') || file.startsWith('internal/')) return 'node internals';
  if (file.startsWith('bench/')) return 'bench harness';
  return file.split('/').slice(0, 2).join('/');
}

/** Names worth an inclusive figure: the engine's own functions and sql.js's public API. */
const SQLJS_API = new Set(['bind', 'step', 'get', 'getAsObject', 'run', 'reset', 'exec', 'export', 'prepare', 'free', 'getRowsModified']);
function inclusiveKey(frame: ProfileNode['callFrame']): string | undefined {
  const file = shortUrl(frame.url);
  if (file.startsWith('src/')) return `${frame.functionName || '(anonymous)'}  ${file}`;
  if (file.includes('sql.js/') && SQLJS_API.has(frame.functionName)) return `sql.js ${frame.functionName}()`;
  if (frame.functionName === 'writeDatabaseFileAtomically' || frame.functionName === 'AbortController') return frame.functionName;
  return undefined;
}

/**
 * @param window only samples between these CLOCK_MONOTONIC µs timestamps (the engine child's phase marks)
 */
export function summariseProfile(file: string, top = 25, window?: [number, number], title = 'whole process'): string {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const selfUs = new Map<number, number>();
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    if (window && (at < window[0] || at > window[1])) continue;
    // timeDeltas[i + 1] is the time from sample i to the next: charge it to sample i.
    const delta = profile.timeDeltas[i + 1] ?? 0;
    selfUs.set(profile.samples[i]!, (selfUs.get(profile.samples[i]!) ?? 0) + delta);
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let idle = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') idle += us;
    // Sources run through tsx have no usable line numbers in the profile; sql.js's do.
    const short = shortUrl(url);
    const line = url && !short.startsWith('src/') && !short.startsWith('bench/') ? `:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'}  ${short}${line}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    const a = functionName.startsWith('(') ? functionName : area(url);
    byArea.set(a, (byArea.get(a) ?? 0) + us);
    const seen = new Set<string>();
    for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
      const k = inclusiveKey(byId.get(node)!.callFrame);
      if (k && !seen.has(k)) {
        seen.add(k);
        inclusive.set(k, (inclusive.get(k) ?? 0) + us);
      }
    }
  }
  const pct = (us: number) => `${((100 * us) / (total || 1)).toFixed(1).padStart(5)}%`;
  const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(6)} ms`;
  const out: string[] = [];
  out.push(`== ${title}: ${(total / 1000).toFixed(0)} ms sampled, ${(idle / 1000).toFixed(0)} ms idle`);
  out.push('', 'self time by area:');
  for (const [name, us] of [...byArea].sort((a, b) => b[1] - a[1]).slice(0, 12)) out.push(`${ms(us)} ${pct(us)}  ${name}`);
  out.push('', `top ${top} functions by self time:`);
  for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) out.push(`${ms(us)} ${pct(us)}  ${name}`);
  out.push('', 'inclusive time (engine functions and sql.js API):');
  for (const [name, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top)) out.push(`${ms(us)} ${pct(us)}  ${name}`);
  return out.join('\n');
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error('usage: node --import tsx bench/profile-summary.ts file.cpuprofile [top]');
    process.exit(2);
  }
  console.log(summariseProfile(file, top ? Number(top) : 25));
}
