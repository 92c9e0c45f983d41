import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import {
  isAccessModule,
  ROLES,
  roleAtLeast,
  type AccessModule,
  type Role,
  type Scope,
  type StaffPrincipal,
} from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { hashPassword, passwordProblems } from '../../../platform/auth/password.js';
import { forgetKnownDevices } from '../../../platform/auth/known-devices.js';
import { revokeAllSessions } from '../../../platform/auth/sessions.js';
import { blockedUntil, clearThrottles } from '../../../platform/auth/sign-in-throttle.js';
import { notifyChange } from '../../../platform/cache/changes.js';
import { containsPattern } from '../../../platform/db/columns.js';
import { uniqueViolation } from '../../../platform/db/errors.js';
import { inTransaction, type Db, type Tx } from '../../../platform/db/tx.js';
import { t } from '../../../platform/i18n/i18n.js';
import { getOrg, getOrgsByIds, orgIdsInScope } from '#modules/orgs';
import { staffErrors } from '../errors.js';
import { staffAccounts, staffRoles } from '../schema.js';
import { toRoles } from './principal.js';
import { accountThrottleKey, TOTP_SECRET_CONTEXT } from './sign-in.js';

export type Roles = Partial<Record<AccessModule, Role>>;

export interface StaffAccount {
  id: string;
  username: string;
  displayName: string;
  org: { id: string; name: string };
  roles: Roles;
  status: 'active' | 'disabled';
  /** Until when sign-ins from browsers the account never signed in on are held back (ADR 0009). */
  lockedUntil: Date | null;
  lastSignInAt: Date | null;
  totpEnrolled: boolean;
  createdAt: Date;
}

type StaffRow = typeof staffAccounts.$inferSelect;

async function toAccounts(db: Db, rows: StaffRow[]): Promise<StaffAccount[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const roleRows = await db.select().from(staffRoles).where(inArray(staffRoles.staffId, ids));
  const orgList = await getOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))]);
  const orgName = new Map(orgList.map((o) => [o.id, o.name]));
  const throttled = await blockedUntil(
    db,
    rows.map((r) => accountThrottleKey(r.username)),
    new Date(),
  );
  return rows.map((r) => ({
    id: r.id,
    username: r.username,
    displayName: r.displayName,
    org: { id: r.orgId, name: orgName.get(r.orgId) ?? '' },
    roles: toRoles(roleRows.filter((x) => x.staffId === r.id)),
    status: r.status,
    lockedUntil: throttled.get(accountThrottleKey(r.username)) ?? null,
    lastSignInAt: r.lastSignInAt,
    totpEnrolled: r.totpEnrolledAt !== null,
    createdAt: r.createdAt,
  }));
}

/** The staff account if its organisation lies in the scope; otherwise not-found. */
async function getStaffRow(db: Db, scope: Scope, id: string, forUpdate = false): Promise<StaffRow> {
  const query = db
    .select()
    .from(staffAccounts)
    .where(and(eq(staffAccounts.id, id), inArray(staffAccounts.orgId, orgIdsInScope(scope))))
    .limit(1);
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw staffErrors.notFound();
  return row;
}

export async function getStaffAccount(db: Db, scope: Scope, id: string): Promise<StaffAccount> {
  const [account] = await toAccounts(db, [await getStaffRow(db, scope, id)]);
  if (!account) throw staffErrors.notFound();
  return account;
}

export async function listStaffAccounts(
  db: Db,
  scope: Scope,
  filter: { orgId?: string | undefined; q?: string | undefined; limit: number },
): Promise<StaffAccount[]> {
  const conditions: SQL[] = [inArray(staffAccounts.orgId, orgIdsInScope(scope))];
  if (filter.orgId) {
    // Staff of the chosen organisation and everything below it.
    const org = await getOrg(db, scope, filter.orgId);
    conditions.push(inArray(staffAccounts.orgId, orgIdsInScope({ orgId: org.id, path: org.path })));
  }
  if (filter.q) {
    const q = containsPattern(filter.q);
    conditions.push(or(ilike(staffAccounts.username, q), ilike(staffAccounts.displayName, q)) as SQL);
  }
  const rows = await db
    .select()
    .from(staffAccounts)
    .where(and(...conditions))
    .orderBy(asc(staffAccounts.username))
    .limit(filter.limit);
  return toAccounts(db, rows);
}

export interface StaffWithRole {
  id: string;
  displayName: string;
  org: { id: string; name: string };
  role: Role;
}

/**
 * Active staff of the scope who hold a role in `module`, searched like listStaffAccounts: for another
 * module's pickers (whom to hand work to), which must not need the staff module's own role to read
 * accounts, nor see more of an account than its name, union and role there.
 */
