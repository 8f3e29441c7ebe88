// The in-process MCP endpoint: Streamable HTTP on loopback (or a private Unix socket), a new McpServer and
// transport per session keyed by Mcp-Session-Id, every request gated by Host, Origin, a secret and a body limit.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { silentLogger } from '../../core/logger';
import type { Logger } from '../../core/types';
import { BodyTooLargeError, readBody } from './readBody';
import { authorizationHeaders, generateSecret, hasValidSecret, isAllowedHost, isAllowedOrigin } from './security';

export const MCP_PATH = '/mcp';
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;
export const DEFAULT_SESSION_IDLE_MS = 30 * 60 * 1000;
export const DEFAULT_MAX_SESSIONS = 32;

export interface McpHttpEndpointOptions {
  /** A fresh McpServer with the tools registered; called once per session. */
  createServer: () => McpServer;
  /** Default: a new random secret. Pass one to keep it across restarts of the endpoint within one activation. */
  secret?: string;
  /** TCP port on 127.0.0.1; default 0 (the OS picks one). Ignored when socketPath is given. */
  port?: number;
  /** Listen on this Unix socket (or Windows named pipe) instead of TCP; see privateSocketPath(). */
  socketPath?: string;
  /** Largest accepted request body; default 4 MiB (task parameters may be up to 1 MiB of JSON). */
  maxBodyBytes?: number;
  /** A session with no open request for this long is closed; default 30 minutes. */
  sessionIdleMs?: number;
  /** At most this many sessions; a new one then closes the least recently used. Default 32. */
  maxSessions?: number;
  logger?: Logger;
}

interface Session {
  id: string | undefined;
  readonly server: McpServer;
  readonly transport: StreamableHTTPServerTransport;
  lastActivity: number;
  openRequests: number;
  closed: boolean;
}

export class McpHttpEndpoint {
  private readonly sessions = new Map<string, Session>();
  private readonly sweeper: NodeJS.Timeout;
  private closing: Promise<void> | undefined;

  /** `http://127.0.0.1:PORT/mcp`, or for a socket `http://localhost/mcp` (connect to socketPath). */
  readonly url: string;
  /** The headers every request must carry. */
  readonly headers: Readonly<Record<string, string>>;

  private constructor(
    private readonly httpServer: Server,
    private readonly options: Required<Omit<McpHttpEndpointOptions, 'socketPath' | 'port'>>,
    readonly port: number | undefined,
    readonly socketPath: string | undefined,
  ) {
    this.url = port !== undefined ? `http://127.0.0.1:${port}${MCP_PATH}` : `http://localhost${MCP_PATH}`;
    this.headers = authorizationHeaders(options.secret);
    const every = Math.min(60_000, Math.max(50, Math.floor(options.sessionIdleMs / 2)));
    this.sweeper = setInterval(() => this.closeIdleSessions(), every);
    this.sweeper.unref();
  }

