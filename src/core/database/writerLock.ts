import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Emitter } from '../events';
import type { Event } from '../types';

/**
 * One writer at a time across processes, for one database file.
 *
 * The lock is a listening socket: on Linux an abstract Unix socket, on Windows a named pipe. The kernel
 * frees both the moment the holder dies, even on SIGKILL, so there is no stale lock to detect or steal.
 * A waiter connects to the holder: the connection tells the holder someone is waiting, and its close
 * tells the waiter the lock is free. Elsewhere (macOS) it is a socket file in the temp folder; a refused
 * connection means its holder died.
 */
export class WriterLock {
  private server: net.Server | undefined;
  private readonly waiters = new Set<net.Socket>();
  private readonly contended = new Emitter<void>();
  /** Someone else wants to write: flush and release soon. */
  readonly onDidContend: Event<void> = this.contended.event;

  constructor(private readonly address: string) {}

  static forFile(file: string): WriterLock {
    return new WriterLock(lockAddress(file));
  }

  get held(): boolean {
    return this.server !== undefined;
  }

  get isContended(): boolean {
    return this.waiters.size > 0;
  }

  async acquire(): Promise<void> {
    while (!this.server) {
      const server = await this.tryListen();
      if (server) {
        this.server = server;
        return;
      }
      await this.waitForHolder();
    }
  }

  release(): void {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.close();
    for (const waiter of this.waiters) waiter.destroy();
    this.waiters.clear();
  }

  dispose(): void {
    this.release();
    this.contended.dispose();
  }

  private tryListen(): Promise<net.Server | undefined> {
    return new Promise((resolve, reject) => {
      const server = net.createServer((socket) => this.onWaiter(socket));
      server.once('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EADDRINUSE') return resolve(this.breakIfStale().then(() => undefined));
        reject(error);
      });
      server.listen(this.address, () => resolve(server));
    });
  }

  private onWaiter(socket: net.Socket): void {
    this.waiters.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => this.waiters.delete(socket));
    this.contended.fire();
  }

  /** Resolves once the current holder lets go (or is gone). */
  private waitForHolder(): Promise<void> {
    return new Promise((resolve) => {
      const socket = net.connect(this.address);
      socket.on('error', () => resolve());
      socket.on('close', () => resolve());
      socket.on('data', () => undefined);
    });
  }

  /** Only socket files can be stale: a refused connection means the holder died without unlinking. */
  private async breakIfStale(): Promise<void> {
    if (isKernelManaged(this.address)) return;
    const refused = await new Promise<boolean>((resolve) => {
      const socket = net.connect(this.address);
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
    });
    if (refused) fs.rmSync(this.address, { force: true });
  }
}

function lockAddress(file: string): string {
  const key = createHash('sha256').update(canonicalPath(file)).digest('hex').slice(0, 32);
  if (process.platform === 'linux') return `\0background-tasks-${key}`;
  if (process.platform === 'win32') return `\\\\.\\pipe\\background-tasks-${key}`;
  return path.join(os.tmpdir(), `background-tasks-${key}.lock`);
}

function isKernelManaged(address: string): boolean {
  return address.startsWith('\0') || address.startsWith('\\\\.\\pipe\\');
}

function canonicalPath(file: string): string {
  const folder = path.dirname(path.resolve(file));
  try {
    return path.join(fs.realpathSync(folder), path.basename(file));
  } catch {
    return path.resolve(file);
  }
}
