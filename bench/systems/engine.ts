// This engine as the extension runs it: CacheManager + BackgroundWorker from src/core with default options,
// persistence on to a real file in a temp folder, a no-op operation registered by the bench.
// Phases (--phases, comma separated; default all):
//   throughput : enqueue N tasks (yielding to the event loop every 100), then start the worker and time
//                until every task is completed and durable (whenDurable). Stall and RSS are recorded.
//   latency    : worker idle; enqueue one task at a time, time from the enqueueTask call to handler start.
//   storage    : a second database with retention off; grown to 10,000 and then 50,000 stored tasks by
//                processing them; at each size the persist (export + atomic write) is timed; at 50,000
//                stored a mixed load (enqueue, process, UI reads) runs and the longest stall is recorded.
import fs from 'node:fs';
import path from 'node:path';
import { BackgroundWorker } from '../../src/core/BackgroundWorker';
import { CacheManager, type CacheManagerOptions } from '../../src/core/CacheManager';
import { OperationRegistry } from '../../src/core/operations/OperationRegistry';
import type { OperationContext, TaskChangeEvent } from '../../src/core/types';
import { emitResult, intArg, parseArgs, peakRssMb, percentile, removeDir, round, StallMonitor, tempDir, waitUntil } from '../lib';

const OPERATION = 'bench.noop';
const ENQUEUE_CHUNK = 100;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
/** CLOCK_MONOTONIC in µs, the clock V8's .cpuprofile timestamps use: marks phases for the profile summary. */
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);
const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);

/** Called at the very start of every handler run (the latency phase listens). */
let onHandlerStart: ((taskId: string, at: number) => void) | undefined;

function registry(): OperationRegistry {
  const operations = new OperationRegistry();
  operations.register({
    name: OPERATION,
    description: 'Benchmark no-op: returns at once.',
    inputSchema: { type: 'object' },
    handler: (_parameters: unknown, context: OperationContext) => {
      onHandlerStart?.(context.taskId, performance.now());
      return undefined;
    },
  });
  return operations;
}

interface Engine {
  manager: CacheManager;
  worker: BackgroundWorker;
  operations: OperationRegistry;
  completed: () => number;
  close(): Promise<void>;
}

/** --concurrency: a non-default worker concurrency, for a reference row only (the extension uses the default). */
let concurrency: number | undefined;

async function openEngine(file: string, extra: Partial<CacheManagerOptions> = {}): Promise<Engine> {
  const operations = registry();
  const manager = await CacheManager.open({ file, operations, ...extra });
  const worker = new BackgroundWorker(manager, operations, concurrency === undefined ? {} : { concurrency });
  let completed = 0;
  let failed = 0;
  const subscription = manager.onDidChangeTask((event: TaskChangeEvent) => {
    if (event.kind === 'completed') completed++;
    else if (event.kind === 'failed' || event.kind === 'retrying') failed++;
  });
  return {
    manager,
    worker,
    operations,
    completed: () => completed,
    async close() {
      if (failed) throw new Error(`${failed} bench task(s) failed`);
      if (worker.isRunning) await worker.stop();
      subscription.dispose();
      await manager.close();
      operations.dispose();
    },
  };
}

async function enqueueMany(manager: CacheManager, count: number, offset = 0): Promise<void> {
  // enqueueTasks: one transaction per chunk, as plainjob's addMany; the loop yields between chunks.
  for (let start = 0; start < count; start += ENQUEUE_CHUNK) {
    const size = Math.min(ENQUEUE_CHUNK, count - start);
    await manager.enqueueTasks(Array.from({ length: size }, (_, i) => ({ operation: OPERATION, parameters: { i: offset + start + i } })));
    await yieldToLoop();
  }
}

