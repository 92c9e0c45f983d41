// The use cases that change the union tree: each one transaction, audited, notifying the caches.
import { and, eq, sql } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor, type AuditEntry } from '../../../platform/audit/audit.js';
import { notifyChange } from '../../../platform/cache/changes.js';
import { normaliseUscc } from '../../../platform/crypto/validators.js';
import { uuidv7 } from '../../../platform/db/columns.js';
import { uniqueViolation } from '../../../platform/db/errors.js';
import { inTransaction, type Db, type Tx } from '../../../platform/db/tx.js';
import type { FieldProblem } from '../../../platform/errors/app-error.js';
import { t } from '../../../platform/i18n/i18n.js';
import { findRegion } from '../../../platform/regions/regions.js';
import { orgErrors } from '../errors.js';
import {
  checkOrgAttributes,
  checkOrgPlacement,
  childPath,
  isWithinSubtree,
  type FormationMode,
  type OrgKind,
  type OrgProblem,
  type Trade,
} from '../rules.js';
import { orgMoves, orgs } from '../schema.js';
import { findOrgById, getOrg, toOrg, type Org, type OrgRow } from './read.js';

function problemsToFields(problems: OrgProblem[]): FieldProblem[] {
  return problems.map((p) => ({
    field: p.field,
    code: `orgs.${p.code}`,
    message: t(`problems.orgs.${p.code}`),
  }));
}

function translateUnique(error: unknown): never {
  const constraint = uniqueViolation(error);
  if (constraint === 'org_sibling_name_uq') throw orgErrors.nameTaken();
  if (constraint === 'org_uscc_uq') throw orgErrors.usccTaken();
  throw error;
}

/** The organisation if it lies in the scope; otherwise not-found (never "forbidden": no existence leak). */
export interface CreateOrgInput {
  parentId: string;
  kind: OrgKind;
  name: string;
  regionCode: string;
  formationMode?: FormationMode | null | undefined;
  trades?: Trade[] | undefined;
  uscc?: string | null | undefined;
}

function checkRegion(regionCode: string, kind: OrgKind): FieldProblem[] {
  if (regionCode === '' && (kind === 'national' || kind === 'national_industrial')) return [];
  return findRegion(regionCode)
    ? []
    : [
        {
          field: 'regionCode',
          code: 'orgs.region_unknown',
          message: t('problems.orgs.region_unknown'),
        },
      ];
}

/**
 * `deferredAudit`: the caller appends the audit entries itself, at its end. An import of thousands
 * of rows would otherwise hold the audit chain's head lock — and so every audited write of the
 * platform — for its whole run.
 */
async function insertOrg(tx: Tx, actor: Actor, parent: Org, input: CreateOrgInput, deferredAudit?: AuditEntry[]): Promise<Org> {
  const uscc = input.uscc ? normaliseUscc(input.uscc) : null;
  const shape = {
    kind: input.kind,
    regionCode: input.regionCode,
    formationMode: input.formationMode ?? null,
    trades: input.trades ?? [],
    uscc,
  };
  const problems = [
    ...checkRegion(input.regionCode, input.kind),
    ...problemsToFields([...checkOrgPlacement(shape, parent), ...checkOrgAttributes(shape)]),
  ];
  if (problems.length > 0) throw orgErrors.invalid({ count: problems.length }, { errors: problems });
  const id = uuidv7();
  const row = await tx
    .insert(orgs)
    .values({
      id,
      parentId: parent.id,
      path: childPath(parent.path, id),
      depth: parent.depth + 1,
      kind: input.kind,
      name: input.name.trim(),
      regionCode: input.regionCode,
      formationMode: shape.formationMode,
      trades: shape.trades,
      uscc,
    })
    .returning()
    .catch(translateUnique);
  const org = toOrg(row[0] as OrgRow);
  await notifyChange(tx, 'orgs', `create:${parent.id}`);
  const entry: AuditEntry = {
    action: 'orgs.create',
    targetType: 'org',
    targetId: org.id,
    orgId: org.id,
    orgPath: org.path,
    details: { name: org.name, kind: org.kind, parentId: parent.id, regionCode: org.regionCode },
  };
  if (deferredAudit) deferredAudit.push(entry);
  else await recordAudit(tx, actor, entry);
  return org;
}

