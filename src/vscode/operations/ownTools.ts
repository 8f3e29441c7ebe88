// The queue's own MCP tools, as VS Code lists them in vscode.lm.tools: "mcp_<server prefix>_<tool>".
// `lm.tool` refuses them: a task that enqueues, polls or cancels tasks would wait on the very queue
// it runs in (and an agent gains nothing by putting a cheap status call in the background).

/** The tool names of src/mcp/tools (a unit test checks the two lists agree). */
export const OWN_MCP_TOOL_NAMES: readonly string[] = [
  'cache_task_get_status',
  'cache_task_list',
  'cache_task_enqueue',
  'cache_task_cancel',
  'cache_task_retry',
  'cache_operation_list',
];

/**
 * True for a Background Tasks MCP tool offered by any server (this extension's, or a headless
 * `background-tasks serve` the user also configured): VS Code prefixes MCP tools with "mcp_" and a
 * server-derived part, so the tool's own name is what identifies it.
 */
export function isOwnTool(toolName: string): boolean {
  if (!toolName.startsWith('mcp_')) return false;
  return OWN_MCP_TOOL_NAMES.some((name) => toolName.endsWith(`_${name}`));
}
