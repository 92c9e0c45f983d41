// 转会: a member moves to another union. The receiving union accepts, the old one releases (either
// order); when both have, the member's union changes and number, history and benefits follow.
import { and, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { pathInScope, type Scope } from '../../../platform/access/access.js';
import type { Actor } from '../../../platform/audit/audit.js';
import type { Platform } from '../../../platform/context.js';
import { uniqueViolation } from '../../../platform/db/errors.js';
import { inTransaction, type Tx, type Db } from '../../../platform/db/tx.js';
import { findOrgById, getOrg, getOrgsByIds, listPlacementCandidates, orgIdsInScope, type Trade } from '#modules/orgs';
import { notifyChange } from '../../../platform/cache/changes.js';
import { memberErrors } from '../errors.js';
import { choosePlacement, enclosingRegions, isNewFormTrade, type PlacementRule } from '../rules.js';
import { members, transfers } from '../schema.js';
import { auditForOrg, getMemberRow, memberOfAccount, recordEvent, type MemberRow } from './common.js';
import { CONTEXT } from './person.js';
import { toTransfers, type TransferSummary } from './member-page.js';
import { checkPerson, problem } from './validate.js';
import { smsAfterCommit } from '../../../platform/auth/sms.js';

type TransferRow = typeof transfers.$inferSelect;

export interface WorkInput {
  trade: Trade;
  workRegionCode: string;
  workAddress?: string | null | undefined;
  employerName?: string | null | undefined;
  employerUscc?: string | null | undefined;
}

interface CheckedWork {
  trade: Trade;
  workRegionCode: string;
  workAddress: string | null;
  employerName: string | null;
  employerUscc: string | null;
}

/** Work-place fields are checked with the same rules as a join (only the work fields can fail here). */
function checkWork(p: Platform, member: MemberRow, input: WorkInput): CheckedWork {
  const idNumber = member.idNumberCipher ? p.cipher.decrypt(member.idNumberCipher, CONTEXT.idNumber) : '';
  const name = member.nameCipher ? p.cipher.decrypt(member.nameCipher, CONTEXT.name) : '';
  const checked = checkPerson({ name, idNumber, ...input }, '9999-12-31');
  if (!checked.ok) {
    const workProblems = checked.problems.filter((x) => !x.field.endsWith('.name') && !x.field.endsWith('.idNumber'));
    if (workProblems.length > 0) throw memberErrors.invalid({ count: workProblems.length }, { errors: workProblems });
  }
  return {
    trade: input.trade,
    workRegionCode: input.workRegionCode.trim(),
    workAddress: input.workAddress?.trim() || null,
    employerName: input.employerName?.trim() || null,
    employerUscc: input.employerUscc?.trim().toUpperCase() || null,
  };
}

async function placeWork(tx: Tx, work: CheckedWork): Promise<{ orgId: string; rule: PlacementRule }> {
  const candidates = await listPlacementCandidates(tx, enclosingRegions(work.workRegionCode), work.employerUscc);
  const placement = choosePlacement(work, candidates);
  if (!placement) throw memberErrors.noUnionForPlace();
  return { orgId: placement.orgId, rule: placement.rule };
}

async function insertTransfer(tx: Tx, values: typeof transfers.$inferInsert): Promise<TransferRow> {
  try {
    const [row] = await tx.insert(transfers).values(values).returning();
    return row as TransferRow;
  } catch (error) {
    if (uniqueViolation(error) === 'member_transfer_open_uq') throw memberErrors.transferOpen();
    throw error;
  }
}

async function ownActiveMember(tx: Tx, accountId: string): Promise<MemberRow> {
  const member = await memberOfAccount(tx, accountId, { forUpdate: true });
  if (!member || member.status === 'left' || member.status === 'deceased') throw memberErrors.notAMember();
  if (member.status !== 'active') throw memberErrors.memberInactive();
  return member;
}

/** The member asks to move: the new work place decides the receiving union, as it would for a join. */
export async function requestTransfer(
  db: Db,
  p: Platform,
  actor: Actor,
  accountId: string,
  input: WorkInput & { reason: string },
): Promise<TransferSummary> {
  const row = await inTransaction(db, async (tx) => {
    const member = await ownActiveMember(tx, accountId);
    const work = checkWork(p, member, input);
    const placement = await placeWork(tx, work);
    if (placement.orgId === member.orgId) throw memberErrors.transferSameUnion();
    const transfer = await insertTransfer(tx, {
      memberId: member.id,
      fromOrgId: member.orgId,
      toOrgId: placement.orgId,
      status: 'requested',
      initiatedBy: 'member',
      placementRule: placement.rule,
      reason: input.reason,
      work: { ...work },
    });
    await auditForOrg(tx, actor, member.orgId, {
      action: 'members.transfer_request',
      targetType: 'member_transfer',
      targetId: transfer.id,
      reason: input.reason,
    });
    return transfer;
  });
  const [summary] = await toTransfers(db, p, [row]);
  return summary as TransferSummary;
}

/**
 * The member's work place changed: the record is updated, and if the placement rule now points at
 * another union the system proposes a transfer, which the member confirms (or cancels).
 */
export async function changeWork(
  db: Db,
  p: Platform,
  actor: Actor,
  accountId: string,
  input: WorkInput,
): Promise<{ proposedTransfer: TransferSummary | null }> {
  const proposed = await inTransaction(db, async (tx) => {
    const member = await ownActiveMember(tx, accountId);
    const work = checkWork(p, member, input);
    await tx
      .update(members)
      .set({
        trade: work.trade,
        newForm: isNewFormTrade(work.trade),
        workRegionCode: work.workRegionCode,
        workAddressCipher: work.workAddress ? p.cipher.encrypt(work.workAddress, CONTEXT.workAddress) : null,
        employerName: work.employerName,
        employerUscc: work.employerUscc,
      })
      .where(eq(members.id, member.id));
    await recordEvent(tx, actor, member.id, 'work_changed', { details: { trade: work.trade, workRegionCode: work.workRegionCode } });
    const placement = await placeWork(tx, work).catch(() => null);
    if (!placement || placement.orgId === member.orgId) return null;
    const [open] = await tx
      .select({ id: transfers.id })
      .from(transfers)
      .where(and(eq(transfers.memberId, member.id), inArray(transfers.status, ['proposed', 'requested'])));
    if (open) return null;
    return insertTransfer(tx, {
      memberId: member.id,
      fromOrgId: member.orgId,
      toOrgId: placement.orgId,
      status: 'proposed',
      initiatedBy: 'system',
      placementRule: placement.rule,
      work: { ...work },
    });
  });
  return { proposedTransfer: proposed ? ((await toTransfers(db, p, [proposed]))[0] ?? null) : null };
}

async function ownTransfer(tx: Tx, accountId: string, id: string): Promise<{ member: MemberRow; transfer: TransferRow }> {
  const member = await memberOfAccount(tx, accountId);
  if (!member) throw memberErrors.transferNotFound();
  const [transfer] = await tx
    .select()
    .from(transfers)
    .where(and(eq(transfers.id, id), eq(transfers.memberId, member.id)))
    .for('update');
  if (!transfer) throw memberErrors.transferNotFound();
  return { member, transfer };
}

export async function confirmProposedTransfer(db: Db, p: Platform, actor: Actor, accountId: string, id: string): Promise<TransferSummary> {
  const row = await inTransaction(db, async (tx) => {
    const { member, transfer } = await ownTransfer(tx, accountId, id);
    if (transfer.status !== 'proposed') throw memberErrors.transferDecided();
    const [updated] = await tx.update(transfers).set({ status: 'requested' }).where(eq(transfers.id, id)).returning();
    await auditForOrg(tx, actor, member.orgId, { action: 'members.transfer_request', targetType: 'member_transfer', targetId: id });
    return updated as TransferRow;
  });
  return (await toTransfers(db, p, [row]))[0] as TransferSummary;
}

export async function cancelOwnTransfer(db: Db, p: Platform, actor: Actor, accountId: string, id: string): Promise<TransferSummary> {
  const row = await inTransaction(db, async (tx) => {
    const { member, transfer } = await ownTransfer(tx, accountId, id);
    if (transfer.status !== 'proposed' && transfer.status !== 'requested') throw memberErrors.transferDecided();
    const [updated] = await tx
      .update(transfers)
      .set({ status: 'cancelled', decidedAt: new Date() })
      .where(eq(transfers.id, id))
      .returning();
    await auditForOrg(tx, actor, member.orgId, { action: 'members.transfer_cancel', targetType: 'member_transfer', targetId: id });
    return updated as TransferRow;
  });
  return (await toTransfers(db, p, [row]))[0] as TransferSummary;
}

/** Staff of the member's union move them (the old union's initiative counts as its release). */
export async function staffTransfer(
  db: Db,
  p: Platform,
  actor: Actor,
  scope: Scope,
  memberId: string,
  toOrgId: string,
  reason: string,
): Promise<TransferSummary> {
  const row = await inTransaction(db, async (tx) => {
    const member = await getMemberRow(tx, scope, memberId, { forUpdate: true });
    if (member.status !== 'active') throw memberErrors.memberInactive();
    const target = await getOrg(tx, scope, toOrgId);
    if (target.status !== 'active') throw memberErrors.invalid({ count: 1 }, { errors: [problem('body.toOrgId', 'union_inactive')] });
    if (target.id === member.orgId) throw memberErrors.transferSameUnion();
    const transfer = await insertTransfer(tx, {
      memberId,
      fromOrgId: member.orgId,
      toOrgId: target.id,
      status: 'requested',
      initiatedBy: 'staff',
      reason,
      releasedAt: new Date(),
      releasedBy: actor.name,
    });
    await auditForOrg(tx, actor, member.orgId, {
      action: 'members.transfer_request',
      targetType: 'member_transfer',
      targetId: transfer.id,
      reason,
    });
    return transfer;
  });
  return (await toTransfers(db, p, [row]))[0] as TransferSummary;
}

async function scopedTransfer(tx: Tx, scope: Scope, id: string): Promise<TransferRow> {
  const inScope = orgIdsInScope(scope);
  const [row] = await tx
    .select()
    .from(transfers)
    .where(and(eq(transfers.id, id), or(inArray(transfers.fromOrgId, inScope), inArray(transfers.toOrgId, inScope))))
    .for('update');
  if (!row) throw memberErrors.transferNotFound();
  return row;
}

async function sideInScope(tx: Tx, scope: Scope, orgId: string): Promise<boolean> {
  const org = await findOrgById(tx, orgId);
  return !!org && pathInScope(org.path, scope);
}

async function completeIfAgreed(tx: Tx, p: Platform, actor: Actor, transfer: TransferRow): Promise<void> {
  if (!transfer.acceptedAt || !transfer.releasedAt) return;
  const [member] = await tx.select().from(members).where(eq(members.id, transfer.memberId)).for('update');
  if (!member) throw memberErrors.notFound();
  if (member.status !== 'active') throw memberErrors.memberInactive();
  const work = (transfer.work ?? {}) as Partial<CheckedWork>;
  await tx
    .update(members)
    .set({
      orgId: transfer.toOrgId,
      ...(work.trade ? { trade: work.trade, newForm: isNewFormTrade(work.trade) } : {}),
      ...(work.workRegionCode ? { workRegionCode: work.workRegionCode } : {}),
      ...(work.workAddress !== undefined
        ? { workAddressCipher: work.workAddress ? p.cipher.encrypt(work.workAddress, CONTEXT.workAddress) : null }
        : {}),
      ...(work.employerName !== undefined ? { employerName: work.employerName } : {}),
      ...(work.employerUscc !== undefined ? { employerUscc: work.employerUscc } : {}),
    })
    .where(eq(members.id, member.id));
  await tx.update(transfers).set({ status: 'completed', decidedAt: new Date() }).where(eq(transfers.id, transfer.id));
  await notifyChange(tx, 'members', member.id);
  await recordEvent(tx, actor, member.id, 'transferred', {
    fromOrgId: transfer.fromOrgId,
    toOrgId: transfer.toOrgId,
    reason: transfer.reason,
    details: { transferId: transfer.id },
  });
  const to = await findOrgById(tx, transfer.toOrgId);
  const phone = member.phoneCipher ? p.cipher.decrypt(member.phoneCipher, CONTEXT.phone) : null;
  smsAfterCommit(tx, p, phone, 'member_transfer_completed', { union: to?.name ?? '' });
}

export type TransferDecision = 'accept' | 'release' | 'reject';

export async function decideTransfer(
  db: Db,
  p: Platform,
  actor: Actor,
  scope: Scope,
  id: string,
  decision: TransferDecision,
  reason: string | null,
): Promise<TransferSummary> {
  const row = await inTransaction(db, async (tx) => {
    const transfer = await scopedTransfer(tx, scope, id);
    if (transfer.status !== 'requested') throw memberErrors.transferDecided();
    const receiving = await sideInScope(tx, scope, transfer.toOrgId);
    const releasing = await sideInScope(tx, scope, transfer.fromOrgId);
    const now = new Date();
    let next: TransferRow = transfer;
    if (decision === 'accept') {
      if (!receiving) throw memberErrors.transferSideNotYours();
      [next] = (await tx.update(transfers).set({ acceptedAt: now, acceptedBy: actor.name }).where(eq(transfers.id, id)).returning()) as [
        TransferRow,
      ];
    } else if (decision === 'release') {
      if (!releasing) throw memberErrors.transferSideNotYours();
      [next] = (await tx.update(transfers).set({ releasedAt: now, releasedBy: actor.name }).where(eq(transfers.id, id)).returning()) as [
        TransferRow,
      ];
    } else {
      [next] = (await tx
        .update(transfers)
        .set({ status: 'rejected', decidedAt: now, decisionReason: reason })
        .where(eq(transfers.id, id))
        .returning()) as [TransferRow];
    }
    await auditForOrg(tx, actor, decision === 'accept' ? transfer.toOrgId : transfer.fromOrgId, {
      action: `members.transfer_${decision}`,
      targetType: 'member_transfer',
      targetId: id,
      reason,
    });
    await completeIfAgreed(tx, p, actor, next);
    const [final] = await tx.select().from(transfers).where(eq(transfers.id, id));
    return final as TransferRow;
  });
  return (await toTransfers(db, p, [row]))[0] as TransferSummary;
}

/** A transfer in the console's lists, with what the asking staff may do with it now. */
export interface ListedTransfer extends TransferSummary {
  /** The receiving union is in the staff's subtree and has not accepted yet. */
  canAccept: boolean;
  /** The releasing union is in the staff's subtree and has not released yet. */
  canRelease: boolean;
  /** Either side is in the staff's subtree (a requested transfer can be refused by either). */
  canReject: boolean;
}

/**
 * The actions decideTransfer would take for staff of these sides: the same conditions, stated once
 * for the list (so the console offers only buttons that work).
 */
export function transferActions(
  transfer: Pick<TransferRow, 'status' | 'acceptedAt' | 'releasedAt'>,
  sides: { receiving: boolean; releasing: boolean },
): { canAccept: boolean; canRelease: boolean; canReject: boolean } {
  const open = transfer.status === 'requested';
  return {
    canAccept: open && sides.receiving && !transfer.acceptedAt,
    canRelease: open && sides.releasing && !transfer.releasedAt,
    canReject: open && (sides.receiving || sides.releasing),
  };
}

/** `canDecide`: whether the asking staff hold the role that decides transfers (else every flag is false). */
export async function listTransfers(
  db: Db,
  p: Platform,
  scope: Scope,
  filter: { direction: 'in' | 'out'; status?: TransferRow['status'] | undefined; limit: number },
  canDecide = false,
): Promise<ListedTransfer[]> {
  const inScope = orgIdsInScope(scope);
  const conditions: SQL[] =
    filter.direction === 'in'
      ? [inArray(transfers.toOrgId, inScope), sql`${transfers.fromOrgId} not in ${inScope}`]
      : [inArray(transfers.fromOrgId, inScope)];
  if (filter.status) conditions.push(eq(transfers.status, filter.status));
  const rows = await db
    .select()
    .from(transfers)
    .where(and(...conditions))
    .orderBy(desc(transfers.createdAt))
    .limit(filter.limit);
  const orgs = new Map((await getOrgsByIds(db, [...new Set(rows.flatMap((r) => [r.fromOrgId, r.toOrgId]))])).map((o) => [o.id, o]));
  const inSubtree = (orgId: string) => {
    const org = orgs.get(orgId);
    return canDecide && !!org && pathInScope(org.path, scope);
  };
  const summaries = await toTransfers(db, p, rows);
  return summaries.map((summary, i) => {
    const row = rows[i] as TransferRow;
    return { ...summary, ...transferActions(row, { receiving: inSubtree(row.toOrgId), releasing: inSubtree(row.fromOrgId) }) };
  });
}

export async function openOwnTransfer(db: Db, p: Platform, memberId: string): Promise<TransferSummary | null> {
  const [row] = await db
    .select()
    .from(transfers)
    .where(and(eq(transfers.memberId, memberId), inArray(transfers.status, ['proposed', 'requested'])))
    .limit(1);
  return row ? ((await toTransfers(db, p, [row]))[0] ?? null) : null;
}
