import { randomBytes } from 'node:crypto';
import { and, asc, eq, inArray, isNull, lt, or } from 'drizzle-orm';
import type { PartnerPrincipal, Scope } from '../../platform/access/access.js';
import { recordAudit, type Actor, type AuditEntry } from '../../platform/audit/audit.js';
import type { Platform } from '../../platform/context.js';
import { HmacSha256 } from '../../platform/crypto/hmac.js';
import { maskMobile } from '../../platform/crypto/mask.js';
import { checkMobile, checkUscc } from '../../platform/crypto/validators.js';
import { inTransaction, type Db, type Tx } from '../../platform/db/tx.js';
import { notifyChange } from '../../platform/cache/changes.js';
import { cachedPartnerRead } from './cache.js';
import { findOrgById, getOrg, orgIdsInScope } from '#modules/orgs';
import { partnerErrors } from './errors.js';
import { partnerKeys, partners } from './schema.js';

export const PARTNER_KINDS = ['merchant', 'hospital', 'transport', 'scenic', 'government', 'other'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

const SECRET_CONTEXT = 'partner_key.secret';
const PHONE_CONTEXT = 'partner.contact_phone';

type PartnerRow = typeof partners.$inferSelect;

export interface PartnerKeyInfo {
  id: string;
  label: string | null;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

export interface Partner {
  id: string;
  orgId: string;
  name: string;
  kind: PartnerKind;
  uscc: string | null;
  contactName: string | null;
  contactPhoneMasked: string | null;
  status: 'active' | 'suspended';
  createdAt: Date;
  keys: PartnerKeyInfo[];
}

async function toPartners(db: Db, p: Platform, rows: PartnerRow[]): Promise<Partner[]> {
  if (rows.length === 0) return [];
  const keys = await db
    .select()
    .from(partnerKeys)
    .where(
      inArray(
        partnerKeys.partnerId,
        rows.map((r) => r.id),
      ),
    )
    .orderBy(asc(partnerKeys.createdAt));
  return rows.map((r) => ({
    id: r.id,
    orgId: r.orgId,
    name: r.name,
    kind: r.kind,
    uscc: r.uscc,
    contactName: r.contactName,
    contactPhoneMasked: r.contactPhoneCipher ? maskMobile(p.cipher.decrypt(r.contactPhoneCipher, PHONE_CONTEXT)) : null,
    status: r.status,
    createdAt: r.createdAt,
    keys: keys
      .filter((k) => k.partnerId === r.id)
      .map((k) => ({
        id: k.id,
        label: k.label,
        createdAt: k.createdAt,
        revokedAt: k.revokedAt,
        lastUsedAt: k.lastUsedAt,
      })),
  }));
}

async function getPartnerRow(db: Db, scope: Scope, id: string): Promise<PartnerRow> {
  const [row] = await db
    .select()
    .from(partners)
    .where(and(eq(partners.id, id), inArray(partners.orgId, orgIdsInScope(scope))))
    .limit(1);
  if (!row) throw partnerErrors.notFound();
  return row;
}

export async function listPartners(db: Db, p: Platform, scope: Scope): Promise<Partner[]> {
  const rows = await db
    .select()
    .from(partners)
    .where(inArray(partners.orgId, orgIdsInScope(scope)))
    .orderBy(asc(partners.name))
    .limit(500);
  return toPartners(db, p, rows);
}

export async function getPartner(db: Db, p: Platform, scope: Scope, id: string): Promise<Partner> {
  const [partner] = await toPartners(db, p, [await getPartnerRow(db, scope, id)]);
  if (!partner) throw partnerErrors.notFound();
  return partner;
}

/** The audit record of a change to one partner, filed under its union (for the subtree's audit view). */
async function auditPartner(
  tx: Tx,
  actor: Actor,
  partner: { id: string; orgId: string },
  entry: Omit<AuditEntry, 'targetType' | 'targetId' | 'orgId' | 'orgPath'>,
): Promise<void> {
  const org = await findOrgById(tx, partner.orgId);
  await recordAudit(tx, actor, { ...entry, targetType: 'partner', targetId: partner.id, orgId: partner.orgId, orgPath: org?.path ?? null });
}

export async function createPartner(
  db: Db,
  p: Platform,
  actor: Actor,
  scope: Scope,
  input: {
    orgId: string;
    name: string;
    kind: PartnerKind;
    uscc?: string | null | undefined;
  },
): Promise<Partner> {
  let uscc: string | null = null;
  if (input.uscc) {
    const checked = checkUscc(input.uscc);
    if (!checked.ok) throw partnerErrors.usccInvalid();
    uscc = checked.value;
  }
  const row = await inTransaction(db, async (tx) => {
    const org = await getOrg(tx, scope, input.orgId);
    const [created] = await tx
      .insert(partners)
      .values({
        orgId: org.id,
        name: input.name.trim(),
        kind: input.kind,
        uscc,
      })
      .returning();
    if (!created) throw new Error('partner insert returned nothing');
    await recordAudit(tx, actor, {
      action: 'partners.create',
      targetType: 'partner',
      targetId: created.id,
      orgId: org.id,
      orgPath: org.path,
      details: { name: created.name, kind: created.kind },
    });
    return created;
  });
  return (await toPartners(db, p, [row]))[0] as Partner;
}

/** Shows the contact phone unmasked to staff who give a reason; the reveal is audited. */
export async function revealPartnerContactPhone(
  db: Db,
  p: Platform,
  actor: Actor,
  scope: Scope,
  partnerId: string,
  reason: string,
): Promise<string | null> {
  return inTransaction(db, async (tx) => {
    const partner = await getPartnerRow(tx, scope, partnerId);
    await auditPartner(tx, actor, partner, { action: 'partners.contact_phone_revealed', reason, details: { name: partner.name } });
    return partner.contactPhoneCipher ? p.cipher.decrypt(partner.contactPhoneCipher, PHONE_CONTEXT) : null;
  });
}

/** Issues a key; the secret is returned this once and stored only encrypted. */
export async function issuePartnerKey(
  db: Db,
  p: Platform,
  actor: Actor,
  scope: Scope,
  partnerId: string,
  label: string | null,
): Promise<{ keyId: string; secret: string }> {
  const keyId = `pk_${randomBytes(12).toString('base64url')}`;
  const secret = `sk_${randomBytes(32).toString('base64url')}`;
  await inTransaction(db, async (tx) => {
    const partner = await getPartnerRow(tx, scope, partnerId);
    await tx.insert(partnerKeys).values({
      id: keyId,
      partnerId: partner.id,
      secretCipher: p.cipher.encrypt(secret, SECRET_CONTEXT),
      label,
    });
    await auditPartner(tx, actor, partner, { action: 'partners.key_issued', details: { keyId, label } });
  });
  return { keyId, secret };
}

export async function revokePartnerKey(db: Db, actor: Actor, scope: Scope, partnerId: string, keyId: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const partner = await getPartnerRow(tx, scope, partnerId);
    const [key] = await tx
      .select()
      .from(partnerKeys)
      .where(and(eq(partnerKeys.id, keyId), eq(partnerKeys.partnerId, partner.id)))
      .for('update');
    if (!key) throw partnerErrors.keyNotFound();
    if (key.revokedAt) throw partnerErrors.keyAlreadyRevoked();
    await tx.update(partnerKeys).set({ revokedAt: new Date() }).where(eq(partnerKeys.id, keyId));
    // Every instance drops the cached key when this commits: a revoked key stops working everywhere.
    await notifyChange(tx, 'auth', `partner:${partnerId}`);
    await auditPartner(tx, actor, partner, { action: 'partners.key_revoked', details: { keyId } });
  });
}

