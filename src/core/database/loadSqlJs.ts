import fs from 'node:fs';
import path from 'node:path';
import initSqlJs, { type SqlJsStatic } from 'sql.js';

let loading: Promise<SqlJsStatic> | undefined;

/**
 * Loads sql.js once per process. The wasm sits next to the bundle (esbuild copies it to dist/);
 * from sources (tests) it is found in node_modules.
 */
export function loadSqlJs(): Promise<SqlJsStatic> {
  loading ??= initSqlJs({ wasmBinary: readWasm() }).catch((error) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

function readWasm(): ArrayBuffer {
  const candidates = [path.join(__dirname, 'sql-wasm.wasm'), path.join(__dirname, '..', 'sql-wasm.wasm')];
  try {
    candidates.push(path.join(path.dirname(require.resolve('sql.js')), 'sql-wasm.wasm'));
  } catch {
    // Bundled without node_modules: the copies next to the bundle are the only ones.
  }
  for (const candidate of candidates) {
    if (fs.existsSync(candidate)) {
      const bytes = fs.readFileSync(candidate);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    }
  }
  throw new Error(`sql-wasm.wasm not found (looked in ${candidates.join(', ')})`);
}