export async function listStaffWithRole(
  db: Db,
  scope: Scope,
  filter: { module: AccessModule; q?: string | undefined; limit: number },
): Promise<StaffWithRole[]> {
  const conditions: SQL[] = [
    inArray(staffAccounts.orgId, orgIdsInScope(scope)),
    eq(staffAccounts.status, 'active'),
    eq(staffRoles.module, filter.module),
  ];
  if (filter.q) {
    const q = containsPattern(filter.q);
    conditions.push(or(ilike(staffAccounts.username, q), ilike(staffAccounts.displayName, q)) as SQL);
  }
  const rows = await db
    .select({ id: staffAccounts.id, displayName: staffAccounts.displayName, orgId: staffAccounts.orgId, role: staffRoles.role })
    .from(staffAccounts)
    .innerJoin(staffRoles, eq(staffRoles.staffId, staffAccounts.id))
    .where(and(...conditions))
    .orderBy(asc(staffAccounts.username))
    .limit(filter.limit);
  const orgName = new Map((await getOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))])).map((o) => [o.id, o.name]));
  return rows.map((r) => ({
    id: r.id,
    displayName: r.displayName,
    org: { id: r.orgId, name: orgName.get(r.orgId) ?? '' },
    role: r.role as Role,
  }));
}

function checkRoles(roles: Roles): void {
  const problems = Object.entries(roles)
    .filter(([module, role]) => !isAccessModule(module) || !(ROLES as readonly string[]).includes(role))
    .map(([module]) => ({
      field: `roles.${module}`,
      code: 'staff.invalid_role',
      message: t('errors.staff.invalid_role'),
    }));
  if (problems.length > 0) throw staffErrors.invalidRole({}, { errors: problems });
}

// No one hands out more than they hold: an orgs operator cannot make an orgs admin.
function assertGrantable(granter: StaffPrincipal | null, roles: Roles): void {
  if (!granter) return;
  for (const [module, role] of Object.entries(roles) as [AccessModule, Role][]) {
    if (!roleAtLeast(granter.roles[module], role)) throw staffErrors.roleAboveOwn({ module, role });
  }
}

// Nor does anyone act on an account that holds more than they do: resetting its password or TOTP,
// or changing its roles, would be a way to take it over.
async function assertOutranks(tx: Db, granter: StaffPrincipal, targetId: string): Promise<void> {
  if (granter.id === targetId) return;
  const held = toRoles(await tx.select().from(staffRoles).where(eq(staffRoles.staffId, targetId)));
  for (const [module, role] of Object.entries(held) as [AccessModule, Role][]) {
    if (!roleAtLeast(granter.roles[module], role)) throw staffErrors.targetOutranks({ module, role });
  }
}

function checkPassword(password: string): void {
  const problems = passwordProblems(password);
  if (problems.length > 0) {
    throw staffErrors.passwordWeak(
      {},
      {
        errors: problems.map((code) => ({
          field: 'password',
          code: `staff.password_${code}`,
          message: t(`problems.staff.password_${code}`),
        })),
      },
    );
  }
}

async function writeRoles(tx: Tx, staffId: string, roles: Roles): Promise<void> {
  await tx.delete(staffRoles).where(eq(staffRoles.staffId, staffId));
  const rows = Object.entries(roles).map(([module, role]) => ({
    staffId,
    module,
    role,
  }));
  if (rows.length > 0) await tx.insert(staffRoles).values(rows);
}

export interface CreateStaffInput {
  orgId: string;
  username: string;
  displayName: string;
  password: string;
  roles: Roles;
}

/** granter null = the CLI (an operator with shell access to the server). */
export async function createStaffAccount(
  db: Db,
  actor: Actor,
  scope: Scope | null,
  granter: StaffPrincipal | null,
  input: CreateStaffInput,
): Promise<StaffAccount> {
  checkRoles(input.roles);
  assertGrantable(granter, input.roles);
  checkPassword(input.password);
  const passwordHash = await hashPassword(input.password);
  return inTransaction(db, async (tx) => {
    const org = scope ? await getOrg(tx, scope, input.orgId) : await getOrg(tx, { orgId: input.orgId, path: '/' }, input.orgId);
    const rows = await tx
      .insert(staffAccounts)
      .values({
        orgId: org.id,
        username: input.username.trim().toLowerCase(),
        displayName: input.displayName.trim(),
        passwordHash,
      })
      .returning()
      .catch((error: unknown) => {
        if (uniqueViolation(error) === 'staff_account_username_uq') throw staffErrors.usernameTaken();
        throw error;
      });
    const row = rows[0] as StaffRow;
    await writeRoles(tx, row.id, input.roles);
    await recordAudit(tx, actor, {
      action: 'staff.create',
      targetType: 'staff',
      targetId: row.id,
      orgId: org.id,
      orgPath: org.path,
      details: { name: row.displayName, username: row.username, roles: input.roles },
    });
    const [account] = await toAccounts(tx, [row]);
    return account as StaffAccount;
  });
}

export interface UpdateStaffInput {
  displayName?: string | undefined;
  roles?: Roles | undefined;
  status?: 'active' | 'disabled' | undefined;
}

