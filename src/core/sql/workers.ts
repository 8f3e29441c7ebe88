import type { Database } from 'sql.js';
import { all, run } from '../database/statementCache';

/** The processes working on this database, each with the operations it can run. */
export interface WorkerRow {
  worker_id: string;
  pid: number;
  hostname: string;
  operations: string[];
  heartbeat_at: number;
}

export function upsertWorker(db: Database, worker: Omit<WorkerRow, 'heartbeat_at'>, now: number): void {
  run(
    db,
    `INSERT INTO workers (worker_id, pid, hostname, operations_json, started_at, heartbeat_at)
     VALUES ($id, $pid, $host, $ops, $now, $now)
     ON CONFLICT (worker_id) DO UPDATE SET operations_json = excluded.operations_json, heartbeat_at = excluded.heartbeat_at`,
    { $id: worker.worker_id, $pid: worker.pid, $host: worker.hostname, $ops: JSON.stringify(worker.operations), $now: now },
  );
}

export function deleteWorker(db: Database, workerId: string): void {
  run(db, 'DELETE FROM workers WHERE worker_id = $id', { $id: workerId });
}

/** Forgets workers whose heartbeat stopped, or whose process on this host is gone. */
export function deleteDeadWorkers(db: Database, staleBefore: number, hostname: string, isAlive: (pid: number) => boolean): number {
  let removed = run(db, 'DELETE FROM workers WHERE heartbeat_at < $stale', { $stale: staleBefore });
  for (const worker of listWorkers(db)) {
    if (worker.hostname === hostname && !isAlive(worker.pid)) {
      deleteWorker(db, worker.worker_id);
      removed++;
    }
  }
  return removed;
}

export function listWorkers(db: Database): WorkerRow[] {
  return all(db, 'SELECT worker_id, pid, hostname, operations_json, heartbeat_at FROM workers').map((row) => ({
    worker_id: String(row.worker_id),
    pid: Number(row.pid),
    hostname: String(row.hostname),
    operations: JSON.parse(String(row.operations_json)) as string[],
    heartbeat_at: Number(row.heartbeat_at),
  }));
}
