// Pure rules of membership: where a worker is placed, who may join, what a member number looks like.
import { checkIdNumber, type IdNumberFacts, type IdNumberProblem } from '../../platform/crypto/validators.js';
import { TRADES, type OrgKind, type Trade } from '#modules/orgs';

/** Trades of new-employment-form work (八大群体 and the rest of DOMAIN.md); 'other' is the classic job. */
export const NEW_FORM_TRADES: readonly Trade[] = TRADES.filter((trade) => trade !== 'other');

export function isNewFormTrade(trade: Trade): boolean {
  return NEW_FORM_TRADES.includes(trade);
}

export const MEMBER_STATUSES = ['active', 'suspended', 'left', 'deceased'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

export const APPLICATION_STATUSES = ['pending', 'held_duplicate', 'approved', 'rejected', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** The youngest age at which one may join: the statutory minimum working age. */
export const MIN_JOIN_AGE = 16;

// ---------------------------------------------------------------------------------------------
// Placement: 行业覆盖、区域兜底, with the worker's own employer's union first.

export type PlacementRule = 'employer_union' | 'industry_federation' | 'township_union' | 'community_union' | 'county_union';

export interface PlacementCandidate {
  id: string;
  name: string;
  kind: OrgKind;
  regionCode: string;
  trades: readonly Trade[];
  uscc: string | null;
  status: 'active' | 'inactive';
}

export interface PlacementInput {
  trade: Trade;
  /** The 9-digit township/street code of the work place. */
  workRegionCode: string;
  employerUscc: string | null;
}

export interface Placement {
  orgId: string;
  orgName: string;
  rule: PlacementRule;
  /** The region code of the area that matched (the federation's area, the street, …): explains the choice. */
  matchedRegionCode: string;
}

/** The region codes that enclose a 9-digit street code, smallest first: 330603001 → 330603001, 330603, 3306, 33. */
export function enclosingRegions(workRegionCode: string): string[] {
  const out = [workRegionCode];
  for (const length of [6, 4, 2]) if (workRegionCode.length > length) out.push(workRegionCode.slice(0, length));
  return out;
}

/**
 * Chooses the union a worker joins, from the active unions whose area encloses the work place (and
 * the employer's own union, wherever it sits):
 * 1. the union of the worker's own employer or platform (by its credit code);
 * 2. the industry federation covering the trade in the smallest enclosing area;
 * 3. the street/township union of the work place, then a community union there, then the district's.
 * Returns null when no union takes the worker (an area the platform does not serve yet).
 */
export function choosePlacement(input: PlacementInput, candidates: readonly PlacementCandidate[]): Placement | null {
  const active = candidates.filter((c) => c.status === 'active');
  const pick = (c: PlacementCandidate, rule: PlacementRule, matchedRegionCode: string): Placement => ({
    orgId: c.id,
    orgName: c.name,
    rule,
    matchedRegionCode,
  });
  if (input.employerUscc) {
    const own = active.find((c) => c.kind === 'grassroots' && c.uscc === input.employerUscc);
    if (own) return pick(own, 'employer_union', own.regionCode);
  }
  const areas = enclosingRegions(input.workRegionCode);
  for (const area of areas) {
    const federation = byName(
      active.filter((c) => c.kind === 'industry_federation' && c.regionCode === area && c.trades.includes(input.trade)),
    );
    if (federation) return pick(federation, 'industry_federation', area);
  }
  const street = input.workRegionCode;
  const township = byName(active.filter((c) => c.kind === 'township' && c.regionCode === street));
  if (township) return pick(township, 'township_union', street);
  const community = byName(active.filter((c) => c.kind === 'community' && c.regionCode === street));
  if (community) return pick(community, 'community_union', street);
  const district = street.slice(0, 6);
  const county = byName(active.filter((c) => c.kind === 'county' && c.regionCode === district));
  if (county) return pick(county, 'county_union', district);
  return null;
}

// Two unions of one kind covering one area should not exist; if they do, the choice is still stable.
function byName(list: PlacementCandidate[]): PlacementCandidate | undefined {
  return [...list].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id.localeCompare(b.id))[0];
}

// ---------------------------------------------------------------------------------------------
// Who may join.

export type ApplicantProblem = { field: 'idNumber'; code: `id_number_${IdNumberProblem}` | 'under_age' };

/** Age in whole years on `today` (a YYYY-MM-DD birth date, Asia/Shanghai calendar day). */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** Checks a 身份证号 and the age it gives; facts (gender, birth date) are derived from the number itself. */
export function checkApplicantId(
  raw: string,
  today: string,
): { ok: true; idNumber: string; facts: IdNumberFacts } | { ok: false; problem: ApplicantProblem } {
  const checked = checkIdNumber(raw, new Date(`${today}T23:59:59+08:00`));
  if (!checked.ok) return { ok: false, problem: { field: 'idNumber', code: `id_number_${checked.problem}` } };
  if (ageOn(checked.facts.birthDate, today) < MIN_JOIN_AGE) return { ok: false, problem: { field: 'idNumber', code: 'under_age' } };
  return { ok: true, idNumber: checked.value, facts: checked.facts };
}

/**
 * The key of a probable duplicate: the same name and birth date in the same city (4-digit code of the
 * work place). Registry imports are the usual source: one worker entered twice with a typo in the ID.
 */
export function probableDuplicateKey(name: string, birthDate: string, workRegionCode: string): string {
  return `${name.trim()}|${birthDate}|${workRegionCode.slice(0, 4)}`;
}

// ---------------------------------------------------------------------------------------------
// Member numbers.

/**
 * Format (documented in docs/MEMBERS.md): 2-digit province code of the union first joined, then an
 * 11-digit sequence, then one ISO 7064 MOD 11-2 check character (0–9 or X), 14 characters in all:
 * 33 00000000042 7. The number stays with the member for life, across transfers.
 */
export function formatMemberNo(provinceCode: string, sequence: number): string {
  if (!/^\d{2}$/.test(provinceCode)) throw new Error(`bad province code ${provinceCode}`);
  if (!Number.isSafeInteger(sequence) || sequence < 1 || sequence > 99_999_999_999) {
    throw new Error(`member sequence out of range ${sequence}`);
  }
  const body = `${provinceCode}${String(sequence).padStart(11, '0')}`;
  return `${body}${mod11_2(body)}`;
}

export function isValidMemberNo(value: string): boolean {
  return /^\d{13}[\dX]$/.test(value) && mod11_2(value.slice(0, 13)) === value[13];
}

function mod11_2(digits: string): string {
  let sum = 0;
  for (const ch of digits) sum = ((sum + Number(ch)) * 2) % 11;
  const check = (12 - sum) % 11;
  return check === 10 ? 'X' : String(check);
}

// ---------------------------------------------------------------------------------------------
// Status changes: records are never deleted; a member only moves between statuses.

export type StatusAction = 'suspend' | 'reinstate' | 'leave' | 'record_death';

const TRANSITIONS: Record<StatusAction, { from: readonly MemberStatus[]; to: MemberStatus }> = {
  suspend: { from: ['active'], to: 'suspended' },
  reinstate: { from: ['suspended', 'left'], to: 'active' },
  leave: { from: ['active', 'suspended'], to: 'left' },
  record_death: { from: ['active', 'suspended', 'left'], to: 'deceased' },
};

export function nextStatus(current: MemberStatus, action: StatusAction): MemberStatus | null {
  const t = TRANSITIONS[action];
  return t.from.includes(current) ? t.to : null;
}

/** Members who left (or died) more than `years` ago have their personal fields purged. */
export function retentionCutoff(now: Date, years: number): Date {
  const cutoff = new Date(now);
  cutoff.setUTCFullYear(cutoff.getUTCFullYear() - years);
  return cutoff;
}

// ---------------------------------------------------------------------------------------------
// Review timing.

/** When an application's review is due: `slaHours` after submission. */
export function reviewDueAt(submittedAt: Date, slaHours: number): Date {
  return new Date(submittedAt.getTime() + slaHours * 3_600_000);
}

/** Whether an overdue application needs another reminder: one at the deadline, then one a day. */
export function needsReminder(now: Date, dueAt: Date, lastRemindedAt: Date | null): boolean {
  if (now < dueAt) return false;
  return !lastRemindedAt || now.getTime() - lastRemindedAt.getTime() >= 24 * 3_600_000;
}

// ---------------------------------------------------------------------------------------------
// Employers with their own union.

const UNION_SUFFIXES = ['工会委员会', '工会联合会', '联合工会', '工会'];

/**
 * The employer a grassroots union belongs to, read from the union's name (饿了么柯桥配送站工会 →
 * 饿了么柯桥配送站): the join form's employer field wants the employer, the roll knows only the union.
 * A name without a union suffix is returned as it is.
 */
export function employerNameOfUnion(unionName: string): string {
  const name = unionName.trim();
  const suffix = UNION_SUFFIXES.find((s) => name.endsWith(s) && name.length > s.length);
  return suffix ? name.slice(0, -suffix.length) : name;
}
