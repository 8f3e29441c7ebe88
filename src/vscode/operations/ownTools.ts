// The queue's own MCP tools, as VS Code lists them in vscode.lm.tools: "mcp_<server prefix>_<tool>".
// `lm.tool` refuses them: a task that enqueues, polls or cancels tasks would wait on the very queue
// it runs in (and an agent gains nothing by putting a cheap status call in the background).
import { allTools } from '../../mcp/tools';

/** The tool names of src/mcp/tools, read from the declarations themselves. */
export const OWN_MCP_TOOL_NAMES: readonly string[] = allTools.map((tool) => tool.name);

/**
 * True for a Background Tasks MCP tool offered by any server (this extension's, or a headless
 * `background-tasks serve` the user also configured): VS Code prefixes MCP tools with "mcp_" and a
 * server-derived part, so the tool's own name is what identifies it.
 */
export function isOwnTool(toolName: string): boolean {
  if (!toolName.startsWith('mcp_')) return false;
  return OWN_MCP_TOOL_NAMES.some((name) => toolName.endsWith(`_${name}`));
}
