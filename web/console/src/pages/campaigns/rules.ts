// Pure rules of the campaigns pages: money as staff type it (yuan) and as the API takes it (fen),
// the terms in one sentence, and which actions a campaign's status and the staff's roles allow. The
// server re-checks every one of them.
import { i18n } from '../../../../shared/i18n/index.ts';
import type { Trade } from '../../../../shared/trades.ts';
import type { Campaign, CampaignAction, CampaignBody, CampaignStatus, ClaimFlag, SettlementLine } from './api.ts';

/** The six trades of Guangdong's 智送清凉 (2022): the form offers them as one click. */
export const SUMMER_TRADES = [
  'courier',
  'food_delivery',
  'truck_driver',
  'ride_hailing',
  'sanitation',
  'construction',
] as const satisfies readonly Trade[];

const YUAN = /^(\d{1,12})(?:\.(\d{1,2}))?$/;

/**
 * Yuan as typed ("2.99", "3", "3.5") to integer fen, exactly: the text is split at the point rather
 * than multiplied, so "0.29" is 29 fen and never 28.999…; null when it is not an amount of ASCII
 * digits with at most two decimals.
 */
export function yuanToFen(text: string): number | null {
  const match = YUAN.exec(text.trim());
  if (!match) return null;
  const [, whole = '0', cents = ''] = match;
  const fen = Number(whole) * 100 + Number(cents.padEnd(2, '0'));
  return Number.isSafeInteger(fen) ? fen : null;
}

/** Fen as yuan without trailing zeros, as people write prices: 299 → "2.99", 300 → "3", 290 → "2.9". */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const cents = String(abs % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return `${sign}${Math.floor(abs / 100)}${cents ? `.${cents}` : ''}`;
}

/** A count as it is said: 50000 → "5万", 15000 → "1.5万", 10000000 → "1000万", 1234 → "1234". */
export function countInWords(n: number): string {
  if (n >= 10_000 && n % 100 === 0) return i18n.t('consoleCampaigns.terms.wan', { n: fenToYuan(n / 100) });
  return String(n);
}

type Terms = Pick<
  Campaign,
  'thresholdFen' | 'discountFen' | 'dailyQuota' | 'perMemberPeriod' | 'perMemberLimit' | 'releaseTime' | 'budgetFen'
>;

/**
 * The terms in one sentence, the way the union announces them:
 * "满3元减2.99元，每天限领1张，每天10:00发放5万张" (and the budget cap when there is one).
 */
export function termsSentence(c: Terms): string {
  const t = i18n.t.bind(i18n);
  const parts = [
    c.thresholdFen > 0
      ? t('consoleCampaigns.terms.coupon', { threshold: fenToYuan(c.thresholdFen), discount: fenToYuan(c.discountFen) })
      : t('consoleCampaigns.terms.couponNoThreshold', { discount: fenToYuan(c.discountFen) }),
    c.perMemberPeriod === 'day'
      ? t('consoleCampaigns.terms.limitDay', { n: c.perMemberLimit })
      : t('consoleCampaigns.terms.limitCampaign', { n: c.perMemberLimit }),
    c.dailyQuota === null
      ? t('consoleCampaigns.terms.releaseUnlimited', { time: c.releaseTime })
      : t('consoleCampaigns.terms.release', { time: c.releaseTime, count: countInWords(c.dailyQuota) }),
  ];
  if (c.budgetFen !== null) parts.push(t('consoleCampaigns.terms.budget', { amount: yuanInWords(c.budgetFen) }));
  return parts.join(t('consoleCampaigns.terms.separator'));
}

/** An amount of fen in words for large sums: 1_000_000_000 → "1000万元", 12_345 → "123.45元". */
export function yuanInWords(fen: number): string {
  if (fen >= 1_000_000 && fen % 10_000 === 0) return i18n.t('consoleCampaigns.terms.yuan', { amount: countInWords(fen / 100) });
  return i18n.t('consoleCampaigns.terms.yuan', { amount: fenToYuan(fen) });
}

/** What the signed-in staff member may do to campaigns, from their campaigns role (see access.ts). */
export interface CampaignRights {
  canEdit: boolean;
  canReview: boolean;
}

export interface OfferedAction {
  action: CampaignAction;
  /** Shown but refused, with the reason in words (the four-eyes rule: nobody approves their own campaign). */
  disabledReason: string | null;
}

