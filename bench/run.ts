// `npm run bench`: this engine, plainjob (better-sqlite3 12, file and :memory:) and raw sql.js, side by side,
// same machine, same N, each system in a fresh child process. Prints one JSON line per system on stdout
// and writes bench/results.md.
//
//   --n N                  tasks per system (default 20000)
//   --runs R               run each system R times and keep its best tasks/s run (default 1)
//   --systems a,b          only these (default: all, see SYSTEMS)
//   --latency-samples S    engine enqueue-to-start samples (default 300)
//   --profile              also run the engine's throughput phase under --cpu-prof and print its top self time
//   --no-results           do not write bench/results.md
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { intArg, parseArgs, RESULT_MARKER, round, type SystemResult } from './lib';
import { summariseProfile } from './profile-summary';

interface SystemSpec {
  name: string;
  script: string;
  args: string[];
  /** Extra figure, not part of the targets. */
  reference?: boolean;
}

const SYSTEMS: SystemSpec[] = [
  { name: 'engine', script: 'systems/engine.ts', args: [] },
  { name: 'engine-concurrency-32', script: 'systems/engine.ts', args: ['--phases', 'throughput', '--concurrency', '32'], reference: true },
  { name: 'plainjob-file', script: 'systems/plainjob.ts', args: ['--db', 'file'] },
  { name: 'plainjob-memory', script: 'systems/plainjob.ts', args: ['--db', 'memory'] },
  { name: 'plainjob-file-timeout0', script: 'systems/plainjob.ts', args: ['--db', 'file', '--workers', '4', '--handler', 'timeout0'], reference: true },
  { name: 'plainjob-memory-timeout0', script: 'systems/plainjob.ts', args: ['--db', 'memory', '--workers', '4', '--handler', 'timeout0'], reference: true },
  { name: 'sqljs-raw-per-commit', script: 'systems/sqljs-raw.ts', args: ['--mode', 'per-commit'] },
  { name: 'sqljs-raw-batched', script: 'systems/sqljs-raw.ts', args: ['--mode', 'batched'] },
];

const benchDir = __dirname;

function runChild(script: string, args: string[], nodeArgs: string[] = []): Promise<SystemResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(benchDir, script), ...args], {
      cwd: path.join(benchDir, '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      let result: SystemResult | undefined;
      for (const line of stdout.split('\n')) {
        if (line.startsWith(RESULT_MARKER)) result = JSON.parse(line.slice(RESULT_MARKER.length)) as SystemResult;
        else if (line.trim()) process.stderr.write(`[${script}] ${line}\n`);
      }
      if (code !== 0 || !result) reject(new Error(`${script} ${args.join(' ')} exited with ${signal ?? code} and no result`));
      else resolve(result);
    });
  });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const n = intArg(args, 'n', 20_000);
  const runs = intArg(args, 'runs', 1);
  const samples = intArg(args, 'latency-samples', 300);
  const wanted = args.get('systems')?.split(',');
  const unknown = wanted?.filter((name) => !SYSTEMS.some((system) => system.name === name));
  if (unknown?.length) throw new Error(`unknown system(s) ${unknown.join(', ')}; known: ${SYSTEMS.map((s) => s.name).join(', ')}`);
  const systems = SYSTEMS.filter((system) => !wanted || wanted.includes(system.name));

  const loadAtStart = os.loadavg()[0]!;
  const results: SystemResult[] = [];
  const failures: { system: string; error: string }[] = [];
  for (const system of systems) {
    let best: SystemResult | undefined;
    for (let run = 1; run <= runs; run++) {
      process.stderr.write(`bench: ${system.name} (n=${n}${runs > 1 ? `, run ${run}/${runs}` : ''})...\n`);
      const extra = system.name === 'engine' ? ['--latency-samples', String(samples)] : [];
      try {
        const result = await runChild(system.script, ['--n', String(n), ...system.args, ...extra]);
        if (!best || result.tasks_per_s > best.tasks_per_s) best = result;
      } catch (error) {
        failures.push({ system: system.name, error: (error as Error).message });
        break;
      }
    }
    if (best) results.push(best);
  }

  for (const result of results) {
    const ratios: Record<string, number> = {};
    for (const other of results) if (other !== result) ratios[other.system] = round(result.tasks_per_s / other.tasks_per_s, 2);
    const { system, n: count, tasks_per_s, profile_marks_us: _marks, ...rest } = result;
    console.log(JSON.stringify({ system, n: count, tasks_per_s, ratio_to: ratios, ...rest }));
  }
  for (const failure of failures) console.log(JSON.stringify({ system: failure.system, n, error: failure.error }));

  const targets = evaluateTargets(results);
  for (const target of targets) process.stderr.write(`target: ${target.target}: ${target.measured} -> ${target.met === null ? 'not measured' : target.met ? 'MET' : 'NOT MET'}\n`);

  let profile: string | undefined;
  if (args.has('profile')) profile = await profileEngine(n);

  if (!args.has('no-results')) {
    const file = path.join(benchDir, 'results.md');
    fs.writeFileSync(file, markdown(n, runs, results, failures, targets, profile, loadAtStart));
    process.stderr.write(`bench: wrote ${path.relative(process.cwd(), file)}\n`);
  }
  if (failures.length) process.exitCode = 1;
}

