// Status changes (suspend, reinstate, leave, death) and the retention purge of personal fields.
import { and, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { systemActor, type Actor } from '../../../platform/audit/audit.js';
import type { Platform } from '../../../platform/context.js';
import { inTransaction, type Db } from '../../../platform/db/tx.js';
import { notifyChange } from '../../../platform/cache/changes.js';
import { memberErrors } from '../errors.js';
import { nextStatus, retentionCutoff, type StatusAction } from '../rules.js';
import { members, transfers } from '../schema.js';
import { auditForOrg, getMemberRow, recordEvent, type MemberEventKind, type MemberRow } from './common.js';
import type { Member } from './roll.js';
import { getMemberPage } from './member-page.js';

export const ACTION_EVENTS: Record<StatusAction, MemberEventKind> = {
  suspend: 'suspended',
  reinstate: 'reinstated',
  leave: 'left',
  record_death: 'deceased',
};

export async function applyStatus(db: Db, actor: Actor, row: MemberRow, action: StatusAction, reason: string): Promise<void> {
  const next = nextStatus(row.status, action);
  if (!next) throw memberErrors.statusChangeNotAllowed({ from: row.status, action });
  if (row.purgedAt && action === 'reinstate') throw memberErrors.statusChangeNotAllowed({ from: row.status, action });
  await db.update(members).set({ status: next, statusReason: reason, statusChangedAt: new Date() }).where(eq(members.id, row.id));
  await notifyChange(db, 'members', row.id);
  // A member who leaves or dies closes any transfer still open.
  if (next === 'left' || next === 'deceased') {
    await db
      .update(transfers)
      .set({ status: 'cancelled', decidedAt: new Date(), decisionReason: reason })
      .where(and(eq(transfers.memberId, row.id), inArray(transfers.status, ['proposed', 'requested'])));
  }
  await recordEvent(db, actor, row.id, ACTION_EVENTS[action], { reason });
  await auditForOrg(db, actor, row.orgId, { action: `members.${action}`, targetType: 'member', targetId: row.id, reason });
}

export async function changeMemberStatus(
  db: Db,
  p: Platform,
  actor: Actor,
  scope: Scope,
  id: string,
  action: StatusAction,
  reason: string,
): Promise<Member> {
  await inTransaction(db, async (tx) => {
    const row = await getMemberRow(tx, scope, id, { forUpdate: true });
    await applyStatus(tx, actor, row, action, reason);
  });
  return (await getMemberPage(db, p, scope, id)).member;
}

/** The member leaves of their own accord, from the H5. */
export async function leaveOwnMembership(db: Db, actor: Actor, accountId: string, reason: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const [row] = await tx.select().from(members).where(eq(members.accountId, accountId)).for('update');
    if (!row) throw memberErrors.notAMember();
    await applyStatus(tx, actor, row, 'leave', reason);
  });
}

/**
 * The retention job: personal fields of members who left or died more than `years` ago are erased
 * (the number, union, trade, dates and the audit stay). Batched, so a large backlog never holds a
 * long transaction; returns how many were purged.
 */
export async function purgeExpiredPersonalData(db: Db, now: Date, years: number): Promise<number> {
  const cutoff = retentionCutoff(now, years);
  let purged = 0;
  for (;;) {
    const done = await inTransaction(db, async (tx) => {
      const batch = await tx
        .select({ id: members.id, orgId: members.orgId })
        .from(members)
        .where(and(inArray(members.status, ['left', 'deceased']), sql`${members.purgedAt} is null`, lt(members.statusChangedAt, cutoff)))
        .limit(1000)
        .for('update', { skipLocked: true });
      if (batch.length === 0) return 0;
      const ids = batch.map((b) => b.id);
      await notifyChange(tx, 'members', 'purge');
      await tx
        .update(members)
        .set({
          nameCipher: null,
          idNumberCipher: null,
          idIndex: null,
          phoneCipher: null,
          phoneIndex: null,
          duplicateIndex: null,
          workAddressCipher: null,
          workLat: null,
          workLng: null,
          birthDate: null,
          accountId: null,
          purgedAt: now,
        })
        .where(inArray(members.id, ids));
      const actor = systemActor('retention');
      for (const b of batch) await recordEvent(tx, actor, b.id, 'purged', { details: { retentionYears: years } });
      const byOrg = new Map<string, string[]>();
      for (const b of batch) byOrg.set(b.orgId, [...(byOrg.get(b.orgId) ?? []), b.id]);
      for (const [orgId, memberIds] of byOrg) {
        await auditForOrg(tx, actor, orgId, {
          action: 'members.purge',
          targetType: 'org',
          targetId: orgId,
          details: { count: memberIds.length, memberIds, retentionYears: years },
        });
      }
      return batch.length;
    });
    purged += done;
    if (done === 0) return purged;
  }
}
