import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { BackgroundTasksError } from '../../core/errors';
import { parseInput } from '../../core/validation';
import type { AnyMcpTool, McpRequestExtra, McpToolContext } from '../tools/toolDefinition';

/**
 * Registers one declared tool on an McpServer.
 *
 * Validation happens here, not in the SDK: the SDK (1.32) would refuse bad arguments before the handler runs, worded
 * its own way ("Input validation error: ... must be an integer at priority"). Instead the SDK is given a schema that
 * accepts any object but publishes the tool's real JSON Schema in tools/list, and the handler parses with the core's
 * parseInput, so the tools and the core refuse the same input with the same words ("priority: must be an integer").
 */
export function registerTool(server: McpServer, tool: AnyMcpTool, context: McpToolContext): void {
  server.registerTool(
    tool.name,
    {
      title: tool.title,
      description: tool.description,
      inputSchema: publishedInputSchema(tool),
      outputSchema: tool.outputSchema,
      annotations: tool.annotations,
      _meta: tool._meta,
    },
    (args, extra) => runTool(tool, args, context, extra),
  );
}

/** Runs a tool: bad input and engine refusals become `isError` results, never JSON-RPC errors. */
export async function runTool(tool: AnyMcpTool, args: unknown, context: McpToolContext, extra: McpRequestExtra): Promise<CallToolResult> {
  try {
    const input = parseInput(tool.inputSchema, args ?? {});
    const output = (await tool.handler(input, context, extra)) as Record<string, unknown>;
    return { structuredContent: output, content: [{ type: 'text', text: JSON.stringify(output, null, 2) }] };
  } catch (error) {
    if (error instanceof BackgroundTasksError) return errorResult(error.message);
    context.logger.error(`MCP tool ${tool.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return errorResult(`${tool.name} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function errorResult(message: string): CallToolResult {
  return { isError: true, content: [{ type: 'text', text: message }] };
}

const published = new WeakMap<AnyMcpTool, z.ZodObject>();

/** Accepts any object (the handler validates) and shows the tool's real input JSON Schema in tools/list. */
export function publishedInputSchema(tool: AnyMcpTool): z.ZodObject {
  let schema = published.get(tool);
  if (!schema) {
    const jsonSchema = z.toJSONSchema(tool.inputSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' });
    schema = z.looseObject({}).meta(jsonSchema as Record<string, unknown>);
    published.set(tool, schema);
  }
  return schema;
}
