// Review by the placed union's reviewers: approve (one or many), reject, move to another union, lift a duplicate hold.
import { eq } from 'drizzle-orm';
import type { Scope } from '../../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../../platform/audit/audit.js';
import type { Platform } from '../../../../platform/context.js';
import { uuidv7 } from '../../../../platform/db/columns.js';
import { inTransaction, type Tx, type Db } from '../../../../platform/db/tx.js';
import { findOrgById, getOrg, type Trade } from '#modules/orgs';
import { notifyChange } from '../../../../platform/cache/changes.js';
import { memberErrors } from '../../errors.js';
import { isNewFormTrade, reviewDueAt } from '../../rules.js';
import { applications, members } from '../../schema.js';
import { auditForOrg, nextMemberNos, provinceOf, recordEvent } from '../common.js';
import { CONTEXT } from '../person.js';
import { problem } from '../validate.js';
import { type ApplicationRow, type Application, maskOrgName, orgName, getApplicationRow, getApplication } from './views.js';
import { getUnionSettings } from './settings.js';
import { smsAfterCommit } from '../../../../platform/auth/sms.js';

// ---------------------------------------------------------------------------------------------
// Review (the placed union's reviewers, in the console).

/** The checked identity an application hands to its member (on approval, and on a merge). */
export function identityOf(row: ApplicationRow) {
  return {
    nameCipher: row.nameCipher,
    idNumberCipher: row.idNumberCipher,
    idIndex: row.idIndex,
    phoneCipher: row.phoneCipher,
    phoneIndex: row.phoneIndex,
    duplicateIndex: row.duplicateIndex,
    gender: row.gender,
    birthDate: row.birthDate,
  };
}

/** Turns a pending application into a member (or re-admits one who left); returns the member id. */
export async function approveRow(tx: Tx, p: Platform, actor: Actor, id: string, reason: string | null, now: Date): Promise<string> {
  const [row] = await tx.select().from(applications).where(eq(applications.id, id)).for('update');
  if (!row) throw memberErrors.applicationNotFound();
  if (row.status !== 'pending') throw row.status === 'held_duplicate' ? memberErrors.notHeld() : memberErrors.applicationDecided();
  if (!row.idIndex) throw memberErrors.applicationDecided();
  const org = await findOrgById(tx, row.orgId);
  if (!org) throw memberErrors.noUnionForPlace();
  const [existing] = await tx.select().from(members).where(eq(members.idIndex, row.idIndex)).for('update');
  const personal = {
    accountId: row.accountId,
    orgId: row.orgId,
    status: 'active' as const,
    ...identityOf(row),
    trade: row.trade,
    employerName: row.employerName,
    employerUscc: row.employerUscc,
    workRegionCode: row.workRegionCode,
    workAddressCipher: row.workAddressCipher,
    workLat: row.workLat,
    workLng: row.workLng,
    newForm: isNewFormTrade(row.trade as Trade),
  };
  let memberId: string;
  if (existing) {
    if (existing.status !== 'left') throw memberErrors.alreadyMember({ union: maskOrgName(await orgName(tx, existing.orgId)) });
    // One who left and comes back keeps the member number: the identity is for life.
    await tx
      .update(members)
      .set({ ...personal, joinedAt: now, statusReason: null, statusChangedAt: now })
      .where(eq(members.id, existing.id));
    memberId = existing.id;
    await notifyChange(tx, 'members', memberId);
    await recordEvent(tx, actor, memberId, 'rejoined', {
      fromOrgId: existing.orgId,
      toOrgId: row.orgId,
      reason,
      details: { applicationId: id },
    });
  } else {
    const [memberNo] = await nextMemberNos(tx, provinceOf(org), 1);
    memberId = uuidv7();
    await tx
      .insert(members)
      .values({ id: memberId, memberNo: memberNo ?? '', provinceCode: row.provinceCode, ...personal, joinedAt: now, source: 'online' });
    await recordEvent(tx, actor, memberId, 'joined', { toOrgId: row.orgId, reason, details: { applicationId: id } });
  }
  await tx
    .update(applications)
    .set({
      status: 'approved',
      memberId,
      decidedAt: now,
      decidedBy: actor.kind === 'staff' ? actor.id : null,
      decidedByName: actor.name,
      decisionReason: reason,
    })
    .where(eq(applications.id, id));
  await recordAudit(tx, actor, {
    action: 'members.approve',
    targetType: 'member_application',
    targetId: id,
    reason,
    orgId: org.id,
    orgPath: org.path,
    details: { memberId },
  });
  const phone = row.phoneCipher ? p.cipher.decrypt(row.phoneCipher, CONTEXT.phone) : null;
  smsAfterCommit(tx, p, phone, 'member_approved', { union: org.name });
  return memberId;
}

