// Offers the cache tools to VS Code's MCP client (Copilot agent mode): one HTTP server definition whose endpoint
// runs in this extension host and shares its CacheManager. The endpoint starts only when VS Code starts the server.
import * as vscode from 'vscode';
import type { CacheManager } from '../../core/CacheManager';
import type { OperationRegistry } from '../../core/operations/OperationRegistry';
import type { Logger } from '../../core/types';
import { McpHttpEndpoint } from '../../mcp/http/McpHttpEndpoint';
import { generateSecret } from '../../mcp/http/security';
import { createMcpServer } from '../../mcp/server/createMcpServer';
import { DEFAULT_ALLOWED_OPERATIONS, patternPolicy } from '../../mcp/server/operationPolicy';

export const MCP_PROVIDER_ID = 'backgroundTasks.mcp';
export const MCP_SERVER_LABEL = 'Background Tasks';
const SECTION = 'backgroundTasks.mcp';

export function registerMcpProvider(
  context: vscode.ExtensionContext,
  manager: CacheManager,
  operations: OperationRegistry,
  logger: Logger,
): vscode.Disposable {
  const version = String(context.extension.packageJSON.version ?? '0.0.0');
  const settings = () => vscode.workspace.getConfiguration(SECTION);
  const isEnabled = () => settings().get<boolean>('enabled', true);
  const policy = patternPolicy(
    () => settings().get<readonly string[]>('allowedOperations', DEFAULT_ALLOWED_OPERATIONS) ?? DEFAULT_ALLOWED_OPERATIONS,
    'the setting backgroundTasks.mcp.allowedOperations',
  );
  // One secret per activation, kept if the endpoint is stopped and started again.
  const secret = generateSecret();
  const changed = new vscode.EventEmitter<void>();
  let endpoint: Promise<McpHttpEndpoint> | undefined;

  const start = (): Promise<McpHttpEndpoint> =>
    (endpoint ??= McpHttpEndpoint.start({
      secret,
      logger,
      createServer: () => createMcpServer({ manager, operations, version, logger, policy }),
    }).catch((error: unknown) => {
      endpoint = undefined;
      throw error;
    }));

  const stop = async (): Promise<void> => {
    const running = endpoint;
    endpoint = undefined;
    const started = await running?.catch(() => undefined);
    await started?.close();
  };

  const provider: vscode.McpServerDefinitionProvider<vscode.McpHttpServerDefinition> = {
    onDidChangeMcpServerDefinitions: changed.event,
    provideMcpServerDefinitions: () =>
      isEnabled()
        ? // The real uri and headers are filled in by resolveMcpServerDefinition, once the endpoint listens.
          [new vscode.McpHttpServerDefinition(MCP_SERVER_LABEL, vscode.Uri.parse('http://127.0.0.1/mcp'), {}, version)]
        : [],
    resolveMcpServerDefinition: async (server) => {
      if (!isEnabled()) return undefined;
      const running = await start();
      server.uri = vscode.Uri.parse(running.url);
      server.headers = { ...running.headers };
      return server;
    },
  };

  const registration = vscode.lm.registerMcpServerDefinitionProvider(MCP_PROVIDER_ID, provider);
  const onConfig = vscode.workspace.onDidChangeConfiguration((event) => {
    if (!event.affectsConfiguration(`${SECTION}.enabled`)) return;
    if (!isEnabled()) {
      logger.info('MCP server turned off by backgroundTasks.mcp.enabled');
      void stop().catch((error: unknown) => logger.warn(`stopping the MCP endpoint failed: ${String(error)}`));
    }
    changed.fire();
  });

  return new vscode.Disposable(() => {
    onConfig.dispose();
    registration.dispose();
    changed.dispose();
    void stop().catch(() => undefined);
  });
}
