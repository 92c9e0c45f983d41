// SMS invitations to join: a link to the H5 join form, prefilled from the census and credited to the
// campaign that sent it when the person joins. The link's token is 128 random bits; only its hash is
// kept, so the table cannot be read back into working links.
import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import type { Actor } from '../../../platform/audit/audit.js';
import type { Platform } from '../../../platform/context.js';
import { maskMobile, maskName } from '../../../platform/crypto/mask.js';
import { pgArray } from '../../../platform/db/arrays.js';
import { afterCommit, inTransaction, queryRows, type Db, type Tx } from '../../../platform/db/tx.js';
import { regionFullName } from '../../../platform/regions/regions.js';
import { findOrgById, getOrg, orgIdsInScope, type Trade } from '#modules/orgs';
import { censusErrors } from '../errors.js';
import { invitations, people } from '../schema.js';
import { areaOf, auditForOrg, CONTEXT } from './common.js';

// A person is not sent a second invitation within this many days.
const RESEND_AFTER_DAYS = 7;
export const INVITATIONS_AT_ONCE = 500;

const hashOf = (token: string): Buffer => createHash('sha256').update(token).digest();

/** The H5's join link for a token. */
export function invitationLink(p: Pick<Platform, 'config'>, token: string): string {
  const base = p.config.publicUrl ?? `http://localhost:${p.config.port}`;
  return `${base.replace(/\/$/, '')}/join?inv=${token}`;
}

/** Why a person was not sent an invitation: already a member, no mobile on the list, or invited within the last days. */
export type SkipReason = 'member' | 'noPhone' | 'recent';

export interface InvitedPerson {
  personId: string;
  maskedName: string;
  maskedPhone: string | null;
}

export interface InvitationResult {
  sent: number;
  skipped: Record<SkipReason, number>;
  /** Who was sent one, in the order asked, masked as the outreach list shows them. */
  invited: InvitedPerson[];
  /** Who was not, and why. */
  skippedPeople: (InvitedPerson & { reason: SkipReason })[];
}

/**
 * Sends each person an SMS inviting them to join, for `campaign` (the drive it belongs to, e.g.
 * 2026年快递员入会集中行动). People of the staff member's area only; at most INVITATIONS_AT_ONCE.
 * The messages go once the invitations are committed.
 */
export async function sendInvitations(
  db: Db,
  p: Platform,
  actor: Actor,
  scope: Scope,
  input: { personIds: readonly string[]; campaign: string },
): Promise<InvitationResult> {
  const area = await areaOf(db, scope);
  const union = await getOrg(db, scope, scope.orgId);
  return inTransaction(db, async (tx) => {
    const rows = await tx
      .select()
      .from(people)
      .where(and(inArray(people.id, [...new Set(input.personIds)]), sql`${people.regionCode} like ${`${area}%`}`))
      .for('update');
    if (rows.length !== new Set(input.personIds).size) throw censusErrors.personNotFound();
    const recent = new Set(
      (
        await queryRows<{ person_id: string }>(
          tx,
          sql`select distinct ${invitations.personId} as person_id from ${invitations}
               where ${invitations.personId} = any(${pgArray(rows.map((r) => r.id))}::uuid[])
                 and ${invitations.sentAt} > now() - make_interval(days => ${RESEND_AFTER_DAYS})`,
        )
      ).map((r) => r.person_id),
    );
    const result: InvitationResult = { sent: 0, skipped: { member: 0, noPhone: 0, recent: 0 }, invited: [], skippedPeople: [] };
    const messages: { phone: string; link: string }[] = [];
    // In the order the staff member chose them, so the answer reads like their selection.
    const asked = new Map(input.personIds.map((personId, i) => [personId, i] as const));
    rows.sort((a, b) => (asked.get(a.id) ?? 0) - (asked.get(b.id) ?? 0));
    for (const r of rows) {
      const phone = r.phoneCipher ? p.cipher.decrypt(r.phoneCipher, CONTEXT.phone) : null;
      const person: InvitedPerson = {
        personId: r.id,
        maskedName: maskName(p.cipher.decrypt(r.nameCipher, CONTEXT.name)),
        maskedPhone: phone ? maskMobile(phone) : null,
      };
      const reason: SkipReason | null =
        (r.match === 'id' || r.match === 'confirmed') && r.memberActive
          ? 'member'
          : !phone
            ? 'noPhone'
            : recent.has(r.id)
              ? 'recent'
              : null;
      // (No phone is always a reason; the second test only tells the compiler so.)
      if (reason !== null || phone === null) {
        const why = reason ?? 'noPhone';
        result.skipped[why] += 1;
        result.skippedPeople.push({ ...person, reason: why });
      } else {
        const token = randomBytes(16).toString('base64url');
        await tx.insert(invitations).values({
          personId: r.id,
          orgId: union.id,
          campaign: input.campaign,
          tokenHash: hashOf(token),
          staffId: actor.id,
          staffName: actor.name,
        });
        if (r.outreach === 'new') {
          await tx.update(people).set({ outreach: 'contacted', lastContactAt: new Date() }).where(eq(people.id, r.id));
        }
        messages.push({ phone, link: invitationLink(p, token) });
        result.invited.push(person);
        result.sent += 1;
      }
    }
    await auditForOrg(tx, actor, union.id, {
      action: 'census.invite',
      targetType: 'census_invitation',
      // Counts only: the audit trail needs no list of names, masked or not.
      details: { campaign: input.campaign, sent: result.sent, skipped: result.skipped },
    });
    afterCommit(tx, () => {
      for (const m of messages) {
        p.sms
          .send(m.phone, 'census_invitation', { union: union.name, link: m.link })
          .catch((error: unknown) => p.log.warn({ err: error }, 'census invitation sms failed'));
      }
    });
    return result;
  });
}