/** The guard's key lookup: the secret of an active key of an active partner. */
export function lookupPartnerKey(db: Db, p: Platform, keyId: string): Promise<{ mac: HmacSha256; partnerId: string } | null> {
  return cachedPartnerRead(db, `key:${keyId}`, () => queryPartnerKey(db, p, keyId));
}

async function queryPartnerKey(db: Db, p: Platform, keyId: string): Promise<{ mac: HmacSha256; partnerId: string } | null> {
  const [row] = await db
    .select({
      secretCipher: partnerKeys.secretCipher,
      partnerId: partnerKeys.partnerId,
      status: partners.status,
    })
    .from(partnerKeys)
    .innerJoin(partners, eq(partners.id, partnerKeys.partnerId))
    .where(and(eq(partnerKeys.id, keyId), isNull(partnerKeys.revokedAt)))
    .limit(1);
  if (!row || row.status !== 'active') return null;
  return {
    // Padded once and cached with the key (see hmac.ts), not imported from the string on every request.
    mac: new HmacSha256(Buffer.from(p.cipher.decrypt(row.secretCipher, SECRET_CONTEXT), 'utf8')),
    partnerId: row.partnerId,
  };
}

export function loadPartnerPrincipal(db: Db, partnerId: string, keyId: string): Promise<PartnerPrincipal | null> {
  return cachedPartnerRead(db, `principal:${partnerId}:${keyId}`, () => queryPartnerPrincipal(db, partnerId, keyId));
}