interface Target {
  target: string;
  measured: string;
  met: boolean | null;
}

function evaluateTargets(results: SystemResult[]): Target[] {
  const get = (name: string) => results.find((result) => result.system === name);
  const engine = get('engine');
  const num = (value: unknown) => (typeof value === 'number' ? value : undefined);
  const targets: Target[] = [];
  const ratio = (other: string, wantedRatio: number) => {
    const base = get(other);
    const value = engine && base ? engine.tasks_per_s / base.tasks_per_s : undefined;
    targets.push({
      target: `tasks/s >= ${wantedRatio}x ${other}`,
      measured: value === undefined ? 'n/a' : `${round(value, 2)}x (${engine!.tasks_per_s} vs ${base!.tasks_per_s})`,
      met: value === undefined ? null : value >= wantedRatio,
    });
  };
  ratio('plainjob-file', 2);
  ratio('plainjob-memory', 1);
  const p50 = num(engine?.latency_p50_ms);
  targets.push({ target: 'enqueue-to-start p50 <= 2 ms', measured: p50 === undefined ? 'n/a' : `${p50} ms`, met: p50 === undefined ? null : p50 <= 2 });
  const stalls = [num(engine?.max_event_loop_stall_ms_growing_10k_to_50k), num(engine?.max_event_loop_stall_ms_50k_mixed)].filter(
    (value): value is number => value !== undefined,
  );
  const stall = stalls.length ? Math.max(...stalls) : undefined;
  targets.push({
    target: 'no event-loop stall > 50 ms with 50,000 stored tasks',
    measured: stall === undefined ? 'n/a' : `${stall} ms`,
    met: stall === undefined ? null : stall <= 50,
  });
  return targets;
}

async function profileEngine(n: number): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bt-bench-prof-'));
  process.stderr.write('bench: profiling the engine throughput phase (--cpu-prof)...\n');
  const result = await runChild('systems/engine.ts', ['--n', String(n), '--phases', 'throughput'], ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  const marks = result.profile_marks_us as Record<string, [number, number]>;
  const file = fs.readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error('no .cpuprofile written');
  const kept = path.join(benchDir, 'profiles', 'engine-throughput.cpuprofile');
  fs.mkdirSync(path.dirname(kept), { recursive: true });
  fs.copyFileSync(path.join(dir, file), kept);
  fs.rmSync(dir, { recursive: true, force: true });
  const summary = [
    summariseProfile(kept, 25, marks.enqueue, `enqueue phase: ${n} enqueueTask calls`),
    summariseProfile(kept, 25, marks.process, `process phase: worker runs ${n} tasks until durable`),
  ].join('\n\n');
  process.stderr.write(`${summary}\n(profile kept in ${path.relative(process.cwd(), kept)})\n`);
  return summary;
}

function fmt(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return value >= 1000 ? Math.round(value).toLocaleString('en-US') : String(value);
  return String(value);
}

