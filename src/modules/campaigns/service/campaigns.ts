// A campaign's life in the console: written as a draft, submitted, approved by a second person,
// paused, resumed and ended; each step one transaction with its audit record.
import { and, desc, eq, inArray, lt, type SQL } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { notifyChange } from '../../../platform/cache/changes.js';
import { shanghaiDay } from '../../../platform/db/columns.js';
import { pageAfter, parseIdCursor } from '../../../platform/db/keyset.js';
import { inTransaction, type Db, type Tx } from '../../../platform/db/tx.js';
import type { FieldProblem } from '../../../platform/errors/app-error.js';
import { t } from '../../../platform/i18n/i18n.js';
import { findOrgById, getOrgsByIds, orgIdsInScope, type Trade } from '#modules/orgs';
import { countEligibleMembers, type EligibilityRule } from '#modules/members';
import { campaignErrors } from '../errors.js';
import { maxCoupons, phaseOf, termsProblems, type CampaignPhase, type CampaignStatus, type CampaignTerms } from '../rules.js';
import { campaigns } from '../schema.js';

export type CampaignRow = typeof campaigns.$inferSelect;

/** What staff enter; the eligibility conditions besides the owner's subtree are all optional. */
export interface CampaignInput extends Omit<CampaignTerms, 'status'> {
  orgId: string;
  name: string;
  description?: string | undefined;
  trades?: Trade[] | null | undefined;
  newFormOnly?: boolean | undefined;
  joinedOnOrBefore?: string | null | undefined;
  joinedOnOrAfter?: string | null | undefined;
  regionCodes?: string[] | null | undefined;
  /** Narrow the campaign to these unions' subtrees, inside the owner's (斗门区's own members only). */
  unionIds?: string[] | null | undefined;
  requireSmsCode?: boolean | undefined;
  channel?: 'platform' | 'wechatpay' | undefined;
  channelStockId?: string | null | undefined;
}

export interface Campaign extends Omit<CampaignRow, 'rule'> {
  rule: EligibilityRule;
  /** The unions the campaign is narrowed to (empty: the owner's whole subtree). */
  unionIds: string[];
  orgName: string;
  phase: CampaignPhase;
  /** The most coupons the terms allow (quota × days, or the budget), null when unbounded. */
  maxCoupons: number | null;
}

const inScope = (scope: Scope): SQL => inArray(campaigns.orgId, orgIdsInScope(scope));

function terms(row: Pick<CampaignRow, keyof CampaignTerms>): CampaignTerms {
  return {
    status: row.status,
    thresholdFen: row.thresholdFen,
    discountFen: row.discountFen,
    dailyQuota: row.dailyQuota,
    perMemberPeriod: row.perMemberPeriod,
    perMemberLimit: row.perMemberLimit,
    releaseTime: row.releaseTime,
    startsOn: row.startsOn,
    endsOn: row.endsOn,
    budgetFen: row.budgetFen,
    validDays: row.validDays,
  };
}
export { terms as campaignTerms };

/** The stored rule as members' evaluator takes it (the trades were checked against the list when saved). */
export const ruleOf = (row: Pick<CampaignRow, 'rule'>): EligibilityRule => row.rule as EligibilityRule;

async function toCampaigns(db: Db, rows: CampaignRow[], now = new Date()): Promise<Campaign[]> {
  const names = new Map((await getOrgsByIds(db, [...new Set(rows.map((r) => r.orgId))])).map((o) => [o.id, o.name]));
  return rows.map((row) => ({
    ...row,
    rule: ruleOf(row),
    unionIds: [...(row.rule.unionIds ?? [])],
    orgName: names.get(row.orgId) ?? '',
    phase: phaseOf(row, now),
    maxCoupons: maxCoupons(terms(row)),
  }));
}

