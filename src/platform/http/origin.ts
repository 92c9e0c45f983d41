import type { FastifyRequest } from 'fastify';
import { commonErrors } from '../errors/app-error.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Refuses a state-changing request that a browser sent from another site with the user's cookies
 * (CSRF: a `<form enctype="text/plain">` on any page could reset a staff member's TOTP). Browsers say
 * where a request comes from in `Origin` (every POST, PATCH, DELETE) and `Sec-Fetch-Site`; a request
 * with neither is not a browser's, and one with a bearer token was sent on purpose by its holder, so
 * neither carries ambient credentials to abuse.
 */
export function refuseCrossSite(request: FastifyRequest, allowedOrigins: readonly string[]): void {
  if (SAFE_METHODS.has(request.method)) return;
  if (request.headers.authorization?.startsWith('Bearer ')) return;
  const origin = request.headers.origin;
  if (origin !== undefined) {
    if (origin !== 'null' && (allowedOrigins.includes(origin) || hostOf(origin) === request.host)) return;
    throw commonErrors.crossSiteRequest();
  }
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') throw commonErrors.crossSiteRequest();
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