function markdown(
  n: number,
  runs: number,
  results: SystemResult[],
  failures: { system: string; error: string }[],
  targets: Target[],
  profile: string | undefined,
  loadAtStart: number,
): string {
  const engine = results.find((result) => result.system === 'engine');
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const version = (pkg: string) => {
    try {
      const file = path.join(benchDir, '..', 'node_modules', pkg, 'package.json');
      return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
    } catch {
      return '?';
    }
  };
  const lines: string[] = [];
  lines.push('# Benchmark results', '');
  lines.push(
    `\`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} x ${cpu}, Node ${process.version}, ${os.platform()}; ` +
      `N = ${n.toLocaleString('en-US')} no-op tasks per system, each system in a fresh process${runs > 1 ? `, best of ${runs} runs` : ''}. ` +
      `sql.js ${version('sql.js')}, plainjob ${version('plainjob')}, better-sqlite3 ${version('better-sqlite3')}. ` +
      `Load average at start ${loadAtStart.toFixed(2)} (other work on the machine makes figures noisier).`,
    '',
  );
  lines.push('## Throughput (enqueue N, then process N)', '');
  lines.push('| system | processed tasks/s | CPU µs per processed task | enqueue + process tasks/s | enqueue/s | engine is x faster | peak RSS MB | longest loop stall ms |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const result of results) {
    const vs = engine && result !== engine ? `${round(engine.tasks_per_s / result.tasks_per_s, 2)}x` : '';
    const rss = result === engine ? result.peak_rss_mb_throughput : result.peak_rss_mb;
    const stall = result === engine ? result.max_event_loop_stall_ms_throughput : result.max_event_loop_stall_ms;
    lines.push(
      `| ${result.system} | ${fmt(result.tasks_per_s)} | ${fmt(result.process_cpu_us_per_task)} | ${fmt(result.combined_tasks_per_s)} | ${fmt(result.enqueue_per_s)} | ${vs} | ${fmt(rss)} | ${fmt(stall)} |`,
    );
  }
  for (const failure of failures) lines.push(`| ${failure.system} | failed: ${failure.error} | | | | | | |`);
  lines.push('');
  lines.push('What each row is:', '');
  for (const result of results) {
    const reference = SYSTEMS.find((system) => system.name === result.system)?.reference ? ' (reference)' : '';
    lines.push(`- **${result.system}**${reference}: ${String(result.config ?? '')}`);
  }
  lines.push('');
  if (engine) {
    lines.push('## This engine', '');
    lines.push('| figure | value |', '|---|---:|');
    const rows: [string, unknown][] = [
      ['processed tasks/s (until the last completion is on disk)', engine.tasks_per_s],
      ['processed tasks/s (until the last completion, in memory)', engine.tasks_per_s_until_last_completion],
      ['enqueue + process tasks/s', engine.combined_tasks_per_s],
      ['enqueue-to-start latency p50, idle worker (ms)', engine.latency_p50_ms],
      ['enqueue-to-start latency p99 (ms)', engine.latency_p99_ms],
      ['longest event-loop stall, throughput run (ms)', engine.max_event_loop_stall_ms_throughput],
      ['longest event-loop stall, growing 10,000 -> 50,000 stored (ms)', engine.max_event_loop_stall_ms_growing_10k_to_50k],
      ['longest event-loop stall, mixed load at 50,000 stored (ms)', engine.max_event_loop_stall_ms_50k_mixed],
      ['longest event-loop stall, whole run after the first open (ms)', engine.max_event_loop_stall_ms],
      ['first open incl. sql.js wasm load (ms)', engine.first_open_ms],
      ['persist (export + atomic write) at 10,000 stored (ms)', engine.persist_ms_10k],
      ['  of which export / write (ms)', `${fmt(engine.persist_export_ms_10k)} / ${fmt(engine.persist_write_ms_10k)}`],
      ['  file size at 10,000 (MB)', engine.db_file_mb_10k],
      ['persist (export + atomic write) at 50,000 stored (ms)', engine.persist_ms_50k],
      ['  of which export / write (ms)', `${fmt(engine.persist_export_ms_50k)} / ${fmt(engine.persist_write_ms_50k)}`],
      ['  file size at 50,000 (MB)', engine.db_file_mb_50k],
      ['peak RSS, throughput run (MB)', engine.peak_rss_mb_throughput],
      ['peak RSS, whole run incl. 50,000 stored (MB)', engine.peak_rss_mb],
    ];
    for (const [label, value] of rows) if (value !== undefined) lines.push(`| ${label} | ${fmt(value)} |`);
    lines.push('');
  }
  lines.push('## Targets', '');
  lines.push('| target | measured | met |', '|---|---|---|');
  for (const target of targets) lines.push(`| ${target.target} | ${target.measured} | ${target.met === null ? 'not measured' : target.met ? 'yes' : 'no'} |`);
  lines.push('');
  lines.push('## How it is measured', '');
  lines.push(
    '- Throughput: N tasks are enqueued first, then the worker is started and timed until all N are completed ' +
      '(for this engine: and durable, `whenDurable()`). "enqueue + process" divides N by both times together. ' +
      'plainjob enqueues with `addMany` (one transaction), as its own benchmark does; this engine enqueues one ' +
      '`enqueueTask` call at a time (it has no bulk insert), yielding to the event loop every 100 calls.',
    '- A no-op handler returns at once. plainjob\'s worker then never yields to the event loop (every step is a ' +
      'resolved promise), so its whole run is one stall, and it is fast. The `-timeout0` rows use plainjob\'s own ' +
      'benchmark handler (`setTimeout(0)` per job, 4 workers), which yields every job, as a real handler doing I/O would.',
    '- Latency: the worker is idle; one task is enqueued at a time and the time from the `enqueueTask` call to the ' +
      'first line of the handler is taken, then the bench waits for the task to complete before the next sample.',
    '- Stalls: `perf_hooks.monitorEventLoopDelay` (10 ms resolution), maximum over the phase.',
    '- CPU µs per processed task: `process.cpuUsage()` over the process phase divided by N; less sensitive than tasks/s ' +
      'to other load on the machine.',
    '- Rows marked reference (`engine-concurrency-32`, `*-timeout0`) are not what the targets compare against: the ' +
      'first shows what a larger claim batch buys, the others plainjob with a handler that yields.',
    '- Persist: with the worker stopped, one change is made and `manager.flush()` is timed (median of 5); export and ' +
      'write are split with `manager.database.lastPersist`. The storage phase runs with retention off ' +
      '(`retention: {}`) so the database really holds 50,000 tasks (the default keeps 10,000 finished ones).',
    '- raw sql.js: the same statements a queue needs (insert; claim with one `UPDATE ... RETURNING`; complete ' +
      'conditional on the lease), prepared once, `journal_mode=MEMORY`, `synchronous=OFF`, no persistence during ' +
      'the run (one export + write afterwards is reported as `persist_once_ms`).',
    '',
  );
  if (profile) lines.push('## Where the engine\'s time goes (throughput phase, --cpu-prof)', '', '```', profile, '```', '');
  return lines.join('\n');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
