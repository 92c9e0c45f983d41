// One member's page: the timeline, transfers and the audited reveal; the worker's own history.
import { asc, desc, eq, inArray } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import type { Actor } from '../../../platform/audit/audit.js';
import type { Platform } from '../../../platform/context.js';
import { inTransaction, type Db } from '../../../platform/db/tx.js';
import { getOrgsByIds } from '#modules/orgs';
import { memberErrors } from '../errors.js';
import type { PlacementRule } from '../rules.js';
import { memberEvents, members, transfers } from '../schema.js';
import { auditForOrg, getMemberRow, memberOfAccount, type MemberEventKind } from './common.js';
import { maskName } from '../../../platform/crypto/mask.js';
import { CONTEXT, decryptPerson, type RevealedPerson } from './person.js';
import { type Member, toMembers } from './roll.js';

export interface TimelineEntry {
  id: string;
  kind: MemberEventKind;
  at: Date;
  actorKind: string;
  actorName: string | null;
  fromOrgName: string | null;
  toOrgName: string | null;
  reason: string | null;
}

export interface TransferSummary {
  id: string;
  memberId: string;
  memberNo: string;
  memberNameMasked: string | null;
  status: 'proposed' | 'requested' | 'completed' | 'rejected' | 'cancelled';
  initiatedBy: 'member' | 'system' | 'staff';
  /** The placement rule that chose the receiving union (null when staff chose it). */
  placementRule: PlacementRule | null;
  fromOrgId: string;
  fromOrgName: string;
  toOrgId: string;
  toOrgName: string;
  reason: string | null;
  acceptedAt: Date | null;
  releasedAt: Date | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  createdAt: Date;
}

export async function toTransfers(db: Db, p: Platform, rows: (typeof transfers.$inferSelect)[]): Promise<TransferSummary[]> {
  const orgs = await getOrgsByIds(db, [...new Set(rows.flatMap((r) => [r.fromOrgId, r.toOrgId]))]);
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  const memberIds = [...new Set(rows.map((r) => r.memberId))];
  const who = new Map(
    (memberIds.length
      ? await db
          .select({ id: members.id, memberNo: members.memberNo, nameCipher: members.nameCipher })
          .from(members)
          .where(inArray(members.id, memberIds))
      : []
    ).map(
      (m) =>
        [m.id, { memberNo: m.memberNo, nameMasked: m.nameCipher ? maskName(p.cipher.decrypt(m.nameCipher, CONTEXT.name)) : null }] as const,
    ),
  );
  return rows.map((r) => ({
    id: r.id,
    memberId: r.memberId,
    memberNo: who.get(r.memberId)?.memberNo ?? '',
    memberNameMasked: who.get(r.memberId)?.nameMasked ?? null,
    status: r.status,
    initiatedBy: r.initiatedBy,
    placementRule: r.placementRule as PlacementRule | null,
    fromOrgId: r.fromOrgId,
    fromOrgName: names.get(r.fromOrgId) ?? '',
    toOrgId: r.toOrgId,
    toOrgName: names.get(r.toOrgId) ?? '',
    reason: r.reason,
    acceptedAt: r.acceptedAt,
    releasedAt: r.releasedAt,
    decidedAt: r.decidedAt,
    decisionReason: r.decisionReason,
    createdAt: r.createdAt,
  }));
}

export async function memberTimeline(db: Db, memberId: string): Promise<TimelineEntry[]> {
  const events = await db.select().from(memberEvents).where(eq(memberEvents.memberId, memberId)).orderBy(asc(memberEvents.at));
  const orgs = await getOrgsByIds(db, [...new Set(events.flatMap((e) => [e.fromOrgId, e.toOrgId]).filter((x): x is string => !!x))]);
  const names = new Map(orgs.map((o) => [o.id, o.name]));
  return events.map((e) => ({
    id: e.id,
    kind: e.kind as MemberEventKind,
    at: e.at,
    actorKind: e.actorKind,
    actorName: e.actorName,
    fromOrgName: e.fromOrgId ? (names.get(e.fromOrgId) ?? null) : null,
    toOrgName: e.toOrgId ? (names.get(e.toOrgId) ?? null) : null,
    reason: e.reason,
  }));
}

/** A line of the worker's own history in the H5: what happened and where, not which staff member did it. */
export type OwnHistoryEntry = Pick<TimelineEntry, 'id' | 'kind' | 'at' | 'fromOrgName' | 'toOrgName' | 'reason'>;

/** The signed-in worker's membership history, newest first; empty for someone who never was a member. */
export async function ownMembershipHistory(db: Db, accountId: string): Promise<OwnHistoryEntry[]> {
  const member = await memberOfAccount(db, accountId);
  if (!member) return [];
  const timeline = await memberTimeline(db, member.id);
  return timeline.reverse().map(({ id, kind, at, fromOrgName, toOrgName, reason }) => ({ id, kind, at, fromOrgName, toOrgName, reason }));
}

export async function getMemberPage(
  db: Db,
  p: Platform,
  scope: Scope,
  id: string,
): Promise<{ member: Member; timeline: TimelineEntry[]; transfers: TransferSummary[] }> {
  const row = await getMemberRow(db, scope, id);
  const [member] = await toMembers(db, p, [row]);
  if (!member) throw memberErrors.notFound();
  const transferRows = await db.select().from(transfers).where(eq(transfers.memberId, id)).orderBy(desc(transfers.createdAt));
  const timeline = await memberTimeline(db, id);
  // Imported and seeded members carry no event of their own (a million-row import writes members
  // only); their page still starts with how they came onto the roll.
  if (row.source !== 'online' && !timeline.some((e) => e.kind === 'joined' || e.kind === 'imported')) {
    timeline.unshift({
      id: `${row.id}-origin`,
      kind: 'imported',
      at: row.joinedAt,
      actorKind: 'system',
      actorName: null,
      fromOrgName: null,
      toOrgName: member.orgName,
      reason: null,
    });
  }
  return { member, timeline, transfers: await toTransfers(db, p, transferRows) };
}

/** The full personal data of one member, for a stated reason; every reveal is in the audit log. */
export async function revealMember(db: Db, p: Platform, actor: Actor, scope: Scope, id: string, reason: string): Promise<RevealedPerson> {
  return inTransaction(db, async (tx) => {
    const row = await getMemberRow(tx, scope, id);
    await auditForOrg(tx, actor, row.orgId, {
      action: 'members.reveal',
      targetType: 'member',
      targetId: id,
      reason,
      details: { fields: ['name', 'idNumber', 'phone', 'workAddress'] },
    });
    return decryptPerson(p.cipher, row);
  });
}