// Which status each action starts from and who may take it (src/modules/campaigns/service/campaigns.ts).
const ACTIONS: Record<CampaignAction, { from: readonly CampaignStatus[]; reviewer: boolean }> = {
  submit: { from: ['draft'], reviewer: false },
  approve: { from: ['pending'], reviewer: true },
  reject: { from: ['pending'], reviewer: true },
  pause: { from: ['approved'], reviewer: false },
  resume: { from: ['paused'], reviewer: false },
  end: { from: ['approved', 'paused'], reviewer: true },
};

/** The actions the campaign's status allows and the staff member's role grants, in the order the page shows them. */
export function offeredActions(
  c: Pick<Campaign, 'status' | 'createdBy' | 'submittedBy'>,
  rights: CampaignRights,
  staffId: string,
): OfferedAction[] {
  const out: OfferedAction[] = [];
  for (const [action, spec] of Object.entries(ACTIONS) as [CampaignAction, (typeof ACTIONS)[CampaignAction]][]) {
    if (!spec.from.includes(c.status)) continue;
    if (spec.reviewer ? !rights.canReview : !rights.canEdit) continue;
    const own = action === 'approve' && (c.createdBy === staffId || c.submittedBy === staffId);
    out.push({ action, disabledReason: own ? i18n.t('consoleCampaigns.detail.ownApproval') : null });
  }
  return out;
}

/** Whether an action needs a reason (the server refuses reject, pause and end without one). */
export function actionNeedsReason(action: CampaignAction): boolean {
  return action === 'reject' || action === 'pause' || action === 'end';
}

/** The campaign form's values: money in yuan as typed, dates as 'YYYY-MM-DD'. */
export interface CampaignFormValues {
  orgId?: string;
  name?: string;
  description?: string;
  trades?: CampaignBody['trades'];
  newFormOnly?: boolean;
  joinedOnOrAfter?: string | null;
  joinedOnOrBefore?: string | null;
  regionCodes?: string[];
  unionIds?: string[];
  thresholdYuan?: string;
  discountYuan?: string;
  dailyQuota?: number | null;
  perMemberPeriod?: 'day' | 'campaign';
  perMemberLimit?: number;
  releaseTime?: string;
  startsOn?: string;
  endsOn?: string;
  budgetYuan?: string;
  validDays?: number;
  requireSmsCode?: boolean;
}

/** A new campaign's form: 智送清凉's terms, the commonest shape, to change from. */
export const NEW_CAMPAIGN_DEFAULTS: CampaignFormValues = {
  trades: [],
  newFormOnly: false,
  regionCodes: [],
  unionIds: [],
  thresholdYuan: '3',
  discountYuan: '2.99',
  dailyQuota: 50_000,
  perMemberPeriod: 'day',
  perMemberLimit: 1,
  releaseTime: '10:00',
  validDays: 7,
  requireSmsCode: false,
};

/** The API's body from the form (whose rules have already refused amounts that are not yuan). */
export function toCampaignBody(v: CampaignFormValues): CampaignBody {
  const budget = v.budgetYuan?.trim() ? yuanToFen(v.budgetYuan) : null;
  return {
    orgId: v.orgId ?? '',
    name: v.name?.trim() ?? '',
    description: v.description?.trim() ?? '',
    trades: v.trades?.length ? v.trades : null,
    newFormOnly: v.newFormOnly ?? false,
    joinedOnOrAfter: v.joinedOnOrAfter ?? null,
    joinedOnOrBefore: v.joinedOnOrBefore ?? null,
    regionCodes: v.regionCodes?.length ? v.regionCodes : null,
    unionIds: v.unionIds?.length ? v.unionIds : null,
    thresholdFen: yuanToFen(v.thresholdYuan ?? '') ?? 0,
    discountFen: yuanToFen(v.discountYuan ?? '') ?? 0,
    dailyQuota: v.dailyQuota ?? null,
    perMemberPeriod: v.perMemberPeriod ?? 'day',
    perMemberLimit: v.perMemberLimit ?? 1,
    releaseTime: v.releaseTime?.trim() ?? '',
    startsOn: v.startsOn ?? '',
    endsOn: v.endsOn ?? '',
    budgetFen: budget,
    validDays: v.validDays ?? 1,
    requireSmsCode: v.requireSmsCode ?? false,
  };
}