async function throughput(dir: string, n: number, stalls: StallMonitor) {
  const engine = await openEngine(path.join(dir, 'throughput.db'));
  const { manager, worker } = engine;
  await stalls.reset();
  const marks: Record<string, [number, number]> = {};
  const enqueueStart = performance.now();
  const enqueueMark = monotonicUs();
  await enqueueMany(manager, n);
  const enqueueMs = performance.now() - enqueueStart;
  marks.enqueue = [enqueueMark, monotonicUs()];
  await manager.whenDurable();
  const enqueueDurableMs = performance.now() - enqueueStart;

  const processStart = performance.now();
  const processMark = monotonicUs();
  const cpuBefore = process.cpuUsage();
  worker.start();
  await waitUntil(() => engine.completed() >= n, `${n} completions`, 600_000, 1);
  const processMs = performance.now() - processStart;
  await manager.whenDurable();
  const processDurableMs = performance.now() - processStart;
  const cpu = process.cpuUsage(cpuBefore);
  marks.process = [processMark, monotonicUs()];
  const stallMs = await stalls.stop();
  const counts = manager.countByStatus();
  if (counts.completed !== n) throw new Error(`expected ${n} completed, counts ${JSON.stringify(counts)}`);
  const fileMb = fs.statSync(manager.file).size / 1024 / 1024;
  const rss = peakRssMb();
  return {
    engine,
    figures: {
      tasks_per_s: round(n / (processDurableMs / 1000)),
      tasks_per_s_until_last_completion: round(n / (processMs / 1000)),
      combined_tasks_per_s: round(n / ((enqueueMs + processDurableMs) / 1000)),
      enqueue_per_s: round(n / (enqueueMs / 1000)),
      enqueue_ms: round(enqueueMs),
      enqueue_durable_ms: round(enqueueDurableMs),
      process_ms: round(processMs),
      process_durable_ms: round(processDurableMs),
      process_cpu_us_per_task: round((cpu.user + cpu.system) / n, 1),
      max_event_loop_stall_ms_throughput: stallMs,
      peak_rss_mb_throughput: rss,
      db_file_mb_after_throughput: round(fileMb, 2),
      profile_marks_us: marks,
    },
  };
}

