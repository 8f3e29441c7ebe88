// plainjob 0.0.14 on better-sqlite3 12, as plainjob's own benchmark runs it: enqueue N jobs with addMany
// (one transaction), then time in-process workers until every job is done.
//   --db file   : a database file in a temp folder (plainjob sets journal_mode=WAL, synchronous=NORMAL)
//   --db memory : ':memory:'
//   --workers K : K workers on the queue in this process (default 1: plainjob's worker runs one job at a time)
// The handler returns at once. Completion is counted exactly with onCompleted (plainjob's processAll
// polls every 50 ms, which would round the time up).
import path from 'node:path';
import Database from 'better-sqlite3';
import { emitResult, intArg, parseArgs, peakRssMb, removeDir, round, StallMonitor, tempDir } from '../lib';

const silent = { error: console.error, warn: console.warn, info: () => {}, debug: () => {} };

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const n = intArg(args, 'n', 20_000);
  const workers = intArg(args, 'workers', 1);
  const kind = args.get('db') ?? 'file';
  if (kind !== 'file' && kind !== 'memory') throw new Error('--db must be file or memory');
  // plainjob is ESM-only; this file is CommonJS.
  const { better, defineQueue, defineWorker, JobStatus } = await import('plainjob');

  // noop: returns at once (the default). timeout0: plainjob's own bench handler, setTimeout(0) per job.
  const handlerKind = args.get('handler') ?? 'noop';
  if (handlerKind !== 'noop' && handlerKind !== 'timeout0') throw new Error('--handler must be noop or timeout0');
  const handler =
    handlerKind === 'noop' ? async () => {} : () => new Promise<void>((resolve) => setTimeout(resolve, 0));

  const dir = kind === 'file' ? tempDir('plainjob') : undefined;
  const filename = dir ? path.join(dir, 'plainjob.db') : ':memory:';
  const db = new Database(filename);
  const queue = defineQueue({ connection: better(db), logger: silent });
  const journal = db.pragma('journal_mode', { simple: true });
  const stalls = await new StallMonitor().start();

  const enqueueStart = performance.now();
  const data: unknown[] = [];
  for (let i = 0; i < n; i++) data.push({ i });
  queue.addMany('bench', data);
  const enqueueMs = performance.now() - enqueueStart;

  let completed = 0;
  let failed = 0;
  let allDone!: () => void;
  const finished = new Promise<void>((resolve) => (allDone = resolve));
  const onSettled = () => {
    if (completed + failed === n) allDone();
  };
  const pool = Array.from({ length: workers }, () =>
    defineWorker('bench', handler, {
      queue,
      logger: silent,
      onCompleted: () => {
        completed++;
        onSettled();
      },
      onFailed: () => {
        failed++;
        onSettled();
      },
    }),
  );
  const processStart = performance.now();
  const cpuBefore = process.cpuUsage();
  const running = pool.map((worker) => worker.start());
  await finished;
  const processMs = performance.now() - processStart;
  const cpu = process.cpuUsage(cpuBefore);
  await Promise.all(pool.map((worker) => worker.stop()));
  await Promise.all(running);
  const maxStall = await stalls.stop();

  const done = queue.countJobs({ status: JobStatus.Done });
  if (failed > 0 || done !== n) throw new Error(`plainjob: ${done} done, ${failed} failed of ${n}`);
  queue.close();
  if (dir) removeDir(dir);

  emitResult({
    system: `plainjob-${kind}${handlerKind === 'noop' ? '' : `-${handlerKind}`}`,
    n,
    tasks_per_s: round(n / (processMs / 1000)),
    combined_tasks_per_s: round(n / ((enqueueMs + processMs) / 1000)),
    enqueue_per_s: round(n / (enqueueMs / 1000)),
    enqueue_ms: round(enqueueMs),
    process_ms: round(processMs),
    process_cpu_us_per_task: round((cpu.user + cpu.system) / n, 1),
    workers,
    max_event_loop_stall_ms: maxStall,
    peak_rss_mb: peakRssMb(),
    config: `plainjob 0.0.14, better-sqlite3 ${(require('better-sqlite3/package.json') as { version: string }).version}, ${kind === 'file' ? 'file' : ':memory:'} (journal_mode=${String(journal)}, synchronous=NORMAL), addMany, ${workers} worker(s), ${handlerKind === 'noop' ? 'no-op handler' : 'handler awaits setTimeout(0)'}`,
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
