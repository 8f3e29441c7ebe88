// Which operations MCP clients may enqueue. The extension reads a setting (backgroundTasks.mcp.allowedOperations);
// the headless server allows everything it registered (shell only exists there with --allow-shell).

export interface OperationPolicy {
  isAllowed(operation: string): boolean;
  /** The rule broken, for `operation: <rule>`: names what is allowed and where that is configured. */
  refusal(operation: string, registered: readonly string[]): string;
}

export const allowAllOperations: OperationPolicy = {
  isAllowed: () => true,
  refusal: (operation) => `"${operation}" may not be enqueued`,
};

/**
 * What an agent may enqueue unless the user says otherwise: everything except the operations that run
 * arbitrary commands (a command id, a task, a command line). Those would let a model act without the
 * confirmation VS Code asks for each of its own tools.
 */
export const DEFAULT_ALLOWED_OPERATIONS: readonly string[] = ['*', '!vscode.command', '!vscode.task', '!shell'];

/**
 * Patterns are exact operation names or globs where `*` matches any run of characters ("demo.*", "*");
 * a pattern starting with `!` excludes what it matches, whatever else allows it.
 * `patterns` is read on every call, so a changed setting applies at once.
 */
export function patternPolicy(patterns: () => readonly string[], source: string): OperationPolicy {
  const matches = (operation: string): boolean => {
    const all = patterns().map((pattern) => pattern.trim());
    const excluded = all.filter((pattern) => pattern.startsWith('!')).some((pattern) => globToRegExp(pattern.slice(1)).test(operation));
    return !excluded && all.filter((pattern) => !pattern.startsWith('!')).some((pattern) => globToRegExp(pattern).test(operation));
  };
  return {
    isAllowed: matches,
    refusal(operation, registered) {
      const allowed = registered.filter(matches);
      return (
        `"${operation}" is not allowed for MCP clients by ${source}` +
        `; allowed operations: ${allowed.length ? allowed.join(', ') : '(none)'}`
      );
    },
  };
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern
    .trim()
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`);
}
