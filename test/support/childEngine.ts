// A real second process on a storage folder, for crash, kill and multi-process tests.
// Usage: node --import tsx test/support/childEngine.ts <dir> <mode> [args...]
// Prints one JSON line per event to stdout.
import fs from 'node:fs';
import path from 'node:path';
import { BackgroundWorker } from '../../src/core/BackgroundWorker';
import { CacheManager } from '../../src/core/CacheManager';
import { OperationRegistry } from '../../src/core/operations/OperationRegistry';

const [dir, mode, ...args] = process.argv.slice(2);
const say = (event: object) => process.stdout.write(JSON.stringify(event) + '\n');

async function main() {
  const operations = new OperationRegistry();
  let manager: CacheManager;
  const executions = path.join(dir!, 'executions.log');
  // Appends one line per execution: the parent counts them to prove "at most once".
  operations.register({
    name: 'count',
    description: 'records that it ran',
    inputSchema: {},
    handler: (parameters) => {
      fs.appendFileSync(executions, `${String(parameters.n)} ${process.pid}\n`);
      return { pid: process.pid };
    },
  });
  operations.register({
    name: 'hang',
    description: 'runs until killed',
    inputSchema: {},
    handler: (_p, ctx) => {
      // Announced once the claim is on disk, so a kill after it leaves the task recorded as running.
      void manager.whenDurable().then(() => say({ event: 'hanging', task_id: ctx.taskId }));
      return new Promise((_resolve, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
    },
  });
  manager = await CacheManager.open({ file: path.join(dir!, 'tasks.db'), operations });
  const worker = new BackgroundWorker(manager, operations, { leaseMs: Number(process.env.BT_LEASE_MS ?? 30_000), tickMs: 100 });
  const shutdown = async () => {
    await worker.stop(1000);
    await manager.close();
    say({ event: 'closed' });
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.stdin.on('end', () => void shutdown());
  process.stdin.resume();

  if (mode === 'hang') {
    worker.start();
    const { task_id } = await manager.enqueueTask({ operation: 'hang', max_retries: Number(args[0] ?? 3) });
    await manager.whenDurable();
    say({ event: 'enqueued', task_id });
  } else if (mode === 'enqueue-forever') {
    // Enqueues and reports each task id once durable, until killed.
    worker.start();
    for (let n = 0; ; n++) {
      const { task_id } = await manager.enqueueTask({ operation: 'count', parameters: { n } });
      await manager.whenDurable();
      say({ event: 'durable', task_id });
    }
  } else if (mode === 'work') {
    // Enqueues `count` tasks, works until none is queued or running anywhere, then waits to be told to stop.
    const count = Number(args[0] ?? 0);
    const prefix = args[1] ?? String(process.pid);
    worker.start();
    for (let i = 0; i < count; i++) await manager.enqueueTask({ operation: 'count', parameters: { n: `${prefix}-${i}` } });
    await manager.whenDurable();
    say({ event: 'enqueued', count });
  } else {
    worker.start();
    say({ event: 'ready' });
  }
}

main().catch((error) => {
  process.stderr.write(String(error?.stack ?? error) + '\n');
  process.exit(1);
});