export async function updateStaffAccount(
  db: Db,
  actor: Actor,
  granter: StaffPrincipal,
  id: string,
  patch: UpdateStaffInput,
): Promise<StaffAccount> {
  const scope = { orgId: granter.orgId, path: granter.orgPath };
  if (patch.roles) {
    checkRoles(patch.roles);
    assertGrantable(granter, patch.roles);
  }
  // Nobody can lock themselves out by accident, or raise their own roles.
  if (id === granter.id && (patch.roles !== undefined || patch.status !== undefined)) throw staffErrors.cannotChangeSelf();
  return inTransaction(db, async (tx) => {
    const current = await getStaffRow(tx, scope, id, true);
    await assertOutranks(tx, granter, id);
    const org = await getOrg(tx, scope, current.orgId);
    const set: Partial<StaffRow> = {};
    if (patch.displayName !== undefined) set.displayName = patch.displayName.trim();
    if (patch.status !== undefined) set.status = patch.status;
    if (Object.keys(set).length > 0) await tx.update(staffAccounts).set(set).where(eq(staffAccounts.id, id));
    if (patch.roles) await writeRoles(tx, id, patch.roles);
    if (patch.status === 'disabled') await revokeAllSessions(tx, 'staff', id, new Date());
    // Roles, name and status are part of every cached session of this account.
    await notifyChange(tx, 'auth', `staff:${id}`);
    await recordAudit(tx, actor, {
      action: 'staff.update',
      targetType: 'staff',
      targetId: id,
      orgId: org.id,
      orgPath: org.path,
      details: { ...patch },
    });
    const [row] = await tx.select().from(staffAccounts).where(eq(staffAccounts.id, id));
    const [account] = await toAccounts(tx, [row as StaffRow]);
    return account as StaffAccount;
  });
}

type AdminAction = 'reset_password' | 'reset_totp' | 'unlock' | 'sign_out_everywhere';

/** The account administrator's levers; every one revokes sessions where it changes a credential. */
export async function administerStaffAccount(
  db: Db,
  actor: Actor,
  granter: StaffPrincipal,
  id: string,
  action: AdminAction,
  input: { password?: string | undefined } = {},
): Promise<{ revoked: number }> {
  let passwordHash: string | null = null;
  if (action === 'reset_password') {
    checkPassword(input.password ?? '');
    passwordHash = await hashPassword(input.password ?? '');
  }
  const scope = { orgId: granter.orgId, path: granter.orgPath };
  return inTransaction(db, async (tx) => {
    const current = await getStaffRow(tx, scope, id, true);
    await assertOutranks(tx, granter, id);
    const org = await getOrg(tx, scope, current.orgId);
    const now = new Date();
    let revoked = 0;
    switch (action) {
      case 'reset_password':
        await tx
          .update(staffAccounts)
          .set({ passwordHash: passwordHash ?? '' })
          .where(eq(staffAccounts.id, id));
        revoked = await revokeAllSessions(tx, 'staff', id, now);
        // New credentials: no browser is known any more, and the old password's failures are moot.
        await forgetKnownDevices(tx, 'staff', id);
        await clearThrottles(tx, [accountThrottleKey(current.username)]);
        break;
      case 'reset_totp':
        // The next sign-in asks for a new enrolment.
        await tx
          .update(staffAccounts)
          .set({
            totpSecretCipher: null,
            totpEnrolledAt: null,
            totpLastStep: null,
          })
          .where(eq(staffAccounts.id, id));
        revoked = await revokeAllSessions(tx, 'staff', id, now);
        await forgetKnownDevices(tx, 'staff', id);
        break;
      case 'unlock':
        // Lifts the hold on sign-ins from unknown browsers (known devices never had one).
        await clearThrottles(tx, [accountThrottleKey(current.username)]);
        break;
      case 'sign_out_everywhere':
        revoked = await revokeAllSessions(tx, 'staff', id, now);
        break;
      default: {
        const never: never = action;
        throw new Error(`unknown action ${String(never)}`);
      }
    }
    await recordAudit(tx, actor, {
      action: `staff.${action}`,
      targetType: 'staff',
      targetId: id,
      orgId: org.id,
      orgPath: org.path,
      details: { revoked },
    });
    return { revoked };
  });
}

export async function countStaff(db: Db, scope: Scope): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(staffAccounts)
    .where(inArray(staffAccounts.orgId, orgIdsInScope(scope)));
  return row?.n ?? 0;
}

/** Sets a known TOTP secret (the demo seed and the CLI's recovery path); audited by the caller. */
export async function setStaffTotpSecret(
  db: Db,
  cipher: { encrypt(value: string, context: string): Buffer },
  staffId: string,
  secret: string,
): Promise<void> {
  await db
    .update(staffAccounts)
    .set({
      totpSecretCipher: cipher.encrypt(secret, TOTP_SECRET_CONTEXT),
      totpEnrolledAt: new Date(),
      totpLastStep: null,
    })
    .where(eq(staffAccounts.id, staffId));
}
