import { eq, sql } from 'drizzle-orm';
import { isAccessModule, ROLES, type AccessModule, type Role, type StaffPrincipal } from '../../../platform/access/access.js';
import { resolveSession, tokenCacheKey } from '../../../platform/auth/sessions.js';
import { InvalidatedCache, invalidatesByTopic, listenerStateOf, principalChangeInvalidates } from '../../../platform/cache/changes.js';
import type { Db } from '../../../platform/db/tx.js';
import { findOrgById, orgChangeInvalidates } from '#modules/orgs';
import { staffAccounts, staffRoles } from '../schema.js';

export function toRoles(rows: readonly { module: string; role: string }[]): Partial<Record<AccessModule, Role>> {
  const roles: Partial<Record<AccessModule, Role>> = {};
  for (const { module, role } of rows) {
    if (isAccessModule(module) && (ROLES as readonly string[]).includes(role)) {
      roles[module] = role as Role;
    }
  }
  return roles;
}

export async function loadStaffPrincipal(db: Db, staffId: string, sessionId: string): Promise<StaffPrincipal | null> {
  const [staff] = await db
    .select({
      id: staffAccounts.id,
      username: staffAccounts.username,
      displayName: staffAccounts.displayName,
      orgId: staffAccounts.orgId,
      status: staffAccounts.status,
      roles: sql<
        { module: string; role: string }[]
      >`coalesce((select json_agg(json_build_object('module', r.module, 'role', r.role)) from ${staffRoles} r where r.staff_id = ${staffAccounts.id}), '[]'::json)`,
    })
    .from(staffAccounts)
    .where(eq(staffAccounts.id, staffId))
    .limit(1);
  if (!staff || staff.status !== 'active') return null;
  const org = await findOrgById(db, staff.orgId);
  // Staff of a deactivated organisation keep their account but cannot act until it is reactivated.
  if (!org || org.status !== 'active') return null;
  return {
    kind: 'staff',
    id: staff.id,
    username: staff.username,
    displayName: staff.displayName,
    orgId: org.id,
    orgPath: org.path,
    orgName: org.name,
    roles: toRoles(staff.roles),
    sessionId,
  };
}

// Resolved sessions are cached per instance for at most a minute, and dropped at once on any
// sign-out, revocation, role or status change, or organisation change (a NOTIFY from the commit):
// the staff tree read is the console's hottest path, and it then costs no database round trip to
// authenticate. Unknown tokens are cached too (they can never become valid).
interface CachedSession {
  principal: StaffPrincipal;
  expiresAt: Date;
}
const sessionTags = (entry: CachedSession | null): string[] =>
  entry ? [`staff:${entry.principal.sessionId}`, `staff:${entry.principal.id}`] : [];

const sessionCaches = new WeakMap<Db, InvalidatedCache<CachedSession | null>>();

export function enableStaffSessionCache(db: Db): () => void {
  const cache = new InvalidatedCache<CachedSession | null>(['auth', 'orgs'], {
    maxEntries: 100_000,
    ttlMs: 60_000,
    // A sign-out, a sign-out everywhere and a change of an account (roles, status) name it.
    invalidates: invalidatesByTopic({ auth: principalChangeInvalidates('staff'), orgs: orgChangeInvalidates }),
    listener: listenerStateOf(db),
  });
  sessionCaches.set(db, cache);
  return () => {
    cache.dispose();
    sessionCaches.delete(db);
  };
}

async function loadSession(db: Db, token: string, now: Date): Promise<CachedSession | null> {
  const session = await resolveSession(db, 'staff', token, now);
  if (!session) return null;
  const principal = await loadStaffPrincipal(db, session.principalId, session.id);
  return principal ? { principal, expiresAt: session.expiresAt } : null;
}

/** The request guard's resolver: a session token → the signed-in staff, or null. */
export async function resolveStaffToken(db: Db, token: string, now: Date): Promise<StaffPrincipal | null> {
  const cache = sessionCaches.get(db);
  const entry = cache
    ? await cache.get(tokenCacheKey(token), () => loadSession(db, token, now), sessionTags)
    : await loadSession(db, token, now);
  if (!entry || entry.expiresAt <= now) return null;
  return entry.principal;
}
