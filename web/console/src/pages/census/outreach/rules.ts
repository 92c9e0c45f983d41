// Pure rules of the outreach list (发展名单), mirrored from src/modules/census so the console offers
// only what the server accepts (the server re-checks every request): the filter read from the
// address, who an invitation will reach, who stays on the list after a change, whom people may be
// assigned to, and what a staff member's census role lets them do.
import { countText, NONE, shareOf } from '../rules.ts';
import { i18n } from '../../../../../shared/i18n/index.ts';
import { TRADES, type Trade } from '../../../../../shared/trades.ts';
import { roleAtLeast, type Role } from '../../../access.ts';
import {
  ASSIGNED_FILTERS,
  COVERAGES,
  OUTREACH_STATUSES,
  SKIP_REASONS,
  type AssignedFilter,
  type Coverage,
  type InvitationResult,
  type OutreachFilter,
  type OutreachStatus,
  type Person,
  type SkippedPerson,
  type SkipReason,
  type StaffOption,
} from './api.ts';

/** A rate of 0..1 (or more: a target passed) as a percentage with one decimal: 0.1234 → "12.3%"; '—' for null. */
export function percentText(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return NONE;
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/**
 * A work place as the staff member reads it: the names below their own area (`area`, '' for the
 * whole country) — 柯桥街道 rather than 浙江省绍兴市柯桥区柯桥街道 for 柯桥区's staff; the area's own
 * name for a person placed no finer than it.
 */
export function regionBelow(path: readonly { code: string; name: string }[], area: string): string | null {
  const below = path.filter((r) => r.code.length > area.length && r.code.startsWith(area));
  if (below.length > 0) return below.map((r) => r.name).join(' ');
  return path.at(-1)?.name ?? null;
}

/** The calendar year in Asia/Shanghai, where the unions count their years. */
export function shanghaiYear(now: Date): number {
  return Number(new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now));
}

const oneOf = <T extends string>(values: readonly T[], value: string | null): T | undefined =>
  value !== null && (values as readonly string[]).includes(value) ? (value as T) : undefined;

const REGION = /^(\d{2}|\d{4}|\d{6}|\d{9})$/;

/** The list's filter from the address (?region=&trade=&coverage=&outreach=&assigned=); anything unknown is dropped. */
export function readFilter(params: URLSearchParams): OutreachFilter {
  const region = params.get('region');
  return {
    region: region && REGION.test(region) ? region : undefined,
    trade: oneOf<Trade>(TRADES, params.get('trade')),
    coverage: oneOf<Coverage>(COVERAGES, params.get('coverage')) ?? 'not_members',
    outreach: oneOf<OutreachStatus>(OUTREACH_STATUSES, params.get('outreach')),
    assigned: oneOf<AssignedFilter>(ASSIGNED_FILTERS, params.get('assigned')) ?? 'all',
  };
}

/** The filter as the address writes it: defaults left out, so the plain list has a plain address. */
export function filterParams(filter: OutreachFilter): Record<string, string> {
  const out: Record<string, string> = {};
  if (filter.region) out.region = filter.region;
  if (filter.trade) out.trade = filter.trade;
  if (filter.coverage !== 'not_members') out.coverage = filter.coverage;
  if (filter.outreach) out.outreach = filter.outreach;
  if (filter.assigned !== 'all') out.assigned = filter.assigned;
  return out;
}

/**
 * Who of the chosen people an invitation can reach, as far as the list tells: members and people
 * without a mobile are skipped by the server (and those invited within 7 days, which only it knows).
 */
export function invitationPreview(people: readonly Pick<Person, 'isMember' | 'phoneMasked'>[]): {
  reachable: number;
  member: number;
  noPhone: number;
} {
  let member = 0;
  let noPhone = 0;
  for (const p of people) {
    if (p.isMember) member += 1;
    else if (p.phoneMasked === null) noPhone += 1;
  }
  return { reachable: people.length - member - noPhone, member, noPhone };
}

/** The server's answer to a sending, as one sentence: 已发送 n 条；跳过：已是会员 a、无手机号 b、7 天内已邀请 c. */
export function invitationSummary(result: Pick<InvitationResult, 'sent' | 'skipped'>): string {
  const { member, noPhone, recent } = result.skipped;
  const sent = i18n.t('consoleCensusOutreach.invite.sent', { n: countText(result.sent) });
  if (member + noPhone + recent === 0) return sent;
  return i18n.t('consoleCensusOutreach.invite.sentSkipped', {
    sent,
    member: countText(member),
    noPhone: countText(noPhone),
    recent: countText(recent),
  });
}