/** The campaign in the staff's subtree, locked for the change when `forUpdate`. */
async function campaignInScope(tx: Tx, scope: Scope, id: string, forUpdate = false): Promise<CampaignRow> {
  const query = tx
    .select()
    .from(campaigns)
    .where(and(eq(campaigns.id, id), inScope(scope)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw campaignErrors.notFound();
  return row;
}

export async function getCampaign(db: Db, scope: Scope, id: string): Promise<Campaign> {
  const [campaign] = await toCampaigns(db, [await campaignInScope(db, scope, id)]);
  return campaign as Campaign;
}

/** The subtree's campaigns, newest first, a page at a time (`cursor`: the `nextCursor` of the page before). */
export async function listCampaigns(
  db: Db,
  scope: Scope,
  filter: { status?: CampaignStatus | undefined; cursor?: string | undefined; limit: number },
): Promise<{ items: Campaign[]; nextCursor: string | null }> {
  const conditions = [inScope(scope)];
  if (filter.status) conditions.push(eq(campaigns.status, filter.status));
  // Newest first by the UUIDv7 id: its creation time, exact where created_at read into a Date is not.
  const after = parseIdCursor(filter.cursor);
  if (after) conditions.push(lt(campaigns.id, after));
  const rows = await db
    .select()
    .from(campaigns)
    .where(and(...conditions))
    .orderBy(desc(campaigns.id))
    .limit(filter.limit + 1);
  const { page, nextCursor } = pageAfter(rows, filter.limit);
  return { items: await toCampaigns(db, page), nextCursor };
}

/**
 * The stored form of the input: the eligibility rule with the subtrees resolved to paths, checked
 * against the owner (a campaign is for the owner's own members only) and the terms checked whole.
 */
async function resolveInput(tx: Tx, scope: Scope, input: CampaignInput) {
  const owner = await findOrgById(tx, input.orgId);
  if (!owner || !owner.path.startsWith(scope.path)) throw campaignErrors.notFound();
  const problems: FieldProblem[] = [];
  const problem = (field: string, code: string) =>
    problems.push({ field, code: `campaigns.${code}`, message: t(`problems.campaigns.${code}`) });
  const unionIds = [...new Set(input.unionIds ?? [])];
  const narrowed = await getOrgsByIds(tx, unionIds);
  if (narrowed.length !== unionIds.length || narrowed.some((o) => !o.path.startsWith(owner.path))) {
    problem('unionIds', 'union_paths_outside');
  }
  const channel = input.channel ?? 'platform';
  if (channel === 'wechatpay' && !input.channelStockId) problem('channelStockId', 'channel_stock_required');
  const values = {
    thresholdFen: input.thresholdFen,
    discountFen: input.discountFen,
    dailyQuota: input.dailyQuota,
    perMemberPeriod: input.perMemberPeriod,
    perMemberLimit: input.perMemberLimit,
    releaseTime: input.releaseTime,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    budgetFen: input.budgetFen,
    validDays: input.validDays,
  };
  for (const p of termsProblems(values)) problem(p.field, p.code);
  if (problems.length > 0) throw campaignErrors.invalid({ count: problems.length }, { errors: problems });
  const rule: EligibilityRule & { unionIds: string[] } = {
    unionPaths: narrowed.length > 0 ? narrowed.map((o) => o.path) : [owner.path],
    unionIds,
    trades: input.trades?.length ? input.trades : null,
    newFormOnly: input.newFormOnly ?? false,
    joinedOnOrBefore: input.joinedOnOrBefore ?? null,
    joinedOnOrAfter: input.joinedOnOrAfter ?? null,
    regionCodes: input.regionCodes?.length ? input.regionCodes : null,
  };
  return {
    orgId: owner.id,
    name: input.name,
    description: input.description ?? '',
    rule,
    ...values,
    requireSmsCode: input.requireSmsCode ?? false,
    channel,
    channelStockId: channel === 'wechatpay' ? (input.channelStockId ?? null) : null,
  };
}

export async function createCampaign(db: Db, actor: Actor, scope: Scope, input: CampaignInput): Promise<Campaign> {
  return inTransaction(db, async (tx) => {
    const values = await resolveInput(tx, scope, input);
    const [row] = await tx
      .insert(campaigns)
      .values({ ...values, createdBy: actor.id ?? '' })
      .returning();
    if (!row) throw new Error('campaign insert returned nothing');
    await recordAudit(tx, actor, { action: 'campaign.created', targetType: 'campaign', targetId: row.id, details: { name: row.name } });
    return (await toCampaigns(tx, [row]))[0] as Campaign;
  });
}

/** A draft may be changed freely; once submitted it goes back to draft first (reject). */
export async function updateCampaign(db: Db, actor: Actor, scope: Scope, id: string, input: CampaignInput): Promise<Campaign> {
  return inTransaction(db, async (tx) => {
    const current = await campaignInScope(tx, scope, id, true);
    if (current.status !== 'draft') throw refused(current.status, 'edit');
    const values = await resolveInput(tx, scope, input);
    const [row] = await tx.update(campaigns).set(values).where(eq(campaigns.id, id)).returning();
    await recordAudit(tx, actor, { action: 'campaign.updated', targetType: 'campaign', targetId: id });
    return (await toCampaigns(tx, [row as CampaignRow]))[0] as Campaign;
  });
}

function refused(status: CampaignStatus, action: string) {
  return campaignErrors.statusChangeNotAllowed({ status: t(`campaigns.status.${status}`), action: t(`campaigns.action.${action}`) });
}

export type CampaignAction = 'submit' | 'approve' | 'reject' | 'pause' | 'resume' | 'end';

// Which status each action starts from and leads to.
const TRANSITIONS: Record<CampaignAction, { from: readonly CampaignStatus[]; to: CampaignStatus }> = {
  submit: { from: ['draft'], to: 'pending' },
  approve: { from: ['pending'], to: 'approved' },
  reject: { from: ['pending'], to: 'draft' },
  pause: { from: ['approved'], to: 'paused' },
  resume: { from: ['paused'], to: 'approved' },
  end: { from: ['approved', 'paused'], to: 'ended' },
};

/**
 * Moves a campaign along its life. Approval is the four-eyes step: whoever wrote or submitted the
 * campaign cannot approve it. A change of a running campaign reaches every instance's claim path at
 * once (the 'campaigns' change topic), and the claim batches re-read the status under their lock.
 */
export async function changeCampaignStatus(
  db: Db,
  actor: Actor,
  scope: Scope,
  id: string,
  action: CampaignAction,
  reason: string | null,
  now = new Date(),
): Promise<Campaign> {
  return inTransaction(db, async (tx) => {
    const current = await campaignInScope(tx, scope, id, true);
    const step = TRANSITIONS[action];
    if (!step.from.includes(current.status)) throw refused(current.status, action);
    if (action === 'approve' && (actor.id === current.createdBy || actor.id === current.submittedBy)) throw campaignErrors.ownApproval();
    const decided = action === 'approve' || action === 'reject';
    const [row] = await tx
      .update(campaigns)
      .set({
        status: step.to,
        ...(action === 'submit' ? { submittedBy: actor.id, submittedAt: now } : {}),
        ...(decided ? { decidedBy: actor.id, decidedByName: actor.name, decidedAt: now, decisionReason: reason } : {}),
      })
      .where(eq(campaigns.id, id))
      .returning();
    await notifyChange(tx, 'campaigns', id);
    await recordAudit(tx, actor, { action: `campaign.${action}`, targetType: 'campaign', targetId: id, reason });
    return (await toCampaigns(tx, [row as CampaignRow], now))[0] as Campaign;
  });
}

/** How many members the campaign reaches today and how many coupons its terms allow: shown before approval. */
export async function previewCampaign(
  db: Db,
  scope: Scope,
  id: string,
  now = new Date(),
): Promise<{ eligibleMembers: number; maxCoupons: number | null }> {
  const row = await campaignInScope(db, scope, id);
  return { eligibleMembers: await countEligibleMembers(db, ruleOf(row), shanghaiDay(now)), maxCoupons: maxCoupons(terms(row)) };
}