export async function approveApplication(
  db: Db,
  p: Platform,
  actor: Actor,
  scope: Scope,
  id: string,
  reason: string | null,
): Promise<Application> {
  await inTransaction(db, async (tx) => {
    await getApplicationRow(tx, scope, id);
    await approveRow(tx, p, actor, id, reason, new Date());
  });
  return getApplication(db, p, scope, id);
}

export async function rejectApplication(db: Db, p: Platform, actor: Actor, scope: Scope, id: string, reason: string): Promise<Application> {
  await inTransaction(db, async (tx) => {
    const row = await getApplicationRow(tx, scope, id, true);
    if (row.status !== 'pending' && row.status !== 'held_duplicate') throw memberErrors.applicationDecided();
    await tx
      .update(applications)
      .set({ status: 'rejected', decidedAt: new Date(), decidedBy: actor.id, decidedByName: actor.name, decisionReason: reason })
      .where(eq(applications.id, id));
    const org = await findOrgById(tx, row.orgId);
    await recordAudit(tx, actor, {
      action: 'members.reject',
      targetType: 'member_application',
      targetId: id,
      reason,
      orgId: row.orgId,
      orgPath: org?.path ?? null,
    });
    const phone = row.phoneCipher ? p.cipher.decrypt(row.phoneCipher, CONTEXT.phone) : null;
    smsAfterCommit(tx, p, phone, 'member_rejected', { union: org?.name ?? '', reason });
  });
  return getApplication(db, p, scope, id);
}

export interface BulkResult {
  approved: string[];
  failed: { id: string; code: string; message: string }[];
}

/**
 * Approves many at once. Each application is its own transaction: one already decided by a colleague
 * does not hold back the others, and the answer says which failed and why.
 */
export async function bulkApprove(
  db: Db,
  p: Platform,
  actor: Actor,
  scope: Scope,
  ids: readonly string[],
  reason: string | null,
): Promise<BulkResult> {
  const result: BulkResult = { approved: [], failed: [] };
  for (const id of new Set(ids)) {
    try {
      await inTransaction(db, async (tx) => {
        await getApplicationRow(tx, scope, id);
        await approveRow(tx, p, actor, id, reason, new Date());
      });
      result.approved.push(id);
    } catch (error) {
      const { isAppError } = await import('../../../../platform/errors/app-error.js');
      if (!isAppError(error)) throw error;
      const { t } = await import('../../../../platform/i18n/i18n.js');
      result.failed.push({ id, code: error.code, message: t(`errors.${error.code}`, error.params) });
    }
  }
  return result;
}

/** Staff move an application to another union of their subtree (the rule was wrong, or the worker asked). */
export async function replaceApplication(
  db: Db,
  p: Platform,
  actor: Actor,
  scope: Scope,
  id: string,
  orgId: string,
  reason: string,
): Promise<Application> {
  await inTransaction(db, async (tx) => {
    const row = await getApplicationRow(tx, scope, id, true);
    if (row.status !== 'pending' && row.status !== 'held_duplicate') throw memberErrors.applicationDecided();
    const target = await getOrg(tx, scope, orgId);
    if (target.status !== 'active') throw memberErrors.invalid({ count: 1 }, { errors: [problem('body.orgId', 'union_inactive')] });
    const settings = await getUnionSettings(tx, target.id, p.config.memberReviewSlaHours);
    await tx
      .update(applications)
      .set({
        orgId: target.id,
        provinceCode: provinceOf(target),
        replacedBy: actor.name,
        replacementReason: reason,
        reviewDueAt: reviewDueAt(row.submittedAt, settings.reviewSlaHours),
      })
      .where(eq(applications.id, id));
    await recordAudit(tx, actor, {
      action: 'members.replace',
      targetType: 'member_application',
      targetId: id,
      reason,
      orgId: target.id,
      orgPath: target.path,
      details: { fromOrgId: row.orgId, toOrgId: target.id },
    });
  });
  return getApplication(db, p, scope, id);
}

/** A held application is a different person after all: it goes on to ordinary review. */
export async function overrideDuplicateHold(
  db: Db,
  p: Platform,
  actor: Actor,
  scope: Scope,
  id: string,
  reason: string,
): Promise<Application> {
  await inTransaction(db, async (tx) => {
    const row = await getApplicationRow(tx, scope, id, true);
    if (row.status !== 'held_duplicate') throw memberErrors.notHeld();
    await tx.update(applications).set({ status: 'pending' }).where(eq(applications.id, id));
    await auditForOrg(tx, actor, row.orgId, {
      action: 'members.override_duplicate',
      targetType: 'member_application',
      targetId: id,
      reason,
    });
  });
  return getApplication(db, p, scope, id);
}
