import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CacheManager } from '../../core/CacheManager';
import { silentLogger } from '../../core/logger';
import type { OperationRegistry } from '../../core/operations/OperationRegistry';
import type { Logger } from '../../core/types';
import { allTools, type AnyMcpTool } from '../tools';
import { allowAllOperations, type OperationPolicy } from './operationPolicy';
import { registerTool } from './registerTool';

export interface CreateMcpServerOptions {
  manager: CacheManager;
  operations: OperationRegistry;
  /** The extension's or the CLI's version: shown to clients as serverInfo.version. */
  version: string;
  logger?: Logger;
  /** What MCP clients may enqueue; default: every operation. */
  policy?: OperationPolicy;
  tools?: readonly AnyMcpTool[];
}

export const SERVER_NAME = 'background-tasks';
export const SERVER_TITLE = 'Background Tasks';

export const SERVER_INSTRUCTIONS =
  'A persistent background task queue shared with the user\'s editor. For work that takes more than a few seconds, ' +
  'call cache_operation_list to find the operation, cache_task_enqueue to queue it (returns a task_id at once), then ' +
  'poll cache_task_get_status every few seconds until status is completed, failed or cancelled. cache_task_list shows ' +
  'what is queued, running or failed; cache_task_cancel stops a task; cache_task_retry runs a failed one again.';

/** A new McpServer with the cache tools. One per session: an McpServer connects to exactly one transport. */
export function createMcpServer(options: CreateMcpServerOptions): McpServer {
  const server = new McpServer(
    { name: SERVER_NAME, title: SERVER_TITLE, version: options.version },
    { capabilities: { tools: {} }, instructions: SERVER_INSTRUCTIONS },
  );
  const context = {
    manager: options.manager,
    operations: options.operations,
    policy: options.policy ?? allowAllOperations,
    logger: options.logger ?? silentLogger,
  };
  for (const tool of options.tools ?? allTools) registerTool(server, tool, context);
  return server;
}
