// The headless server: the same core and the same MCP tools as the extension, without VS Code.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { BackgroundWorker } from '../../core/BackgroundWorker';
import { CacheManager } from '../../core/CacheManager';
import { demoWaitOperation } from '../../core/operations/demoWait';
import { OperationRegistry } from '../../core/operations/OperationRegistry';
import { shellOperation } from '../../core/operations/shell';
import type { Logger } from '../../core/types';
import { McpHttpEndpoint } from '../http/McpHttpEndpoint';
import { createMcpServer } from '../server/createMcpServer';
import type { ServeArgs } from './parseServeArgs';

export const DATABASE_FILE_NAME = 'tasks.db';

export interface ServeIo {
  /** Where the HTTP mode's one JSON line goes (and, for stdio, the protocol). */
  stdout: NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream;
  logger: Logger;
  version: string;
}

export interface RunningServer {
  /** Resolves when the server stopped by itself (stdio: the client closed stdin). */
  readonly stopped: Promise<void>;
  /** Stops serving, stops the worker (running tasks get its deadline), closes (flushes) the database. */
  stop(): Promise<void>;
}

export async function serve(args: ServeArgs, io: ServeIo): Promise<RunningServer> {
  const storage = path.resolve(args.storage);
  mkdirSync(storage, { recursive: true });
  const operations = new OperationRegistry();
  operations.register(demoWaitOperation);
  if (args.allowShell) operations.register(shellOperation);

  const manager = await CacheManager.open({ file: path.join(storage, DATABASE_FILE_NAME), operations, logger: io.logger });
  const worker = new BackgroundWorker(manager, operations, {}, io.logger);
  const newServer = () => createMcpServer({ manager, operations, version: io.version, logger: io.logger });

  let closeTransport: () => Promise<void>;
  let resolveStopped!: () => void;
  const stopped = new Promise<void>((resolve) => (resolveStopped = resolve));
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      io.logger.info('stopping: closing MCP, stopping the worker, flushing the database');
      await closeTransport().catch((error) => io.logger.warn(`closing MCP failed: ${String(error)}`));
      await worker.stop();
      await manager.close();
      io.logger.info('stopped');
      resolveStopped();
    })());

  try {
    if (args.transport.kind === 'http') {
      const endpoint = await McpHttpEndpoint.start({ createServer: newServer, port: args.transport.port, logger: io.logger });
      closeTransport = () => endpoint.close();
      // Exactly one line, before anything else on stdout: how to connect.
      io.stdout.write(JSON.stringify({ url: endpoint.url, headers: endpoint.headers }) + '\n');
    } else {
      const server = newServer();
      const transport = new StdioServerTransport(io.stdin as NodeJS.ReadStream, io.stdout as NodeJS.WriteStream);
      closeTransport = () => server.close();
      // The client went away: nobody can reach this process any more.
      io.stdin.once('end', () => void stop());
      await server.connect(transport);
    }
  } catch (error) {
    await manager.close().catch(() => undefined);
    throw error;
  }
  worker.start();
  io.logger.info(
    `serving ${args.transport.kind === 'http' ? 'Streamable HTTP' : 'stdio'}; database ${manager.file}; operations: ${operations.names().join(', ')}`,
  );
  return { stopped, stop };
}
