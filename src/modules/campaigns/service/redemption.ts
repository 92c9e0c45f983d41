// A coupon used at a merchant's till: the cashier scans the member's QR (or types the code), the
// order amount is checked against the threshold and the coupon is redeemed once; the same day the
// cashier may undo it (a refund). The settlement is what the union pays each merchant per day.
import type { Writable } from 'node:stream';
import { and, asc, eq, gte, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import type { PartnerPrincipal, Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { shanghaiDay } from '../../../platform/db/columns.js';
import type { Tx, Db } from '../../../platform/db/tx.js';
import { addSafeRow, addSafeWorksheet, loadExcel } from '../../../platform/files/excel.js';
import { t } from '../../../platform/i18n/i18n.js';
import { findOrgById, orgIdsInScope } from '#modules/orgs';
import { getPartnerNames } from '#modules/partners';
import { campaignErrors } from '../errors.js';
import { canVoidRedemption, checkRedemption, discountFor } from '../rules.js';
import { campaigns, coupons, redemptions } from '../schema.js';

export interface Redemption {
  redemptionId: string;
  couponCode: string;
  campaignId: string;
  campaignName: string;
  orderAmountFen: number;
  discountFen: number;
  /** What the member still pays. */
  payFen: number;
  redeemedAt: Date;
  voidedAt: Date | null;
}

const yuan = (fen: number): string => (fen / 100).toFixed(2);

/**
 * Whether a merchant takes a campaign's coupons: it was signed up by the campaign's owner union, one
 * of the owner's ancestors (a province's merchants serve its cities' campaigns) or one of its
 * descendants (a district's shops serve the province's campaign). Anything else is a foreign coupon.
 */
function servesCampaign(partnerPath: string, ownerPath: string): boolean {
  return partnerPath.startsWith(ownerPath) || ownerPath.startsWith(partnerPath);
}

export async function redeemCoupon(
  tx: Tx,
  partner: PartnerPrincipal,
  input: { code: string; orderAmountFen: number; orderRef?: string | null | undefined },
  now = new Date(),
): Promise<Redemption> {
  const [coupon] = await tx.select().from(coupons).where(eq(coupons.code, input.code)).for('update');
  const [campaign] = coupon ? await tx.select().from(campaigns).where(eq(campaigns.id, coupon.campaignId)) : [];
  const owner = campaign ? await findOrgById(tx, campaign.orgId) : null;
  // A code of another union's campaign answers exactly as a code that does not exist.
  if (!coupon || !campaign || !owner || !servesCampaign(partner.orgPath, owner.path)) throw campaignErrors.couponForeign();
  const refusal = checkRedemption(coupon, input.orderAmountFen, now);
  if (refusal === 'used') throw campaignErrors.couponUsed();
  if (refusal === 'voided') throw campaignErrors.couponVoided();
  if (refusal === 'expired') throw campaignErrors.couponExpired();
  if (refusal === 'below_threshold') {
    throw campaignErrors.belowThreshold({ amount: yuan(input.orderAmountFen), threshold: yuan(coupon.thresholdFen) });
  }
  const discountFen = discountFor(coupon, input.orderAmountFen);
  const [row] = await tx
    .insert(redemptions)
    .values({
      couponId: coupon.id,
      campaignId: campaign.id,
      partnerId: partner.partnerId,
      orderRef: input.orderRef ?? null,
      orderAmountFen: input.orderAmountFen,
      discountFen,
      day: shanghaiDay(now),
      source: 'partner',
      redeemedAt: now,
    })
    .returning();
  await tx.update(coupons).set({ status: 'redeemed', redeemedAt: now }).where(eq(coupons.id, coupon.id));
  return {
    redemptionId: row?.id ?? '',
    couponCode: coupon.code,
    campaignId: campaign.id,
    campaignName: campaign.name,
    orderAmountFen: input.orderAmountFen,
    discountFen,
    payFen: input.orderAmountFen - discountFen,
    redeemedAt: now,
    voidedAt: null,
  };
}

/** Undoes a redemption of this merchant made today: the coupon is the member's to use again. */
export async function voidRedemption(
  tx: Tx,
  partner: PartnerPrincipal,
  redemptionId: string,
  reason: string,
  now = new Date(),
): Promise<Redemption> {
  const [row] = await tx
    .select()
    .from(redemptions)
    .where(and(eq(redemptions.id, redemptionId), eq(redemptions.partnerId, partner.partnerId)))
    .for('update');
  if (!row) throw campaignErrors.redemptionNotFound();
  const [coupon] = await tx.select().from(coupons).where(eq(coupons.id, row.couponId)).for('update');
  const [campaign] = await tx.select({ name: campaigns.name }).from(campaigns).where(eq(campaigns.id, row.campaignId));
  if (!coupon || !campaign) throw campaignErrors.redemptionNotFound();
  const answer = (voidedAt: Date): Redemption => ({
    redemptionId: row.id,
    couponCode: coupon.code,
    campaignId: row.campaignId,
    campaignName: campaign.name,
    orderAmountFen: row.orderAmountFen ?? 0,
    discountFen: row.discountFen,
    payFen: (row.orderAmountFen ?? 0) - row.discountFen,
    redeemedAt: row.redeemedAt,
    voidedAt,
  });
  // Voiding twice is the same void (a retried request without its key).
  if (row.voidedAt) return answer(row.voidedAt);
  if (!canVoidRedemption(row.redeemedAt, now)) throw campaignErrors.voidTooLate();
  await tx.update(redemptions).set({ voidedAt: now, voidReason: reason }).where(eq(redemptions.id, row.id));
  await tx.update(coupons).set({ status: 'issued', redeemedAt: null }).where(eq(coupons.id, coupon.id));
  return answer(now);
}

// ---------------------------------------------------------------------------------------------
// Settlement: per merchant, per day, per campaign.

export interface SettlementLine {
  day: string;
  partnerId: string;
  partnerName: string;
  campaignId: string;
  campaignName: string;
  redeemed: number;
  orderAmountFen: number;
  discountFen: number;
}

export interface SettlementFilter {
  from: string;
  to: string;
  campaignId?: string | undefined;
  partnerId?: string | undefined;
}

/**
 * What the union owes each merchant: the live (not voided) redemptions of the campaigns in the staff's
 * subtree, summed per day, merchant and campaign. A merchant sees only its own lines.
 */
export async function settlementLines(
  db: Db,
  who: { scope: Scope } | { partnerId: string },
  filter: SettlementFilter,
): Promise<SettlementLine[]> {
  const conditions: SQL[] = [isNull(redemptions.voidedAt), gte(redemptions.day, filter.from), lte(redemptions.day, filter.to)];
  if ('scope' in who) conditions.push(inArray(campaigns.orgId, orgIdsInScope(who.scope)));
  else conditions.push(eq(redemptions.partnerId, who.partnerId));
  if (filter.campaignId) conditions.push(eq(redemptions.campaignId, filter.campaignId));
  if (filter.partnerId) conditions.push(eq(redemptions.partnerId, filter.partnerId));
  const rows = await db
    .select({
      day: redemptions.day,
      partnerId: redemptions.partnerId,
      channelMerchantId: redemptions.channelMerchantId,
      campaignId: redemptions.campaignId,
      campaignName: campaigns.name,
      redeemed: sql<number>`count(*)::int`,
      orderAmountFen: sql<string>`coalesce(sum(${redemptions.orderAmountFen}), 0)::bigint`,
      discountFen: sql<string>`sum(${redemptions.discountFen})::bigint`,
    })
    .from(redemptions)
    .innerJoin(campaigns, eq(campaigns.id, redemptions.campaignId))
    .where(and(...conditions))
    .groupBy(redemptions.day, redemptions.partnerId, redemptions.channelMerchantId, redemptions.campaignId, campaigns.name)
    .orderBy(asc(redemptions.day), asc(redemptions.partnerId), asc(redemptions.campaignId));
  const names = await getPartnerNames(
    db,
    rows.flatMap((r) => (r.partnerId ? [r.partnerId] : [])),
  );
  return rows.map((r) => ({
    day: r.day,
    partnerId: r.partnerId ?? '',
    // A coupon used in the channel's own stores is owed to the channel's merchant, named by its id.
    partnerName: r.partnerId
      ? (names.get(r.partnerId) ?? r.partnerId)
      : t('campaigns.settlement.channel_merchant', { id: r.channelMerchantId ?? '' }),
    campaignId: r.campaignId,
    campaignName: r.campaignName,
    redeemed: r.redeemed,
    orderAmountFen: Number(r.orderAmountFen),
    discountFen: Number(r.discountFen),
  }));
}

const COLUMNS = ['day', 'partnerName', 'campaignName', 'redeemed', 'orderAmount', 'discount'] as const;

/** The settlement as .xlsx for finance: amounts in yuan with two decimals, a total row, audited. */
export async function writeSettlementXlsx(
  db: Db,
  actor: Actor,
  scope: Scope,
  filter: SettlementFilter,
  out: Writable,
  now = new Date(),
): Promise<number> {
  const lines = await settlementLines(db, { scope }, filter);
  await recordAudit(db, actor, { action: 'campaign.settlement_exported', details: { ...filter, lines: lines.length } });
  const workbook = new (await loadExcel()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = actor.name ?? '';
  workbook.created = now;
  const sheet = addSafeWorksheet(workbook, t('campaigns.settlement.sheet'));
  sheet.columns = COLUMNS.map((key) => ({ key, width: key === 'partnerName' || key === 'campaignName' ? 28 : 14 }));
  addSafeRow(sheet, [t('campaigns.settlement.title', { from: filter.from, to: filter.to })]).commit();
  const header = addSafeRow(
    sheet,
    COLUMNS.map((key) => t(`campaigns.settlement.column.${key}`)),
  );
  header.font = { bold: true };
  header.commit();
  const money = (fen: number) => Math.round(fen) / 100;
  for (const line of lines) {
    const row = addSafeRow(sheet, [
      line.day,
      line.partnerName,
      line.campaignName,
      line.redeemed,
      money(line.orderAmountFen),
      money(line.discountFen),
    ]);
    row.getCell(5).numFmt = '0.00';
    row.getCell(6).numFmt = '0.00';
    row.commit();
  }
  const sum = (pick: (l: SettlementLine) => number) => lines.reduce((s, l) => s + pick(l), 0);
  const total = addSafeRow(sheet, [
    t('campaigns.settlement.total'),
    '',
    '',
    sum((l) => l.redeemed),
    money(sum((l) => l.orderAmountFen)),
    money(sum((l) => l.discountFen)),
  ]);
  total.font = { bold: true };
  total.getCell(5).numFmt = '0.00';
  total.getCell(6).numFmt = '0.00';
  total.commit();
  sheet.commit();
  await workbook.commit();
  return lines.length;
}