/** The name a sending starts from: 2026年入会集中行动, or 2026年快递员入会集中行动 when one trade is shown. */
export function defaultCampaign(year: number, trade: Trade | undefined): string {
  return trade
    ? i18n.t('consoleCensusOutreach.invite.defaultCampaignTrade', { year, trade: i18n.t(`enums.trade.${trade}`) })
    : i18n.t('consoleCensusOutreach.invite.defaultCampaign', { year });
}

/** A campaign name the server takes: 2–60 characters once trimmed (counted as zod counts them). */
export function isCampaignName(name: string): boolean {
  const { length } = name.trim();
  return length >= 2 && length <= 60;
}

/** Whether a person still belongs on a list of `coverage` after a change (a confirmed match leaves 未入会). */
export function stillListed(person: Pick<Person, 'isMember' | 'match'>, coverage: Coverage): boolean {
  switch (coverage) {
    case 'not_members':
      return !person.isMember;
    case 'members':
      return person.isMember;
    case 'probable':
      return person.match === 'probable';
    case 'all':
      return true;
  }
}

/**
 * The staff people can be assigned to, as the picker lists them (the server offers only active
 * accounts with the census role): the operators and above first (they can record contacts), then by name.
 */
export function assignableStaff(items: readonly StaffOption[]): StaffOption[] {
  const rank = (s: StaffOption) => (roleAtLeast(s.role, 'operator') ? 0 : 1);
  return [...items].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, 'zh-CN'));
}

/** The list's size for its header: 共 1,234 人, or 10,000+ 人 when the server stopped counting; '' before it answers. */
export function totalText(page: { total: number; totalCapped: boolean } | null): string {
  if (!page) return '';
  return page.totalCapped
    ? i18n.t('consoleCensusOutreach.outreach.totalCapped', { n: countText(page.total) })
    : i18n.t('consoleCensusOutreach.outreach.total', { n: countText(page.total) });
}

/** The first `shown` masked names, 张*、王*, and 等 n 人 when there are more. */
export function namesText(people: readonly { maskedName: string }[], shown = 10): string {
  const names = people
    .slice(0, shown)
    .map((p) => p.maskedName)
    .join('、');
  return people.length > shown ? i18n.t('consoleCensusOutreach.invite.andMore', { names, n: countText(people.length) }) : names;
}

/** The people an invitation skipped, grouped by the server's reason, in its order of reasons; reasons nobody fell under left out. */
export function skippedByReason(skipped: readonly SkippedPerson[]): { reason: SkipReason; people: SkippedPerson[] }[] {
  return SKIP_REASONS.map((reason) => ({ reason, people: skipped.filter((p) => p.reason === reason) })).filter((g) => g.people.length > 0);
}

/** What the census role allows on these tabs (the server checks the same roles on every route). */
export interface CensusAbilities {
  /** Record contacts, assign people, send invitations (operator). */
  canEdit: boolean;
  /** Confirm or reject a probable match (reviewer). */
  canReview: boolean;
  /** Set yearly targets (admin). */
  canAdmin: boolean;
}

export function censusAbilities(role: Role | undefined): CensusAbilities {
  return {
    canEdit: roleAtLeast(role, 'operator'),
    canReview: roleAtLeast(role, 'reviewer'),
    canAdmin: roleAtLeast(role, 'admin'),
  };
}

/** The colour of an outreach status's tag. */
export function outreachColor(status: OutreachStatus): string {
  switch (status) {
    case 'new':
      return 'default';
    case 'contacted':
      return 'processing';
    case 'joined':
      return 'success';
    case 'refused':
      return 'error';
    case 'unreachable':
      return 'warning';
  }
}

/** Whether a person still belongs on a list of `assigned` people after being assigned (or not) — 'me' is `meId`. */
export function matchesAssigned(person: Pick<Person, 'assignedStaffId'>, assigned: AssignedFilter, meId: string): boolean {
  switch (assigned) {
    case 'all':
      return true;
    case 'me':
      return person.assignedStaffId === meId;
    case 'none':
      return person.assignedStaffId === null;
  }
}

export { countText, NONE, shareOf };
