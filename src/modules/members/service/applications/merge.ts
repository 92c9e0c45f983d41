// A held application that is an existing member: merged into that member's record.
import { eq } from 'drizzle-orm';
import type { Scope } from '../../../../platform/access/access.js';
import type { Actor } from '../../../../platform/audit/audit.js';
import type { Platform } from '../../../../platform/context.js';
import { uniqueViolation } from '../../../../platform/db/errors.js';
import { inTransaction, type Db } from '../../../../platform/db/tx.js';
import { notifyChange } from '../../../../platform/cache/changes.js';
import { memberErrors } from '../../errors.js';
import { applications, members } from '../../schema.js';
import { auditForOrg, getMemberRow, memberOfAccount, recordEvent, type MemberRow } from '../common.js';
import { type Application, alreadyMember, orgName, getApplicationRow, getApplication } from './views.js';
import { identityOf } from './review.js';

/**
 * A held application is the same person as an existing member (typically an imported record with a
 * mistyped ID): the member takes the application's checked personal data and account, keeps its
 * number and union, and the application is closed as approved into that member.
 */
export async function mergeIntoMember(
  db: Db,
  p: Platform,
  actor: Actor,
  scope: Scope,
  id: string,
  memberId: string,
  reason: string,
): Promise<Application> {
  await inTransaction(db, async (tx) => {
    const row = await getApplicationRow(tx, scope, id, true);
    if (row.status !== 'held_duplicate') throw memberErrors.notHeld();
    if (!(row.duplicateOf ?? []).includes(memberId)) throw memberErrors.notFound();
    const member: MemberRow = await getMemberRow(tx, scope, memberId, { forUpdate: true });
    const other = await memberOfAccount(tx, row.accountId);
    if (other && other.id !== member.id) throw alreadyMember(await orgName(tx, other.orgId));
    await tx
      .update(members)
      .set({ accountId: row.accountId, ...identityOf(row) })
      .where(eq(members.id, member.id))
      .catch((error: unknown) => {
        if (uniqueViolation(error) === 'member_id_index_uq') throw memberErrors.alreadyMember({ union: '' });
        throw error;
      });
    await tx
      .update(applications)
      .set({
        status: 'approved',
        memberId: member.id,
        decidedAt: new Date(),
        decidedBy: actor.id,
        decidedByName: actor.name,
        decisionReason: reason,
      })
      .where(eq(applications.id, id));
    await notifyChange(tx, 'members', member.id);
    await recordEvent(tx, actor, member.id, 'merged', { reason, details: { applicationId: id } });
    await auditForOrg(tx, actor, member.orgId, {
      action: 'members.merge',
      targetType: 'member',
      targetId: member.id,
      reason,
      details: { applicationId: id },
    });
  });
  return getApplication(db, p, scope, id);
}
