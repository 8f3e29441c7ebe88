import type { Database, Statement } from 'sql.js';

const caches = new WeakMap<Database, Map<string, Statement>>();

/**
 * Prepared once per connection: preparing costs as much as running for the queue's small statements.
 * Keyed by connection, so a reload (a new connection) prepares afresh; sql.js frees them on close.
 */
export function cachedStatement(db: Database, sql: string): Statement {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

type Params = Record<string, string | number | null | Uint8Array>;
type Row = Record<string, string | number | null | Uint8Array>;

/** Runs a cached statement and returns all rows as objects. */
export function all(db: Database, sql: string, params: Params = {}): Row[] {
  const statement = cachedStatement(db, sql);
  try {
    statement.bind(params);
    const rows: Row[] = [];
    while (statement.step()) rows.push(statement.getAsObject() as Row);
    return rows;
  } finally {
    statement.reset();
  }
}

export function first(db: Database, sql: string, params: Params = {}): Row | undefined {
  const statement = cachedStatement(db, sql);
  try {
    statement.bind(params);
    return statement.step() ? (statement.getAsObject() as Row) : undefined;
  } finally {
    statement.reset();
  }
}

/** Runs a cached statement for its effect; returns the number of rows it changed. */
export function run(db: Database, sql: string, params: Params = {}): number {
  const statement = cachedStatement(db, sql);
  try {
    statement.bind(params);
    statement.step();
  } finally {
    statement.reset();
  }
  return db.getRowsModified();
}

export type { Params, Row };
