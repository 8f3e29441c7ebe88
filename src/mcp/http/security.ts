// The HTTP endpoint's gatekeeping, kept apart from the MCP plumbing so each rule is easy to read and test.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const SECRET_BYTES = 32;
export const AUTHORIZATION_SCHEME = 'Bearer';

/** A new random secret (32 bytes, base64url): one per activation / per headless server. */
export function generateSecret(): string {
  return randomBytes(SECRET_BYTES).toString('base64url');
}

/** The headers a client must send. Only the provider (or the headless server's first stdout line) hands them out. */
export function authorizationHeaders(secret: string): Record<string, string> {
  return { Authorization: `${AUTHORIZATION_SCHEME} ${secret}` };
}

/** Constant-time comparison of the Authorization header with the expected secret. */
export function hasValidSecret(headers: IncomingHttpHeaders, secret: string): boolean {
  const header = headers.authorization;
  if (typeof header !== 'string') return false;
  const expected = `${AUTHORIZATION_SCHEME} ${secret}`;
  // Hash both sides so the comparison takes the same time whatever the lengths.
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(header), digest(expected));
}

/**
 * Host must name the loopback address we listen on (defeats DNS rebinding: a page served from evil.example that
 * resolves to 127.0.0.1 still sends `Host: evil.example`). On a Unix socket no browser can connect, and clients send
 * whatever Host they like, but it must still be a loopback name.
 */
export function isAllowedHost(host: string | undefined, port: number | undefined): boolean {
  if (!host) return false;
  const value = host.trim().toLowerCase();
  if (port !== undefined) return value === `127.0.0.1:${port}` || value === `localhost:${port}`;
  return /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(value);
}

/**
 * Browsers send Origin on cross-origin requests (and on every POST); MCP clients that are programs (VS Code's
 * extension host, the SDK's client) send none. So any Origin at all is refused: no web page may talk to the endpoint.
 */
export function isAllowedOrigin(origin: string | string[] | undefined): boolean {
  return origin === undefined;
}
