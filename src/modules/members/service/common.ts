// Pieces the members use cases share: scoped row loading, the timeline, member numbers.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor, type AuditEntry } from '../../../platform/audit/audit.js';
import { queryRows, type Db, type Tx } from '../../../platform/db/tx.js';
import { findOrgById, orgIdsInScope, type Org } from '#modules/orgs';
import { memberErrors } from '../errors.js';
import { formatMemberNo } from '../rules.js';
import { memberEvents, members } from '../schema.js';

export type MemberRow = typeof members.$inferSelect;

export type MemberEventKind =
  | 'joined'
  | 'rejoined'
  | 'imported'
  | 'account_linked'
  | 'merged'
  | 'transferred'
  | 'suspended'
  | 'reinstated'
  | 'left'
  | 'deceased'
  | 'work_changed'
  | 'purged';

export async function recordEvent(
  tx: Tx,
  actor: Actor,
  memberId: string,
  kind: MemberEventKind,
  extra: { fromOrgId?: string | null; toOrgId?: string | null; reason?: string | null; details?: Record<string, unknown> } = {},
): Promise<void> {
  await tx.insert(memberEvents).values({
    memberId,
    kind,
    actorKind: actor.kind,
    actorId: actor.kind === 'system' ? null : actor.id,
    actorName: actor.name,
    fromOrgId: extra.fromOrgId ?? null,
    toOrgId: extra.toOrgId ?? null,
    reason: extra.reason ?? null,
    details: extra.details ?? null,
  });
}

/** The member with this id in the staff's subtree, or 404 (a sibling district's member does not exist for them). */
export async function getMemberRow(db: Db, scope: Scope, id: string, options: { forUpdate?: boolean } = {}): Promise<MemberRow> {
  const query = db
    .select()
    .from(members)
    .where(and(eq(members.id, id), inArray(members.orgId, orgIdsInScope(scope))))
    .limit(1);
  const [row] = options.forUpdate ? await query.for('update') : await query;
  if (!row) throw memberErrors.notFound();
  return row;
}

export async function memberOfAccount(db: Db, accountId: string, options: { forUpdate?: boolean } = {}): Promise<MemberRow | null> {
  const query = db.select().from(members).where(eq(members.accountId, accountId)).limit(1);
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row ?? null;
}

/** The province code a member number starts with: that of the union first joined ('00' above provinces). */
export function provinceOf(org: Pick<Org, 'regionCode'>): string {
  return org.regionCode.length >= 2 ? org.regionCode.slice(0, 2) : '00';
}

export async function nextMemberNos(tx: Tx, provinceCode: string, count: number): Promise<string[]> {
  return Array.from(await nextMemberSequences(tx, count), (n) => formatMemberNo(provinceCode, n));
}

/**
 * `count` values of the member number sequence, as numbers (a bulk writer formats each when it uses
 * it rather than keep thousands of strings). One row, one string: cheaper than a row a number.
 */
export async function nextMemberSequences(tx: Tx, count: number): Promise<Float64Array> {
  const [row] = await queryRows<{ n: string | null }>(
    tx,
    sql`select string_agg(nextval('member_no_seq')::text, ',') as n from generate_series(1, ${count})`,
  );
  return row?.n ? Float64Array.from(row.n.split(','), Number) : new Float64Array(0);
}

/** An audit record filed under the member's union (so that union's subtree sees it), not the actor's. */
export async function auditForOrg(tx: Tx, actor: Actor, orgId: string, entry: Omit<AuditEntry, 'orgId' | 'orgPath'>): Promise<void> {
  const org = await findOrgById(tx, orgId);
  await recordAudit(tx, actor, { ...entry, orgId, orgPath: org?.path ?? null });
}
