// The ceiling for this storage: raw sql.js statements doing what a queue must do per task
// (insert, claim in one UPDATE ... RETURNING, complete conditional on the claim), no engine around them.
//   --mode per-commit : every statement is its own transaction (autocommit)
//   --mode batched    : inserts in transactions of --batch rows; each worker step claims --batch tasks in one
//                       statement, runs them, and completes them, in one transaction
// Pragmas: journal_mode=MEMORY, synchronous=OFF (sql.js is in memory; durability comes from the export).
// After processing, one export + atomic write of the whole database is timed (not part of tasks/s).
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import initSqlJs, { type Database, type SqlValue } from 'sql.js';
import { emitResult, intArg, parseArgs, peakRssMb, removeDir, round, StallMonitor, tempDir, writeAtomicallySync } from '../lib';

const SCHEMA = `
CREATE TABLE tasks (
  id INTEGER PRIMARY KEY,
  task_id TEXT NOT NULL UNIQUE,
  operation TEXT NOT NULL,
  parameters TEXT NOT NULL,
  status TEXT NOT NULL,
  priority INTEGER NOT NULL,
  created_at REAL NOT NULL,
  run_after REAL NOT NULL,
  started_at REAL,
  completed_at REAL,
  attempts INTEGER NOT NULL DEFAULT 0,
  lease_id TEXT,
  result TEXT
);
CREATE INDEX tasks_ready ON tasks (priority, id) WHERE status = 'queued';
`;

const INSERT = `INSERT INTO tasks (task_id, operation, parameters, status, priority, created_at, run_after)
  VALUES (?, 'bench.noop', ?, 'queued', 5, ?, ?)`;
const READY = `SELECT id FROM tasks WHERE status = 'queued' AND run_after <= ? ORDER BY priority, id LIMIT ?`;
const CLAIM = `UPDATE tasks SET status = 'running', started_at = ?, lease_id = ?, attempts = attempts + 1
  WHERE id IN (${READY}) RETURNING id, task_id, parameters, attempts`;
const COMPLETE = `UPDATE tasks SET status = 'completed', completed_at = ?, result = ?, lease_id = NULL
  WHERE id = ? AND lease_id = ? AND status = 'running'`;

const noop = async (_parameters: unknown): Promise<unknown> => null;

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const n = intArg(args, 'n', 20_000);
  const mode = args.get('mode') ?? 'batched';
  if (mode !== 'batched' && mode !== 'per-commit') throw new Error(`--mode must be batched or per-commit`);
  const batch = mode === 'batched' ? intArg(args, 'batch', 500) : 1;

  const SQL = await initSqlJs();
  const db: Database = new SQL.Database();
  db.exec('PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF;');
  db.exec(SCHEMA);
  const insert = db.prepare(INSERT);
  const claim = db.prepare(CLAIM);
  const complete = db.prepare(COMPLETE);
  const now = () => Date.now() / 1000;
  const stalls = await new StallMonitor().start();

  // Enqueue.
  const enqueueStart = performance.now();
  for (let i = 0; i < n; i += batch) {
    if (batch > 1) db.exec('BEGIN');
    const end = Math.min(n, i + batch);
    for (let j = i; j < end; j++) {
      const t = now();
      insert.run([randomUUID(), JSON.stringify({ i: j }), t, t]);
    }
    if (batch > 1) db.exec('COMMIT');
  }
  const enqueueMs = performance.now() - enqueueStart;

  // Process.
  let processed = 0;
  const processStart = performance.now();
  const cpuBefore = process.cpuUsage();
  for (;;) {
    if (batch > 1) db.exec('BEGIN');
    const lease = randomUUID();
    claim.bind([now(), lease, now(), batch]);
    const claimed: { id: SqlValue; parameters: string }[] = [];
    while (claim.step()) {
      const row = claim.get();
      claimed.push({ id: row[0]!, parameters: row[2] as string });
    }
    claim.reset();
    if (claimed.length === 0) {
      if (batch > 1) db.exec('COMMIT');
      break;
    }
    const results = await Promise.all(claimed.map((task) => noop(JSON.parse(task.parameters))));
    for (let k = 0; k < claimed.length; k++) {
      complete.run([now(), JSON.stringify(results[k] ?? null), claimed[k]!.id, lease]);
      if (db.getRowsModified() !== 1) throw new Error('completion lost its claim');
    }
    if (batch > 1) db.exec('COMMIT');
    processed += claimed.length;
  }
  const processMs = performance.now() - processStart;
  const cpu = process.cpuUsage(cpuBefore);
  if (processed !== n) throw new Error(`processed ${processed} of ${n}`);
  const done = db.exec(`SELECT count(*) FROM tasks WHERE status = 'completed'`)[0]!.values[0]![0];
  if (done !== n) throw new Error(`${String(done)} completed rows, expected ${n}`);

  // One persist of the final database (export + atomic write), for reference.
  const dir = tempDir('sqljs');
  const persistStart = performance.now();
  const bytes = db.export();
  writeAtomicallySync(path.join(dir, 'tasks.db'), bytes);
  const persistMs = performance.now() - persistStart;
  removeDir(dir);
  const maxStall = await stalls.stop();
  insert.free();
  claim.free();
  complete.free();
  db.close();

  emitResult({
    system: `sqljs-raw-${mode}`,
    n,
    tasks_per_s: round(n / (processMs / 1000)),
    combined_tasks_per_s: round(n / ((enqueueMs + processMs) / 1000)),
    enqueue_per_s: round(n / (enqueueMs / 1000)),
    enqueue_ms: round(enqueueMs),
    process_ms: round(processMs),
    process_cpu_us_per_task: round((cpu.user + cpu.system) / n, 1),
    batch,
    persist_once_ms: round(persistMs, 1),
    db_mb: round(bytes.byteLength / 1024 / 1024, 2),
    max_event_loop_stall_ms: maxStall,
    peak_rss_mb: peakRssMb(),
    config: `sql.js ${mode}, journal_mode=MEMORY, synchronous=OFF${batch > 1 ? `, ${batch} tasks per transaction` : ''}, in memory (one export+write after)`,
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