async function latency(engine: Engine, samples: number) {
  const { manager, worker } = engine;
  if (!worker.isRunning) worker.start();
  await waitUntil(() => worker.activeCount === 0, 'an idle worker', 60_000);
  await manager.whenDurable();
  const delays: number[] = [];
  for (let i = 0; i < samples; i++) {
    let startedAt = 0;
    let wanted = '';
    const started = new Promise<void>((resolve) => {
      onHandlerStart = (taskId, at) => {
        if (wanted && taskId !== wanted) return;
        startedAt = at;
        resolve();
      };
    });
    const before = engine.completed();
    const t0 = performance.now();
    const { task_id } = await manager.enqueueTask({ operation: OPERATION, parameters: { sample: i } });
    wanted = task_id;
    await started;
    delays.push(startedAt - t0);
    // Idle again before the next sample: completion recorded, nothing running.
    await waitUntil(() => engine.completed() > before && worker.activeCount === 0, 'the sample to complete', 10_000, 1);
    // A little think time between samples, as a user or model would have (and lets group commits land).
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  onHandlerStart = undefined;
  delays.sort((a, b) => a - b);
  return {
    latency_samples: samples,
    latency_p50_ms: round(percentile(delays, 50), 2),
    latency_p99_ms: round(percentile(delays, 99), 2),
    latency_max_ms: round(delays[delays.length - 1]!, 2),
  };
}

/** Makes one change with the worker stopped and times flush() (export + atomic write), several times. */
async function timePersist(engine: Engine, label: string, repeats = 5) {
  const { manager } = engine;
  await manager.flush();
  const wall: number[] = [];
  const exportMs: number[] = [];
  const writeMs: number[] = [];
  for (let i = 0; i < repeats; i++) {
    await manager.enqueueTask({ operation: OPERATION, parameters: { persist: label, i } });
    const t0 = performance.now();
    await manager.flush();
    wall.push(performance.now() - t0);
    const last = manager.database.lastPersist;
    exportMs.push(last.exportMs);
    writeMs.push(last.writeMs);
  }
  return {
    persist_ms: round(median(wall), 1),
    export_ms: round(median(exportMs), 1),
    write_ms: round(median(writeMs), 1),
    file_mb: round(fs.statSync(manager.file).size / 1024 / 1024, 2),
  };
}

async function growTo(engine: Engine, stored: number): Promise<void> {
  const { manager, worker } = engine;
  const counts = manager.countByStatus();
  const have = Object.values(counts).reduce((a, b) => a + b, 0);
  if (!worker.isRunning) worker.start();
  const target = engine.completed() + (stored - have) + counts.queued + counts.running;
  await enqueueMany(manager, stored - have, have);
  await waitUntil(() => engine.completed() >= target, `${stored} stored tasks`, 600_000, 2);
  await worker.stop();
}

async function storage(dir: string, stalls: StallMonitor) {
  // Retention off so the database really holds 50,000 tasks (the default keeps 10,000 finished ones).
  const engine = await openEngine(path.join(dir, 'storage.db'), { retention: {} });
  const { manager, worker } = engine;
  await growTo(engine, 10_000);
  const at10k = await timePersist(engine, '10k');
  await stalls.reset();
  await growTo(engine, 50_000);
  const at50k = await timePersist(engine, '50k');
  const growthStallMs = stalls.maxMs();

  // Mixed load with 50,000 stored: 2,000 more tasks enqueued in small bursts while the worker runs
  // them and a UI polls counts and the newest tasks.
  await stalls.reset();
  worker.start();
  const target = engine.completed() + 2_000 + manager.countByStatus().queued;
  let reads = 0;
  const ui = setInterval(() => {
    manager.countByStatus();
    manager.listTasks({ limit: 50 });
    reads++;
  }, 100);
  for (let burst = 0; burst < 100; burst++) {
    for (let i = 0; i < 20; i++) await manager.enqueueTask({ operation: OPERATION, parameters: { burst, i } });
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await waitUntil(() => engine.completed() >= target, 'the mixed load', 600_000, 2);
  await manager.whenDurable();
  clearInterval(ui);
  const mixedStallMs = stalls.maxMs();
  const stored = Object.values(manager.countByStatus()).reduce((a, b) => a + b, 0);
  await engine.close();
  return {
    persist_ms_10k: at10k.persist_ms,
    persist_export_ms_10k: at10k.export_ms,
    persist_write_ms_10k: at10k.write_ms,
    db_file_mb_10k: at10k.file_mb,
    persist_ms_50k: at50k.persist_ms,
    persist_export_ms_50k: at50k.export_ms,
    persist_write_ms_50k: at50k.write_ms,
    db_file_mb_50k: at50k.file_mb,
    max_event_loop_stall_ms_growing_10k_to_50k: growthStallMs,
    max_event_loop_stall_ms_50k_mixed: mixedStallMs,
    stored_tasks_at_end: stored,
    ui_reads_during_mixed: reads,
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const n = intArg(args, 'n', 20_000);
  const samples = intArg(args, 'latency-samples', 300);
  if (args.has('concurrency')) concurrency = intArg(args, 'concurrency', 4);
  const phases = new Set((args.get('phases') ?? 'throughput,latency,storage').split(','));
  const dir = tempDir('engine');
  // The first open loads and compiles sql.js's wasm (once per process): timed on its own, outside the stalls.
  const openStart = performance.now();
  await (await openEngine(path.join(dir, 'first-open.db'))).close();
  const firstOpenMs = performance.now() - openStart;
  const overall = await new StallMonitor().start();
  const phaseStalls = await new StallMonitor().start();
  const system = concurrency === undefined ? 'engine' : `engine-concurrency-${concurrency}`;
  const result: Record<string, unknown> = { system, n, first_open_ms: round(firstOpenMs, 1) };
  try {
    let engine: Engine | undefined;
    if (phases.has('throughput')) {
      const run = await throughput(dir, n, phaseStalls);
      engine = run.engine;
      Object.assign(result, run.figures);
    }
    if (phases.has('latency')) {
      engine ??= await openEngine(path.join(dir, 'latency.db'));
      Object.assign(result, await latency(engine, samples));
    }
    await engine?.close();
    if (phases.has('storage')) {
      await phaseStalls.start();
      Object.assign(result, await storage(dir, phaseStalls));
    }
  } finally {
    removeDir(dir);
  }
  result.max_event_loop_stall_ms = await overall.stop();
  result.peak_rss_mb = peakRssMb();
  result.config =
    concurrency === undefined
      ? 'CacheManager + BackgroundWorker, default options (concurrency 4, group commit), file in a temp folder, no-op handler; enqueueTasks in chunks of 100'
      : `as engine, but worker concurrency ${concurrency} (reference only: claims up to ${concurrency} tasks per cycle)`;
  emitResult(result as { system: string; n: number; tasks_per_s: number });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