export interface InvitationPrefill {
  name: string;
  trade: Trade;
  workRegionCode: string;
  workRegionName: string;
  employerName: string | null;
  union: string;
  campaign: string;
}

/**
 * What an invitation's link prefills in the H5 join form (name, trade, work place, employer — never
 * the 身份证号), and the first opening recorded. An unknown token is not found.
 */
export async function openInvitation(db: Db, p: Platform, token: string): Promise<InvitationPrefill> {
  if (!/^[A-Za-z0-9_-]{22}$/.test(token)) throw censusErrors.invitationNotFound();
  return inTransaction(db, async (tx) => {
    const [invitation] = await tx
      .select()
      .from(invitations)
      .where(eq(invitations.tokenHash, hashOf(token)));
    if (!invitation) throw censusErrors.invitationNotFound();
    if (!invitation.openedAt) await tx.update(invitations).set({ openedAt: new Date() }).where(eq(invitations.id, invitation.id));
    const [person] = await tx.select().from(people).where(eq(people.id, invitation.personId));
    if (!person) throw censusErrors.invitationNotFound();
    const union = await findOrgById(tx, invitation.orgId);
    return {
      name: p.cipher.decrypt(person.nameCipher, CONTEXT.name),
      trade: person.trade as Trade,
      workRegionCode: person.regionCode,
      workRegionName: regionFullName(person.regionCode),
      employerName: person.employerName,
      union: union?.name ?? '',
      campaign: invitation.campaign,
    };
  });
}

/** Invitations of the people `which` names who are members now: credited to their campaigns. */
export async function creditInvitations(tx: Tx, which: SQL): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    tx,
    sql`with credited as (
          update ${invitations} i set joined_at = now(), member_id = p.member_id
            from ${people} p
           where i.person_id = p.id and i.joined_at is null and ${which}
             and p.match in ('id', 'confirmed') and p.member_active
          returning 1
        ) select count(*)::int as n from credited`,
  );
  return rows[0]?.n ?? 0;
}

/** Each campaign of the subtree's unions: invitations sent, opened, and the people who joined. */
export async function invitationCampaigns(
  db: Db,
  scope: Scope,
): Promise<{ campaign: string; sent: number; opened: number; joined: number; lastSentAt: Date }[]> {
  const rows = await db
    .select({
      campaign: invitations.campaign,
      sent: sql<number>`count(*)::int`,
      opened: sql<number>`count(${invitations.openedAt})::int`,
      joined: sql<number>`count(${invitations.joinedAt})::int`,
      lastSentAt: sql<Date>`max(${invitations.sentAt})`,
    })
    .from(invitations)
    .where(inArray(invitations.orgId, orgIdsInScope(scope)))
    .groupBy(invitations.campaign)
    .orderBy(desc(sql`max(${invitations.sentAt})`))
    .limit(100);
  return rows.map((r) => ({ ...r, lastSentAt: new Date(r.lastSentAt) }));
}