export async function createOrg(db: Db, actor: Actor, scope: Scope, input: CreateOrgInput): Promise<Org> {
  return inTransaction(db, async (tx) => {
    // FOR SHARE: a concurrent move or deactivation of the parent waits for this insert, or this insert
    // waits for it and then reads the parent as it became (path, status).
    const parent = await getOrg(tx, scope, input.parentId, { forShare: true });
    return insertOrg(tx, actor, parent, input);
  });
}

export interface UpdateOrgInput {
  name?: string | undefined;
  regionCode?: string | undefined;
  formationMode?: FormationMode | null | undefined;
  trades?: Trade[] | undefined;
  uscc?: string | null | undefined;
}

export async function updateOrg(db: Db, actor: Actor, scope: Scope, id: string, patch: UpdateOrgInput): Promise<Org> {
  return inTransaction(db, async (tx) => {
    const current = await getOrg(tx, scope, id, { forUpdate: true });
    const parent = current.parentId ? await findOrgById(tx, current.parentId) : null;
    const next = {
      kind: current.kind,
      name: patch.name?.trim() ?? current.name,
      regionCode: patch.regionCode ?? current.regionCode,
      formationMode: patch.formationMode !== undefined ? patch.formationMode : current.formationMode,
      trades: patch.trades ?? current.trades,
      uscc: patch.uscc !== undefined ? (patch.uscc ? normaliseUscc(patch.uscc) : null) : current.uscc,
    };
    const problems = [
      ...checkRegion(next.regionCode, next.kind),
      // Placement is re-checked only for the region: the parent itself does not change here.
      ...problemsToFields([...checkOrgPlacement(next, parent ? { ...parent, status: 'active' } : null), ...checkOrgAttributes(next)]),
    ];
    if (next.regionCode !== current.regionCode) {
      // Every child lies within its parent's area: a new area must still cover all of them.
      const [outside] = await tx
        .select({ n: sql<number>`count(*)`.mapWith(Number) })
        .from(orgs)
        .where(and(eq(orgs.parentId, id), sql`${orgs.regionCode} not like ${`${next.regionCode}%`}`));
      if ((outside?.n ?? 0) > 0) {
        problems.push({
          field: 'regionCode',
          code: 'orgs.region_excludes_children',
          message: t('problems.orgs.region_excludes_children', { count: outside?.n }),
        });
      }
    }
    if (problems.length > 0) throw orgErrors.invalid({ count: problems.length }, { errors: problems });
    const changed = Object.fromEntries(
      Object.entries(next).filter(
        ([key, value]) => JSON.stringify(value) !== JSON.stringify((current as unknown as Record<string, unknown>)[key]),
      ),
    );
    if (Object.keys(changed).length === 0) return current;
    const rows = await tx.update(orgs).set(changed).where(eq(orgs.id, id)).returning().catch(translateUnique);
    const org = toOrg(rows[0] as OrgRow);
    await notifyChange(tx, 'orgs');
    await recordAudit(tx, actor, {
      action: 'orgs.update',
      targetType: 'org',
      targetId: id,
      orgId: id,
      orgPath: org.path,
      details: {
        changed: Object.keys(changed),
        before: Object.fromEntries(Object.keys(changed).map((k) => [k, (current as unknown as Record<string, unknown>)[k]])),
        after: changed,
      },
    });
    return org;
  });
}

export async function moveOrg(
  db: Db,
  actor: Actor,
  scope: Scope,
  id: string,
  input: { newParentId: string; reason: string },
): Promise<Org> {
  return inTransaction(db, async (tx) => {
    if (id === scope.orgId) throw orgErrors.moveOwnRoot();
    const org = await getOrg(tx, scope, id, { forUpdate: true });
    const parent = await getOrg(tx, scope, input.newParentId, { forShare: true });
    if (isWithinSubtree(parent.path, org.path)) throw orgErrors.moveIntoOwnSubtree();
    if (parent.id === org.parentId) return org;
    const problems = problemsToFields(checkOrgPlacement(org, parent));
    if (problems.length > 0) throw orgErrors.invalid({ count: problems.length }, { errors: problems });
    // Lock the whole subtree first: a child being created under any of its nodes either commits before
    // (and is moved with it) or waits and then reads its parent's new path.
    await tx.execute(sql`select id from org where path like ${`${org.path}%`} for update`);
    const newPath = childPath(parent.path, org.id);
    const depthDelta = parent.depth + 1 - org.depth;
    // The whole subtree moves in one statement: every descendant's path keeps its tail.
    await tx
      .update(orgs)
      .set({
        path: sql`${newPath} || substr(${orgs.path}, ${org.path.length + 1})`,
        depth: sql`${orgs.depth} + ${depthDelta}`,
      })
      .where(sql`${orgs.path} like ${`${org.path}%`}`);
    const rows = await tx.update(orgs).set({ parentId: parent.id }).where(eq(orgs.id, org.id)).returning().catch(translateUnique);
    await tx.insert(orgMoves).values({
      orgId: org.id,
      fromParentId: org.parentId,
      toParentId: parent.id,
      fromPath: org.path,
      toPath: newPath,
      reason: input.reason,
      movedBy: actor.id,
    });
    const moved = toOrg(rows[0] as OrgRow);
    await notifyChange(tx, 'orgs');
    await recordAudit(tx, actor, {
      action: 'orgs.move',
      targetType: 'org',
      targetId: org.id,
      orgId: org.id,
      orgPath: moved.path,
      reason: input.reason,
      details: { fromParentId: org.parentId, toParentId: parent.id },
    });
    return moved;
  });
}

