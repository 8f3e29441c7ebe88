import { cacheOperationListTool } from './cacheOperationList';
import { cacheTaskCancelTool } from './cacheTaskCancel';
import { cacheTaskEnqueueTool } from './cacheTaskEnqueue';
import { cacheTaskGetStatusTool } from './cacheTaskGetStatus';
import { cacheTaskListTool } from './cacheTaskList';
import { cacheTaskRetryTool } from './cacheTaskRetry';
import type { AnyMcpTool } from './toolDefinition';

/** Every tool the server offers, in the order tools/list shows them. */
export const allTools: readonly AnyMcpTool[] = [
  cacheTaskGetStatusTool,
  cacheTaskListTool,
  cacheTaskEnqueueTool,
  cacheTaskCancelTool,
  cacheTaskRetryTool,
  cacheOperationListTool,
];

export type { AnyMcpTool, McpToolContext, McpToolDefinition } from './toolDefinition';
