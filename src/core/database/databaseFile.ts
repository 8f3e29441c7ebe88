import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Which version of the file a process holds in memory: a rename gives a new inode. */
export interface FileIdentity {
  ino: number;
  size: number;
  mtimeMs: number;
}

export function sameIdentity(a: FileIdentity | null, b: FileIdentity | null): boolean {
  return a === b || (a !== null && b !== null && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs);
}

export function statIdentity(file: string): FileIdentity | null {
  try {
    const { ino, size, mtimeMs } = fs.statSync(file);
    return { ino, size, mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Reads the file and the identity of exactly the bytes read (fstat on the same descriptor). */
export function readDatabaseFile(file: string): { bytes: Uint8Array; identity: FileIdentity } | null {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const { ino, size, mtimeMs } = fs.fstatSync(fd);
    const bytes = Buffer.allocUnsafe(size);
    let offset = 0;
    while (offset < size) {
      const read = fs.readSync(fd, bytes, offset, size - offset, offset);
      if (read === 0) break;
      offset += read;
    }
    return { bytes: bytes.subarray(0, offset), identity: { ino, size: offset, mtimeMs } };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writes atomically: a temp file in the same folder, fsync, rename over the target, fsync the folder.
 * A crash at any point leaves either the old file or the new one, never a torn one.
 */
export async function writeDatabaseFileAtomically(file: string, bytes: Uint8Array): Promise<FileIdentity> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await fs.promises.open(temp, 'w', 0o600);
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await fs.promises.rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await fs.promises.rename(temp, file);
  } catch (error) {
    await fs.promises.rm(temp, { force: true });
    throw error;
  }
  await syncFolder(path.dirname(file));
  const identity = statIdentity(file);
  if (!identity) throw new Error(`${file} vanished right after it was written`);
  return identity;
}

async function syncFolder(folder: string): Promise<void> {
  if (process.platform === 'win32') return; // Folders cannot be opened for fsync on Windows.
  const handle = await fs.promises.open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Moves an unreadable database aside (never deletes it) and returns where it went. */
export function quarantineFile(file: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = `${file}.corrupt-${stamp}`;
  fs.renameSync(file, target);
  return target;
}

/** Temp files left by a writer that was killed mid-write: harmless, but they pile up. */
export function removeStaleTempFiles(file: string): void {
  const folder = path.dirname(file);
  const prefix = `${path.basename(file)}.`;
  for (const name of safeReaddir(folder)) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length).split('.')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && !isProcessAlive(pid)) {
      fs.rmSync(path.join(folder, name), { force: true });
    }
  }
}

function safeReaddir(folder: string): string[] {
  try {
    return fs.readdirSync(folder);
  } catch {
    return [];
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