export async function deactivateOrg(db: Db, actor: Actor, scope: Scope, id: string, input: { reason: string }): Promise<Org> {
  return inTransaction(db, async (tx) => {
    if (id === scope.orgId) throw orgErrors.moveOwnRoot();
    const org = await getOrg(tx, scope, id, { forUpdate: true });
    if (org.status === 'inactive') throw orgErrors.alreadyInactive();
    const [active] = await tx
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(orgs)
      .where(and(eq(orgs.parentId, id), eq(orgs.status, 'active')));
    if ((active?.n ?? 0) > 0) throw orgErrors.hasActiveChildren({ count: active?.n });
    const now = new Date();
    return setOrgStatus(tx, actor, org, 'orgs.deactivate', input.reason, {
      status: 'inactive',
      deactivatedAt: now,
      deactivationReason: input.reason,
    });
  });
}

export async function reactivateOrg(db: Db, actor: Actor, scope: Scope, id: string, input: { reason: string }): Promise<Org> {
  return inTransaction(db, async (tx) => {
    const org = await getOrg(tx, scope, id, { forUpdate: true });
    if (org.status === 'active') throw orgErrors.alreadyActive();
    const parent = org.parentId ? await findOrgById(tx, org.parentId) : null;
    if (parent && parent.status !== 'active') {
      throw orgErrors.invalid(
        { count: 1 },
        {
          errors: problemsToFields([{ field: 'parentId', code: 'parent_inactive' }]),
        },
      );
    }
    return setOrgStatus(tx, actor, org, 'orgs.reactivate', input.reason, {
      status: 'active',
      deactivatedAt: null,
      deactivationReason: null,
    });
  });
}

// The common tail of deactivate and reactivate: write the status, tell the caches, audit with the reason.
async function setOrgStatus(
  tx: Tx,
  actor: Actor,
  org: Org,
  action: 'orgs.deactivate' | 'orgs.reactivate',
  reason: string,
  changes: Pick<OrgRow, 'status' | 'deactivatedAt' | 'deactivationReason'>,
): Promise<Org> {
  const rows = await tx.update(orgs).set(changes).where(eq(orgs.id, org.id)).returning();
  await notifyChange(tx, 'orgs');
  await recordAudit(tx, actor, { action, targetType: 'org', targetId: org.id, orgId: org.id, orgPath: org.path, reason });
  return toOrg(rows[0] as OrgRow);
}

export async function createRootOrg(db: Db, actor: Actor, input: { kind: OrgKind; name: string; regionCode: string }): Promise<Org> {
  return inTransaction(db, async (tx) => {
    const problems = [...checkRegion(input.regionCode, input.kind), ...problemsToFields(checkOrgPlacement({ ...input }, null))];
    if (problems.length > 0) throw orgErrors.invalid({ count: problems.length }, { errors: problems });
    const id = uuidv7();
    const rows = await tx
      .insert(orgs)
      .values({
        id,
        parentId: null,
        path: childPath(null, id),
        depth: 0,
        kind: input.kind,
        name: input.name,
        regionCode: input.regionCode,
      })
      .returning()
      .catch(translateUnique);
    const org = toOrg(rows[0] as OrgRow);
    await notifyChange(tx, 'orgs', 'create:root');
    await recordAudit(tx, actor, {
      action: 'orgs.create',
      targetType: 'org',
      targetId: org.id,
      orgId: org.id,
      orgPath: org.path,
      details: { name: org.name, kind: org.kind },
    });
    return org;
  });
}

export { insertOrg as insertOrgUnderParent };
