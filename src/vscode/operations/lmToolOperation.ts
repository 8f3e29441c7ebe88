// `lm.tool`: runs a tool VS Code knows (built-in, another extension's, another MCP server's) through
// vscode.lm.invokeTool, so an agent can push a slow tool call into the background and poll it.
import * as vscode from 'vscode';
import { z } from 'zod';
import { ValidationError } from '../../core/errors';
import type { JsonObject, OperationDefinition } from '../../core/types';
import { fields, parseInput } from '../../core/validation';
import { raceAbort } from './abortable';
import { isOwnTool } from './ownTools';

export const LM_TOOL_OPERATION = 'lm.tool';

const parametersSchema = z.strictObject({
  name: z.string({ message: 'must be a string' }).min(1, 'must be a non-empty string').max(500, 'must be at most 500 characters'),
  input: fields.parameters.optional(),
});

export interface LmToolResult {
  tool: string;
  /** The text parts, joined by blank lines. */
  text: string;
  text_parts: string[];
  /** Parts that are not text (prompt-tsx, data): counted, not kept. */
  other_parts: number;
}

export function createLmToolOperation(): OperationDefinition {
  return {
    name: LM_TOOL_OPERATION,
    description:
      'Runs a language-model tool that VS Code lists (built-in tools, tools of other extensions and of other MCP servers, ' +
      'named as in vscode.lm.tools, e.g. "mcp_github_search_issues") with `input`, and returns its text output. ' +
      "The Background Tasks tools themselves are refused.",
    inputSchema: {
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1, description: 'The tool name as listed in vscode.lm.tools.' },
        input: { type: 'object', description: "The tool's input, matching its input schema." },
      },
      required: ['name'],
      additionalProperties: false,
    },
    validate: (parameters) => {
      const { name } = parseInput(parametersSchema, parameters, 'parameters');
      if (isOwnTool(name)) throw new ValidationError('parameters.name', `"${name}" is a Background Tasks tool; call it directly instead of as a task`);
      if (!vscode.lm.tools.some((tool) => tool.name === name)) throw new ValidationError('parameters.name', unknownToolRule(name));
    },
    handler: async (parameters, context) => {
      const { name, input } = parseInput(parametersSchema, parameters, 'parameters');
      if (isOwnTool(name)) throw new Error(`"${name}" is a Background Tasks tool and cannot run as a task`);
      // Tools come and go (an MCP server stops): the check at enqueue time may be stale by now.
      if (!vscode.lm.tools.some((tool) => tool.name === name)) throw new Error(`parameters.name: ${unknownToolRule(name)}`);
      context.reportProgress(0, `invoking ${name}`);
      const cancellation = new vscode.CancellationTokenSource();
      const onAbort = () => cancellation.cancel();
      context.signal.addEventListener('abort', onAbort, { once: true });
      try {
        const result = await raceAbort(
          vscode.lm.invokeTool(name, { input: (input ?? {}) as JsonObject, toolInvocationToken: undefined }, cancellation.token),
          context.signal,
        );
        return collectText(name, result);
      } finally {
        context.signal.removeEventListener('abort', onAbort);
        cancellation.dispose();
      }
    },
  };
}

function collectText(tool: string, result: vscode.LanguageModelToolResult): LmToolResult {
  const textParts: string[] = [];
  let otherParts = 0;
  for (const part of result.content) {
    if (part instanceof vscode.LanguageModelTextPart) textParts.push(part.value);
    else otherParts++;
  }
  return { tool, text: textParts.join('\n\n'), text_parts: textParts, other_parts: otherParts };
}

function unknownToolRule(name: string): string {
  const available = vscode.lm.tools.map((tool) => tool.name).filter((tool) => !isOwnTool(tool)).sort();
  const shown = available.slice(0, 30).join(', ');
  return `no tool named "${name}" in vscode.lm.tools; available: ${available.length ? shown + (available.length > 30 ? `, … (${available.length} in all)` : '') : '(none)'}`;
}
