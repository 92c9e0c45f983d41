import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hasRole, type MemberPrincipal, type PartnerPrincipal, type RouteAccess, type StaffPrincipal } from '../access/access.js';
import type { Actor } from '../audit/audit.js';
import {
  readSignatureHeaders,
  signingKeyOf,
  verifyPartnerSignature,
  type PartnerKey,
  type PartnerKeyLookup,
  type SignatureHeaders,
} from '../auth/partner-signing.js';
import type { Db } from '../db/tx.js';
import { commonErrors } from '../errors/app-error.js';
import { authErrors } from '../auth/errors.js';
import { parseJsonBody } from './bodies.js';
import { refuseCrossSite } from './origin.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
  interface FastifyRequest {
    staff: StaffPrincipal | null;
    member: MemberPrincipal | null;
    partner: PartnerPrincipal | null;
    rawBody: string;
  }
}

export const STAFF_COOKIE = 'gh_staff';
export const MEMBER_COOKIE = 'gh_member';

export interface AuthResolvers {
  staff(token: string, now: Date): Promise<StaffPrincipal | null>;
  member(token: string, now: Date): Promise<MemberPrincipal | null>;
  partnerKey: PartnerKeyLookup;
  partner(partnerId: string, keyId: string): Promise<PartnerPrincipal | null>;
}

function bearer(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim() || null;
  return null;
}

function tokenFor(request: FastifyRequest, cookie: string): string | null {
  return bearer(request) ?? request.cookies[cookie] ?? null;
}

export interface GuardOptions {
  /** Origins besides the server's own from which browsers may send state-changing requests. */
  allowedOrigins: readonly string[];
}

// A partner request's headers and key, checked before its body is read, for the check of its body.
const partnerHeaders = new WeakMap<FastifyRequest, { headers: SignatureHeaders; key: PartnerKey }>();
const unspentNonces = new WeakMap<FastifyRequest, { keyId: string; nonce: string }>();

/**
 * The signed nonce of a route that records it in its use case's transaction (`nonceInUseCase`): taken
 * once, by the handler that writes it. A route so declared whose handler never takes it fails here.
 */
export function takeUnspentNonce(request: FastifyRequest): { keyId: string; nonce: string } {
  const unspent = unspentNonces.get(request);
  if (!unspent) throw new Error(`${request.routeOptions.url ?? request.url}: no unspent nonce (is the route nonceInUseCase?)`);
  unspentNonces.delete(request);
  return unspent;
}

/**
 * The one gate every request passes. Each route declares `config.access`; a route without it is
 * refused here (and fails the architecture test). Everything that can be decided from the headers —
 * sessions, a partner's signature headers and key, where a browser's request comes from — is decided
 * before the body is read; a partner's signature over the body is checked before the body is parsed.
 */
export function registerGuard(app: FastifyInstance, db: Db, resolvers: AuthResolvers, options: GuardOptions): void {
  app.decorateRequest('staff', null);
  app.decorateRequest('member', null);
  app.decorateRequest('partner', null);
  app.decorateRequest('rawBody', '');

  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config.access;
    // 404s (no route) carry no access config; the not-found handler answers them.
    if (!request.routeOptions.url) return;
    if (!access) throw commonErrors.forbidden({}, { detail: 'route declares no access' });
    const now = new Date();
    if (access.auth !== 'partner') refuseCrossSite(request, options.allowedOrigins);
    switch (access.auth) {
      case 'public':
        return;
      case 'partner': {
        const headers = readSignatureHeaders(request.headers, now);
        partnerHeaders.set(request, { headers, key: await signingKeyOf(resolvers.partnerKey, headers) });
        return;
      }
      case 'member': {
        const token = tokenFor(request, MEMBER_COOKIE);
        const member = token ? await resolvers.member(token, now) : null;
        if (!member) throw commonErrors.unauthenticated();
        request.member = member;
        return;
      }
      case 'staff':
      case 'staff-any': {
        const token = tokenFor(request, STAFF_COOKIE);
        const staff = token ? await resolvers.staff(token, now) : null;
        if (!staff) throw commonErrors.unauthenticated();
        if (access.auth === 'staff' && !hasRole(staff, access.module, access.role)) {
          throw commonErrors.forbidden({
            module: access.module,
            role: access.role,
          });
        }
        request.staff = staff;
        return;
      }
      default: {
        const never: never = access;
        throw new Error(`unknown access ${JSON.stringify(never)}`);
      }
    }
  });

  // preValidation runs after the body is read and before the route's schema sees it; the JSON parser
  // left a partner route's body unparsed (bodies.ts).
  app.addHook('preValidation', async (request) => {
    const access = request.routeOptions.config.access;
    if (access?.auth !== 'partner') return;
    const checked = partnerHeaders.get(request);
    if (!checked) throw authErrors.signatureMissing();
    const verified = await verifyPartnerSignature(db, checked.key, checked.headers, {
      readOnly: access.readOnly === true,
      nonce: access.nonceInUseCase === true ? 'caller' : 'now',
      method: request.method,
      url: request.url,
      rawBody: request.rawBody,
      now: new Date(),
    });
    const partner = await resolvers.partner(verified.partnerId, verified.keyId);
    if (!partner) throw authErrors.partnerKeyInvalid();
    request.partner = partner;
    if (verified.unspentNonce !== null) unspentNonces.set(request, { keyId: verified.keyId, nonce: verified.unspentNonce });
    if (request.rawBody !== '') request.body = parseJsonBody(request.rawBody);
  });

  // A write that records its nonce in its use case must have taken it: else the signed request could be
  // replayed. Caught at the first answer of such a route, in any test that calls it.
  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode < 400 && unspentNonces.has(request)) {
      throw new Error(`${request.routeOptions.url ?? request.url}: answered without recording its nonce`);
    }
    return payload;
  });
}

export function requireStaff(request: FastifyRequest): StaffPrincipal {
  if (!request.staff) throw commonErrors.unauthenticated();
  return request.staff;
}

export function requireMember(request: FastifyRequest): MemberPrincipal {
  if (!request.member) throw commonErrors.unauthenticated();
  return request.member;
}

export function requirePartner(request: FastifyRequest): PartnerPrincipal {
  if (!request.partner) throw commonErrors.unauthenticated();
  return request.partner;
}

/** The audit actor of a request. */
export function actorOf(request: FastifyRequest): Actor {
  const base = { requestId: request.id, ip: request.ip };
  if (request.staff) {
    const s = request.staff;
    return { kind: 'staff', id: s.id, name: s.displayName, orgId: s.orgId, orgPath: s.orgPath, ...base };
  }
  if (request.partner) {
    const p = request.partner;
    return { kind: 'partner', id: p.partnerId, name: p.partnerName, orgId: p.orgId, orgPath: p.orgPath, ...base };
  }
  if (request.member) {
    return {
      kind: 'member',
      id: request.member.accountId,
      name: null,
      orgId: null,
      orgPath: null,
      ...base,
    };
  }
  return {
    kind: 'system',
    id: null,
    name: null,
    orgId: null,
    orgPath: null,
    ...base,
  };
}