async function queryPartnerPrincipal(db: Db, partnerId: string, keyId: string): Promise<PartnerPrincipal | null> {
  const [row] = await db.select().from(partners).where(eq(partners.id, partnerId)).limit(1);
  if (!row || row.status !== 'active') return null;
  const org = await findOrgById(db, row.orgId);
  // A partner signed up by a union that has been deactivated stops working with it, as its staff do.
  if (!org || org.status !== 'active') return null;
  return {
    kind: 'partner',
    partnerId: row.id,
    partnerName: row.name,
    partnerKind: row.kind,
    keyId,
    orgId: org.id,
    orgPath: org.path,
  };
}

export async function getOwnPartner(db: Db, p: Platform, principal: PartnerPrincipal): Promise<Partner> {
  const [row] = await db.select().from(partners).where(eq(partners.id, principal.partnerId)).limit(1);
  if (!row) throw partnerErrors.notFound();
  return (await toPartners(db, p, [row]))[0] as Partner;
}

/** A partner keeps its own contact details; the caller wraps this in an idempotent transaction. */
export async function updateOwnProfile(
  db: Db,
  p: Platform,
  tx: Db,
  actor: Actor,
  principal: PartnerPrincipal,
  input: {
    contactName?: string | undefined;
    contactPhone?: string | undefined;
  },
): Promise<Partner> {
  const set: Partial<PartnerRow> = {};
  if (input.contactName !== undefined) set.contactName = input.contactName.trim();
  if (input.contactPhone !== undefined) {
    const phone = checkMobile(input.contactPhone);
    if (!phone.ok) throw partnerErrors.phoneInvalid();
    set.contactPhoneCipher = p.cipher.encrypt(phone.value, PHONE_CONTEXT);
  }
  const [row] =
    Object.keys(set).length > 0
      ? await tx.update(partners).set(set).where(eq(partners.id, principal.partnerId)).returning()
      : await tx.select().from(partners).where(eq(partners.id, principal.partnerId));
  if (!row) throw partnerErrors.notFound();
  await recordAudit(tx, actor, {
    action: 'partners.profile_updated',
    targetType: 'partner',
    targetId: row.id,
    details: { fields: Object.keys(input) },
  });
  const [partner] = await toPartners(tx, p, [row]);
  return partner as Partner;
}

// At most one write a minute per key: a busy partner's calls must not each become a write.
export async function touchPartnerKey(db: Db, keyId: string, now: Date): Promise<void> {
  await db
    .update(partnerKeys)
    .set({ lastUsedAt: now })
    .where(
      and(eq(partnerKeys.id, keyId), or(isNull(partnerKeys.lastUsedAt), lt(partnerKeys.lastUsedAt, new Date(now.getTime() - 60_000)))),
    );
}

/** The names of partners by id, for another module's reports (a settlement's merchants); nothing personal. */
export async function getPartnerNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.select({ id: partners.id, name: partners.name }).from(partners).where(inArray(partners.id, unique));
  return new Map(rows.map((r) => [r.id, r.name]));
}
