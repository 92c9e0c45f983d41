import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { installedModules } from '../manifest/registry.js';

export const ROLES = ['viewer', 'operator', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What staff roles are granted for: the platform's own areas (the audit log, the jobs), and each
 * module's, which the module declares here by augmentation
 * (`declare module '…/platform/access/access.js' { interface AccessModules { members: true } }`) and
 * in its manifest's `accessModules` (the names at run time).
 */
export interface AccessModules {
  audit: true;
  jobs: true;
}
export type AccessModule = keyof AccessModules;

const PLATFORM_ACCESS_MODULES: readonly AccessModule[] = ['audit', 'jobs'];

// Read on every staff principal a cache miss loads: computed once, the list being installed once per process.
let names: { list: readonly AccessModule[]; set: ReadonlySet<string> } | undefined;

function installedAccessModules(): NonNullable<typeof names> {
  if (!names) {
    const list = [...installedModules().flatMap((m) => (m.accessModules ?? []) as AccessModule[]), ...PLATFORM_ACCESS_MODULES];
    names = { list, set: new Set(list) };
  }
  return names;
}

/** Every name roles can be granted for, in a stable order: the modules' (in list order), then the platform's. */
export function accessModules(): readonly AccessModule[] {
  return installedAccessModules().list;
}

export function isAccessModule(name: string): name is AccessModule {
  return installedAccessModules().set.has(name);
}

export interface StaffPrincipal {
  kind: 'staff';
  id: string;
  username: string;
  displayName: string;
  orgId: string;
  orgPath: string;
  orgName: string;
  roles: Partial<Record<AccessModule, Role>>;
  sessionId: string;
}

export interface MemberPrincipal {
  kind: 'member';
  accountId: string;
  sessionId: string;
  /** The account's sign-in phone, read with the session and decrypted on first use (null only if the account row is gone). */
  readonly phone: string | null;
  /**
   * The WeChat user this session's browser runs as, under the 公众号's AppID, as WeChat's 网页授权 told the
   * server (platform/auth/wechat-session.ts); null until then, and in every browser outside WeChat.
   */
  wechat: { appId: string; openid: string } | null;
}

export interface PartnerPrincipal {
  kind: 'partner';
  partnerId: string;
  partnerName: string;
  /** What the partner is (a hospital settles mutual aid, a merchant redeems coupons): routes that only one kind may call check it. */
  partnerKind: 'merchant' | 'hospital' | 'transport' | 'scenic' | 'government' | 'other';
  keyId: string;
  orgId: string;
  orgPath: string;
}

export type Principal = StaffPrincipal | MemberPrincipal | PartnerPrincipal;

/** Every route declares one of these; a route without it fails the architecture test. */
export type RouteAccess =
  | { auth: 'public' }
  | { auth: 'staff'; module: AccessModule; role: Role }
  | { auth: 'staff-any' }
  | { auth: 'member' }
  | { auth: 'partner'; readOnly?: true; nonceInUseCase?: true };

/** The `config` of a route for staff holding `role`, or a higher one, in `module`. */
export function staffRoute<const M extends AccessModule, const R extends Role>(module: M, role: R) {
  return { access: { auth: 'staff', module, role } } as const;
}

// Roles are ordered: an admin may do what a reviewer may, and so on down to viewer.
export function roleAtLeast(held: Role | undefined, needed: Role): boolean {
  if (!held) return false;
  return ROLES.indexOf(held) >= ROLES.indexOf(needed);
}

export function hasRole(staff: StaffPrincipal, module: AccessModule, role: Role): boolean {
  return roleAtLeast(staff.roles[module], role);
}

/**
 * The organisation subtree a staff account may see and change. This is the one place where the
 * scope rule lives: every module filters with `withinScope`, and asserts with `pathInScope`.
 */
export interface Scope {
  orgId: string;
  path: string;
}

export function scopeOf(principal: StaffPrincipal | PartnerPrincipal): Scope {
  return { orgId: principal.orgId, path: principal.orgPath };
}

/** SQL condition: the row's materialised org path lies in the scope's subtree. */
export function withinScope(pathColumn: AnyColumn | SQL, scope: Scope): SQL {
  // Paths hold only uuid characters and '/', so the prefix needs no LIKE escaping; the
  // text_pattern_ops index on each path column serves it.
  return sql`${pathColumn} like ${`${scope.path}%`}`;
}

export function pathInScope(path: string, scope: Scope): boolean {
  return path.startsWith(scope.path);
}