  static async start(options: McpHttpEndpointOptions): Promise<McpHttpEndpoint> {
    const resolved = {
      createServer: options.createServer,
      secret: options.secret ?? generateSecret(),
      maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      sessionIdleMs: options.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS,
      maxSessions: options.maxSessions ?? DEFAULT_MAX_SESSIONS,
      logger: options.logger ?? silentLogger,
    };
    if (Buffer.byteLength(resolved.secret, 'utf8') < 32) throw new Error('secret: must be at least 32 bytes');
    let endpoint: McpHttpEndpoint | undefined;
    const httpServer = createServer((request, response) => {
      if (endpoint) void endpoint.handle(request, response);
      else respond(response, 503, 'Service Unavailable: starting');
    });
    // A client that connects and sends nothing must not hold a socket forever; SSE responses are unaffected.
    httpServer.headersTimeout = 30_000;
    httpServer.requestTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      const onListening = () => {
        httpServer.off('error', reject);
        resolve();
      };
      if (options.socketPath) httpServer.listen(options.socketPath, onListening);
      else httpServer.listen({ host: '127.0.0.1', port: options.port ?? 0, exclusive: true }, onListening);
    });
    const port = options.socketPath ? undefined : (httpServer.address() as AddressInfo).port;
    endpoint = new McpHttpEndpoint(httpServer, resolved, port, options.socketPath);
    resolved.logger.info(`MCP endpoint listening on ${options.socketPath ?? endpoint.url}`);
    return endpoint;
  }

  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Closes every session and the listener. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      clearInterval(this.sweeper);
      await Promise.all([...this.sessions.values()].map((session) => this.closeSession(session, 'endpoint closed')));
      await new Promise<void>((resolve) => {
        this.httpServer.close(() => resolve());
        this.httpServer.closeAllConnections();
      });
      if (this.socketPath && process.platform !== 'win32') rmSync(this.socketPath, { force: true });
    })();
    return this.closing;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    try {
      if (this.closing) return respond(response, 503, 'Service Unavailable: shutting down');
      if (!isAllowedHost(request.headers.host, this.port)) {
        this.options.logger.warn(`MCP endpoint: refused a request with Host ${JSON.stringify(request.headers.host ?? null)}`);
        return respond(response, 403, 'Forbidden: Host is not this loopback endpoint');
      }
      if (!isAllowedOrigin(request.headers.origin)) {
        this.options.logger.warn(`MCP endpoint: refused a request with Origin ${JSON.stringify(request.headers.origin)}`);
        return respond(response, 403, 'Forbidden: requests from web pages (with an Origin header) are not accepted');
      }
      if (!hasValidSecret(request.headers, this.options.secret)) {
        this.options.logger.warn('MCP endpoint: refused a request without the right secret');
        return respond(response, 401, 'Unauthorized: missing or wrong Authorization header', { 'WWW-Authenticate': 'Bearer' });
      }
      const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
      if (pathname !== MCP_PATH) return respond(response, 404, `Not Found: the MCP endpoint is ${MCP_PATH}`);
      switch (request.method) {
        case 'POST':
          return await this.handlePost(request, response);
        case 'GET':
        case 'DELETE':
          return await this.handleSessionRequest(request, response);
        default:
          return respond(response, 405, 'Method Not Allowed', { Allow: 'GET, POST, DELETE' });
      }
    } catch (error) {
      this.options.logger.error(error instanceof Error ? error : String(error));
      if (!response.headersSent) respond(response, 500, 'Internal Server Error');
      else response.end();
    }
  }

  private async handlePost(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let body: unknown;
    try {
      body = JSON.parse((await readBody(request, this.options.maxBodyBytes)).toString('utf8'));
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        this.options.logger.warn(`MCP endpoint: refused a body over ${error.limit} bytes`);
        respond(response, 413, `Payload Too Large: request bodies are limited to ${error.limit} bytes`, { Connection: 'close' });
        // Let the client finish sending (so it reads the 413), but throw the bytes away.
        request.resume();
        return;
      }
      if (error instanceof SyntaxError) return respond(response, 400, 'Parse error: the body is not valid JSON', {}, -32700);
      throw error;
    }
    const sessionId = header(request, 'mcp-session-id');
    let session = sessionId ? this.sessions.get(sessionId) : undefined;
    if (!session) {
      // initialize always gets a new session, even with a stale Mcp-Session-Id (e.g. after a reload): a client
      // holding the right secret must never see a 4xx on initialize (VS Code would fall back to legacy SSE).
      if (isInitializeRequest(body)) session = await this.createSession();
      else if (sessionId) return respond(response, 404, 'Session not found: send initialize to start a new session', {}, -32001);
      else return respond(response, 400, 'Bad Request: no Mcp-Session-Id header; send initialize first');
    }
    await this.serve(session, request, response, body);
    if (!session.id && !session.closed) {
      // initialize failed before a session id was handed out: nothing can reach this session again.
      await this.closeSession(session, 'initialize failed');
    }
  }

  private async handleSessionRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const sessionId = header(request, 'mcp-session-id');
    if (!sessionId) return respond(response, 400, 'Bad Request: the Mcp-Session-Id header is required');
    const session = this.sessions.get(sessionId);
    if (!session) return respond(response, 404, 'Session not found', {}, -32001);
    await this.serve(session, request, response);
  }

  private async serve(session: Session, request: IncomingMessage, response: ServerResponse, body?: unknown): Promise<void> {
    session.openRequests++;
    session.lastActivity = Date.now();
    response.once('close', () => {
      session.openRequests--;
      session.lastActivity = Date.now();
    });
    await session.transport.handleRequest(request, response, body);
  }

  private async createSession(): Promise<Session> {
    if (this.sessions.size >= this.options.maxSessions) {
      const oldest = [...this.sessions.values()].sort((a, b) => a.openRequests - b.openRequests || a.lastActivity - b.lastActivity)[0];
      if (oldest) await this.closeSession(oldest, `more than ${this.options.maxSessions} sessions`);
    }
    const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        session.id = id;
        this.sessions.set(id, session);
        this.options.logger.debug(`MCP session ${id} started`);
      },
      onsessionclosed: (id) => {
        this.sessions.delete(id);
        this.options.logger.debug(`MCP session ${id} ended by the client`);
      },
    });
    const server = this.options.createServer();
    const session: Session = { id: undefined, server, transport, lastActivity: Date.now(), openRequests: 0, closed: false };
    transport.onclose = () => {
      session.closed = true;
      if (session.id) this.sessions.delete(session.id);
    };
    await server.connect(transport);
    return session;
  }

  private closeIdleSessions(): void {
    const cutoff = Date.now() - this.options.sessionIdleMs;
    for (const session of this.sessions.values()) {
      if (session.openRequests === 0 && session.lastActivity < cutoff) void this.closeSession(session, 'idle');
    }
  }

  private async closeSession(session: Session, reason: string): Promise<void> {
    if (session.id) this.sessions.delete(session.id);
    session.closed = true;
    this.options.logger.debug(`MCP session ${session.id ?? '(uninitialized)'} closed: ${reason}`);
    try {
      await session.server.close(); // closes the transport too
    } catch (error) {
      this.options.logger.warn(`MCP endpoint: closing a session failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}

/** A socket path in a new 0700 temporary folder (a named pipe on Windows), for McpHttpEndpointOptions.socketPath. */
export function privateSocketPath(): { socketPath: string; dispose(): void } {
  if (process.platform === 'win32') {
    return { socketPath: `\\\\.\\pipe\\background-tasks-mcp-${randomUUID()}`, dispose() {} };
  }
  const folder = mkdtempSync(path.join(tmpdir(), 'background-tasks-mcp-'));
  return { socketPath: path.join(folder, 'mcp.sock'), dispose: () => rmSync(folder, { recursive: true, force: true }) };
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Refusals are JSON-RPC error objects, as the SDK's own transport answers. */
function respond(response: ServerResponse, status: number, message: string, headers: Record<string, string> = {}, code = -32000): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  response.end(JSON.stringify({ jsonrpc: '2.0', error: { code, message }, id: null }));
}
