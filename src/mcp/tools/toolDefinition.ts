import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { ServerNotification, ServerRequest, ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { CacheManager } from '../../core/CacheManager';
import type { OperationRegistry } from '../../core/operations/OperationRegistry';
import type { Logger } from '../../core/types';
import type { OperationPolicy } from '../server/operationPolicy';

/** What a tool handler may use: the shared core, and the policy on what MCP clients may enqueue. */
export interface McpToolContext {
  readonly manager: CacheManager;
  readonly operations: OperationRegistry;
  readonly policy: OperationPolicy;
  readonly logger: Logger;
}

export type McpRequestExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/**
 * One MCP tool, declared as data: the registration adapter (server/registerTool.ts) publishes the schemas,
 * validates arguments with the core's parseInput and turns errors into `isError` results.
 */
export interface McpToolDefinition<Input extends z.ZodObject = z.ZodObject, Output extends z.ZodObject = z.ZodObject> {
  readonly name: string;
  readonly title: string;
  /** Written for a model: what it does, when to use it, what comes back. */
  readonly description: string;
  /** A strict zod object built from the core's `fields`, so core and tools refuse input with the same words. */
  readonly inputSchema: Input;
  readonly outputSchema: Output;
  readonly annotations: ToolAnnotations;
  readonly _meta: Record<string, unknown>;
  handler(input: z.output<Input>, context: McpToolContext, extra: McpRequestExtra): Promise<ToolOutput<Output>> | ToolOutput<Output>;
}

/** What a handler returns: the output schema's known fields (without the index signature of a loose object). */
export type ToolOutput<Output extends z.ZodObject> = WithoutIndexSignature<z.input<Output>>;
type WithoutIndexSignature<T> = T extends readonly (infer Item)[]
  ? WithoutIndexSignature<Item>[]
  : T extends object
    ? { [K in keyof T as string extends K ? never : K]: WithoutIndexSignature<T[K]> }
    : T;

/** Erases the type parameters so tools of different shapes fit in one list. */
export type AnyMcpTool = McpToolDefinition<z.ZodObject, z.ZodObject>;

export function defineTool<Input extends z.ZodObject, Output extends z.ZodObject>(definition: McpToolDefinition<Input, Output>): AnyMcpTool {
  return definition as unknown as AnyMcpTool;
}

/** The seed's annotations for its two read-only tools, shared by every read-only tool here. */
export const READ_ONLY_ANNOTATIONS = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
} as const satisfies ToolAnnotations;

export const SAFE_META = { category: 'cache', safety_level: 'safe' } as const;
export const MODERATE_META = { category: 'cache', safety_level: 'moderate' } as const;