/** The form's values from a stored draft. */
export function toFormValues(c: Campaign): CampaignFormValues {
  return {
    orgId: c.orgId,
    name: c.name,
    description: c.description,
    trades: c.rule.trades ? [...c.rule.trades] : [],
    newFormOnly: c.rule.newFormOnly ?? false,
    joinedOnOrAfter: c.rule.joinedOnOrAfter ?? null,
    joinedOnOrBefore: c.rule.joinedOnOrBefore ?? null,
    regionCodes: c.rule.regionCodes ? [...c.rule.regionCodes] : [],
    unionIds: [...c.unionIds],
    thresholdYuan: fenToYuan(c.thresholdFen),
    discountYuan: fenToYuan(c.discountFen),
    dailyQuota: c.dailyQuota,
    perMemberPeriod: c.perMemberPeriod,
    perMemberLimit: c.perMemberLimit,
    releaseTime: c.releaseTime,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    budgetYuan: c.budgetFen === null ? '' : fenToYuan(c.budgetFen),
    validDays: c.validDays,
    requireSmsCode: c.requireSmsCode,
  };
}

// The API names money in fen; the form in yuan. A problem the server reports on `thresholdFen`
// belongs under the 门槛 box, and one on `endsOn` under the date range.
const FORM_FIELD: Record<string, keyof CampaignFormValues | 'dates'> = {
  thresholdFen: 'thresholdYuan',
  discountFen: 'discountYuan',
  budgetFen: 'budgetYuan',
  startsOn: 'dates',
  endsOn: 'dates',
};

/** The form field a problem of the API's errors[] belongs to ('body.discountFen' → 'discountYuan'). */
export function formFieldOf(apiField: string | undefined): string | null {
  if (!apiField) return null;
  const name = apiField.replace(/^(body|query|params)\./, '').split('.')[0] ?? '';
  if (!name) return null;
  return FORM_FIELD[name] ?? name;
}

export interface SettlementTotals {
  redeemed: number;
  orderAmountFen: number;
  discountFen: number;
}

/** The settlement's totals row: what the union pays the merchants over the range. */
export function settlementTotals(lines: readonly SettlementLine[]): SettlementTotals {
  return lines.reduce<SettlementTotals>(
    (sum, line) => ({
      redeemed: sum.redeemed + line.redeemed,
      orderAmountFen: sum.orderAmountFen + line.orderAmountFen,
      discountFen: sum.discountFen + line.discountFen,
    }),
    { redeemed: 0, orderAmountFen: 0, discountFen: 0 },
  );
}

/** A rate of 0..1 as a percentage with at most one decimal: 0.4567 → "45.7%". */
export function percentText(rate: number): string {
  const value = Math.round(rate * 1000) / 10;
  return `${Number.isFinite(value) ? value : 0}%`;
}

/** A round upper bound for a chart's axis: 0 → 1, 7 → 8, 37 → 40, 12_345 → 15_000. */
export function niceCeiling(max: number): number {
  if (max <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  const step = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((s) => s * magnitude >= max - 1e-9) ?? 10;
  return Math.round(step * magnitude * 1e6) / 1e6;
}

/** What the flag saw, in words: "2026-07-01 同一设备有 5 个账号领券". */
export function flagDetailText(flag: Pick<ClaimFlag, 'kind' | 'details'>): string {
  const d = flag.details;
  if (flag.kind === 'shared_device') {
    return i18n.t('consoleCampaigns.flags.detailSharedDevice', { day: String(d.day ?? ''), accounts: Number(d.accounts ?? 0) });
  }
  if (flag.kind === 'always_first') {
    const days = Array.isArray(d.days) ? d.days.map(String) : [];
    return i18n.t('consoleCampaigns.flags.detailAlwaysFirst', { days: days.length, ms: Number(d.withinMs ?? 0), list: days.join('、') });
  }
  return typeof d.note === 'string' ? d.note : '';
}

/** The gridlines of an axis from 0 to `top`, on whole numbers when `top` allows it: 15 → 0,3,6,9,12,15. */
export function axisTicks(top: number): number[] {
  const parts = [4, 5, 3, 2].find((n) => Number.isInteger(top / n)) ?? 4;
  return Array.from({ length: parts + 1 }, (_, i) => (top * i) / parts);
}
