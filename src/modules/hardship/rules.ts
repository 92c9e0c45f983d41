// The rules of hardship files (困难职工帮扶 建档立卡): what a household is, which category of hardship it
// falls in and why, when a file is reviewed, how much aid an item allows, weekly contact and call-backs
// (冀北), file numbers, and the ranking of the 专项劳动竞赛 (安徽). Pure: no I/O, no clock — the caller
// passes `today` ('YYYY-MM-DD', Asia/Shanghai). Money is integer fen.
import { createHash } from 'node:crypto';
import { formatYuan } from '../../platform/text/money.js';
import type { FieldProblem } from '../../platform/errors/app-error.js';
import { t } from '../../platform/i18n/i18n.js';

/** Why a household is in hardship: the causes unions file under (沈阳's list, 全总's categories). */
export const HARDSHIP_CAUSES = [
  'illness', // 因病
  'disability', // 因残
  'disaster', // 因灾
  'schooling', // 子女就学
  'employer_closure', // 企业关停并转
  'work_injury_or_death', // 工伤病亡
  'accident', // 突发意外
] as const;
export type HardshipCause = (typeof HARDSHIP_CAUSES)[number];

/** The causes that strike at once: they can make a household 意外致困 while its income still looks ordinary. */
export const SUDDEN_CAUSES: readonly HardshipCause[] = ['disaster', 'accident', 'work_injury_or_death'];

export const HARDSHIP_CATEGORIES = ['deep', 'relative', 'sudden'] as const;
export type HardshipCategory = (typeof HARDSHIP_CATEGORIES)[number];

export const RELATIONS = ['self', 'spouse', 'child', 'parent', 'sibling', 'grandparent', 'grandchild', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];

export const HEALTH = ['healthy', 'chronic_illness', 'serious_illness', 'disabled', 'unable_to_work'] as const;
export type Health = (typeof HEALTH)[number];

/** Where a member is at school; `not_applicable` is an adult out of school, `none` a child not at school. */
export const SCHOOLING = [
  'none',
  'preschool',
  'primary',
  'junior_secondary',
  'senior_secondary',
  'vocational',
  'college',
  'not_applicable',
] as const;
export type Schooling = (typeof SCHOOLING)[number];

// Relation, health and schooling are enums checked by the route's zod schema; the rules here check the
// figures, which a schema cannot tell add up.
export interface HouseholdMember {
  relation: Relation;
  age: number;
  health: Health;
  schooling: Schooling;
  monthlyIncomeFen: number;
}

export interface HouseholdInput {
  members: readonly HouseholdMember[];
  declaredSize: number;
  declaredMonthlyIncomeFen: number;
}

/** One step of an explanation or a refusal: a message key and what fills its placeholders. */
export interface ExplanationStep {
  key: string;
  params: Record<string, string | number>;
}

function problem(field: string, code: string, params: Record<string, unknown> = {}): FieldProblem {
  return { field, code: `hardship.${code}`, message: t(`problems.hardship.${code}`, params) };
}

const isFen = (value: number) => Number.isInteger(value) && value >= 0;

// ---------------------------------------------------------------------------------------------
// ---------------------------------------------------------------------------------------------
// Days. 'YYYY-MM-DD' strings compare as dates; arithmetic goes through UTC midnight, which has no
// summer time, so a day is always 86,400,000 ms.

const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a string is a real calendar day 'YYYY-MM-DD' (no 2026-02-30). */
export function isDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === value;
}

/** Whole days from one day to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The Monday of a day's week: the weekly call-back draw and review list are kept per week. */
export function weekStart(day: string): string {
  const at = Date.parse(`${day}T00:00:00Z`);
  const weekday = (new Date(at).getUTCDay() + 6) % 7;
  return new Date(at - weekday * DAY_MS).toISOString().slice(0, 10);
}

/**
 * A day some calendar months later (or earlier, for a negative count). A date the target month lacks
 * becomes its last day — 2026-01-31 + 3 months is 2026-04-30 — because a review is due within the
 * month, never spilled into the next one.
 */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** The calendar year a day falls in: aid limits "per year" count Asia/Shanghai calendar years. */
export function shanghaiYear(day: string): number {
  return Number(day.slice(0, 4));
}

// ---------------------------------------------------------------------------------------------
// The household (家庭成员与收入).

/**
 * What does not add up in a household as entered: not exactly one member who is the worker (`self`),
 * more than one spouse, an age that is not a whole number of years 0–120, an income that is not a
 * whole non-negative number of fen, a declared size other than the members listed, and a declared
 * monthly income other than the members' incomes added up. A child of school age (6–15) not at school
 * is allowed: it happens in hardship households, and is what aid is for. Empty when it adds up.
 */
export function checkHousehold(input: HouseholdInput): FieldProblem[] {
  const problems: FieldProblem[] = [];
  let selves = 0;
  let spouses = 0;
  input.members.forEach((member, i) => {
    if (member.relation === 'self' && ++selves > 1) problems.push(problem(`members.${i}.relation`, 'self_twice'));
    if (member.relation === 'spouse' && ++spouses > 1) problems.push(problem(`members.${i}.relation`, 'spouse_twice'));
    if (!Number.isInteger(member.age) || member.age < 0 || member.age > 120) {
      problems.push(problem(`members.${i}.age`, 'age_invalid', { age: member.age }));
    }
    if (!isFen(member.monthlyIncomeFen)) problems.push(problem(`members.${i}.monthlyIncomeFen`, 'income_invalid'));
  });
  if (selves === 0) problems.push(problem('members', 'self_missing'));
  if (input.declaredSize !== input.members.length) {
    problems.push(problem('declaredSize', 'size_mismatch', { declared: input.declaredSize, listed: input.members.length }));
  }
  if (!isFen(input.declaredMonthlyIncomeFen)) {
    problems.push(problem('declaredMonthlyIncomeFen', 'declared_income_invalid'));
  } else if (input.members.every((m) => isFen(m.monthlyIncomeFen))) {
    // Only a sum of valid incomes can be compared; a bad income is reported on its own line above.
    const summed = householdIncomeFen(input.members);
    if (summed !== input.declaredMonthlyIncomeFen) {
      problems.push(
        problem('declaredMonthlyIncomeFen', 'income_mismatch', {
          declared: formatYuan(input.declaredMonthlyIncomeFen),
          summed: formatYuan(summed),
        }),
      );
    }
  }
  return problems;
}

/** The household's monthly income: every member's income added up. */
export function householdIncomeFen(members: readonly HouseholdMember[]): number {
  return members.reduce((sum, m) => sum + m.monthlyIncomeFen, 0);
}

/**
 * Monthly income per person, rounded down to the fen. The remainder is less than one fen per person
 * and rounding it down never lifts a household over a line it is exactly on: a household is never
 * refused for a fraction of a fen.
 */
export function perCapitaMonthlyFen(totalFen: number, size: number): number {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`a household has at least one member, not ${size}`);
  return Math.floor(totalFen / size);
}

// ---------------------------------------------------------------------------------------------
// Classification (困难类别认定).

/** Each union sets its own lines; the 低保 standard is the local one, which differs city by city. */
export interface Threshold {
  /** The local 低保 standard (最低生活保障标准) per person per month, in fen. */
  minimumLivingFen: number;
  /** The relative-hardship line as a multiple of the 低保 standard (1.5 = 1.5 ×); at most three decimals. */
  relativeMultiple: number;
  /** A sudden event's unreimbursed costs count as a burden from this many months of household income. */
  suddenBurdenMonths: number;
}

export const DEFAULT_THRESHOLD_MULTIPLES = { relativeMultiple: 1.5, suddenBurdenMonths: 6 } as const;

/** A sudden cause counts for this many months after it struck. */
export const SUDDEN_WINDOW_MONTHS = 12;

/** What is wrong with a union's lines as it sets them; empty when they are right. */
export function checkThreshold(threshold: Threshold): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!Number.isInteger(threshold.minimumLivingFen) || threshold.minimumLivingFen <= 0) {
    problems.push(problem('minimumLivingFen', 'minimum_living_invalid'));
  }
  const m = threshold.relativeMultiple;
  // Three decimals at most: the line is computed in thousandths so that 1.15 × 1,000 yuan is exactly 1,150 yuan.
  if (!Number.isFinite(m) || m < 1 || m > 5 || Math.abs(Math.round(m * 1000) - m * 1000) > 1e-6) {
    problems.push(problem('relativeMultiple', 'relative_multiple_invalid', { multiple: m }));
  }
  const months = threshold.suddenBurdenMonths;
  if (!Number.isInteger(months) || months < 1 || months > 60) problems.push(problem('suddenBurdenMonths', 'burden_months_invalid'));
  return problems;
}

/**
 * The relative-hardship line: the 低保 standard times the multiple, rounded down to the fen. The
 * multiple is taken in thousandths, so floating point cannot turn 1.15 × 100,000 fen into 114,999.
 */
export function relativeLineFen(threshold: Threshold): number {
  return Math.floor((threshold.minimumLivingFen * Math.round(threshold.relativeMultiple * 1000)) / 1000);
}

/** Working age for "earning": from 16, the legal minimum, to 60, men's retirement age that the 2025 reform raises only by months a year. */
export const WORKING_AGE = { from: 16, until: 60 } as const;

/** The health that, with nobody earning, makes a household deep in hardship below the relative line. */
const CANNOT_PROVIDE: readonly Health[] = ['unable_to_work', 'serious_illness', 'disabled'];

/**
 * Whether a member earns a living: of working age, able to work (healthy or with a chronic illness),
 * and with an income. Since a member's income includes pensions and allowances, an old parent's pension
 * or a disabled member's allowance is income but not earning — the household of 零就业家庭 fame, which
 * lives on them.
 */
export function isEarner(member: HouseholdMember): boolean {
  return (
    member.monthlyIncomeFen > 0 &&
    member.age >= WORKING_AGE.from &&
    member.age < WORKING_AGE.until &&
    (member.health === 'healthy' || member.health === 'chronic_illness')
  );
}

export interface CauseEntry {
  cause: HardshipCause;
  /** The day the cause began (the diagnosis, the disaster, the closure). */
  since: string;
}

/** What is wrong with a household's causes: a day that is not a day or lies ahead, a cause given twice. */
export function checkCauses(causes: readonly CauseEntry[], today: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<HardshipCause>();
  causes.forEach((entry, i) => {
    if (seen.has(entry.cause)) problems.push(problem(`causes.${i}.cause`, 'cause_twice', { cause: t(`hardship.cause.${entry.cause}`) }));
    seen.add(entry.cause);
    if (!isDay(entry.since)) problems.push(problem(`causes.${i}.since`, 'cause_since_invalid', { since: entry.since }));
    else if (entry.since > today) problems.push(problem(`causes.${i}.since`, 'cause_since_future', { since: entry.since }));
  });
  return problems;
}

export interface ClassifyInput {
  perCapitaFen: number;
  causes: readonly CauseEntry[];
  members: readonly HouseholdMember[];
  /** Unreimbursed costs of a sudden event (medical bills after insurance, rebuilding), in fen. */
  oneOffBurdenFen: number;
  today: string;
}

export interface Classification {
  category: HardshipCategory | null;
  perCapitaFen: number;
  lines: { deepFen: number; relativeFen: number };
  /** The steps that decided, in order; each is a message key under hardship.explain.* with its figures. */
  explanation: ExplanationStep[];
}

/**
 * The category a household falls in (困难类别). The rule, as staff apply it:
 *
 * 1. A household with no cause of hardship is not in hardship, whatever its income.
 * 2. 深度困难 (deep): income per person at or below the local 低保 standard; or at or below the
 *    relative line while a member cannot work, is seriously ill or disabled, and nobody earns
 *    (see `isEarner`: pensions and allowances are not earning).
 * 3. 意外致困 (sudden): a disaster, an accident, or a work injury or death that struck within the last
 *    12 months (the day 12 months ago included), and either income per person at or below the relative
 *    line, or unreimbursed costs of the event of at least `suddenBurdenMonths` months of the household's
 *    income. Deep is checked first and wins.
 * 4. 相对困难 (relative): income per person at or below the relative line — the 低保 standard times
 *    `relativeMultiple`, rounded down to the fen.
 * 5. Otherwise not in hardship: above the relative line.
 *
 * "At or below" throughout: a household exactly on a line is inside it. Staff may override the result
 * with a reason; that is recorded by the service, not decided here.
 */
export function classifyHousehold(input: ClassifyInput, threshold: Threshold): Classification {
  const deepFen = threshold.minimumLivingFen;
  const relativeFen = relativeLineFen(threshold);
  const perCapita = input.perCapitaFen;
  const explanation: ExplanationStep[] = [];
  const decide = (category: HardshipCategory | null): Classification => ({
    category,
    perCapitaFen: perCapita,
    lines: { deepFen, relativeFen },
    explanation,
  });
  const step = (key: string, params: Record<string, string | number> = {}) => explanation.push({ key: `hardship.explain.${key}`, params });

  if (input.causes.length === 0) {
    step('no_cause');
    return decide(null);
  }
  const figures = { perCapita: formatYuan(perCapita), deepLine: formatYuan(deepFen), relativeLine: formatYuan(relativeFen) };
  step('figures', { ...figures, multiple: threshold.relativeMultiple });

  if (perCapita <= deepFen) {
    step('deep_below_minimum', figures);
    return decide('deep');
  }
  const vulnerable = input.members.find((m) => CANNOT_PROVIDE.includes(m.health));
  if (perCapita <= relativeFen && vulnerable && !input.members.some(isEarner)) {
    step('deep_no_earner', {
      ...figures,
      relation: t(`hardship.relation.${vulnerable.relation}`),
      health: t(`hardship.health.${vulnerable.health}`),
    });
    return decide('deep');
  }

  const sudden = input.causes.filter((c) => SUDDEN_CAUSES.includes(c.cause)).sort((a, b) => b.since.localeCompare(a.since));
  const windowStart = addMonths(input.today, -SUDDEN_WINDOW_MONTHS);
  // The latest sudden cause is the one an explanation names: it is the one the review follows.
  const recent = sudden.find((c) => c.since >= windowStart && c.since <= input.today);
  if (recent) {
    const event = { cause: t(`hardship.cause.${recent.cause}`), since: recent.since };
    const incomeFen = householdIncomeFen(input.members);
    const barFen = threshold.suddenBurdenMonths * incomeFen;
    const burden = {
      ...event,
      burden: formatYuan(input.oneOffBurdenFen),
      months: threshold.suddenBurdenMonths,
      income: formatYuan(incomeFen),
      bar: formatYuan(barFen),
    };
    const byLine = perCapita <= relativeFen;
    const byBurden = input.oneOffBurdenFen >= barFen;
    if (byLine) step('sudden_below_relative', { ...event, ...figures });
    if (byBurden) step('sudden_burden', burden);
    if (byLine || byBurden) return decide('sudden');
    step('sudden_burden_short', burden);
  } else if (sudden[0]) {
    step('sudden_cause_old', { cause: t(`hardship.cause.${sudden[0].cause}`), since: sudden[0].since, months: SUDDEN_WINDOW_MONTHS });
  }

  if (perCapita <= relativeFen) {
    step('relative_below_line', figures);
    return decide('relative');
  }
  step('above_relative', figures);
  return decide(null);
}

// ---------------------------------------------------------------------------------------------
// Dynamic management (动态管理): every file is reviewed, and households leave when no longer in hardship.

/** Months to a file's next review: a sudden hardship changes fast, so it is looked at again sooner. */
export const REVIEW_MONTHS: Readonly<Record<HardshipCategory, number>> = { deep: 12, relative: 12, sudden: 3 };

/** The day a file is next due for review, counted from the day it was classified or last reviewed. */
export function reviewDueDay(category: HardshipCategory, fromDay: string): string {
  return addMonths(fromDay, REVIEW_MONTHS[category]);
}

export type ReviewState = 'later' | 'due' | 'overdue';

/** 'due' from `soonDays` before the due day through the due day itself; 'overdue' from the day after. */
export function reviewState(dueDay: string, today: string, soonDays = 30): ReviewState {
  if (today > dueDay) return 'overdue';
  return daysBetween(today, dueDay) <= soonDays ? 'due' : 'later';
}

// ---------------------------------------------------------------------------------------------
// Aid items and their limits (送温暖, 金秋助学, 医疗救助, 生活救助, 送大病补贴, 意外伤害补贴).

export const AID_KINDS = ['winter', 'study', 'medical', 'life', 'serious_illness', 'accident'] as const;
export type AidKind = (typeof AID_KINDS)[number];

export interface AidItemRule {
  code: string;
  kind: AidKind;
  defaultAmountFen: number;
  /** Most a household may receive of this item in a calendar year; null for no limit. */
  maxAmountFenPerYear: number | null;
  maxTimesPerYear: number | null;
  /** A one-off grant (送大病补贴, 意外伤害补贴): once for the whole life of a file. */
  oncePerHousehold: boolean;
}

const yuan = (amount: number) => amount * 100;

/**
 * The items a union starts with; each union may change the sums. The one-off grants are capped at
 * their standard sum too, so that a slip of the keyboard cannot pay 100,000 yuan for a 10,000 one.
 */
export const DEFAULT_AID_ITEMS: readonly AidItemRule[] = [
  {
    code: 'winter_warmth',
    kind: 'winter',
    defaultAmountFen: yuan(1_000),
    maxAmountFenPerYear: yuan(2_000),
    maxTimesPerYear: 1,
    oncePerHousehold: false,
  },
  {
    code: 'golden_autumn_study',
    kind: 'study',
    defaultAmountFen: yuan(2_000),
    maxAmountFenPerYear: yuan(5_000),
    maxTimesPerYear: 1,
    oncePerHousehold: false,
  },
  {
    code: 'medical_aid',
    kind: 'medical',
    defaultAmountFen: yuan(2_000),
    maxAmountFenPerYear: yuan(10_000),
    maxTimesPerYear: null,
    oncePerHousehold: false,
  },
  {
    code: 'life_aid',
    kind: 'life',
    defaultAmountFen: yuan(500),
    maxAmountFenPerYear: yuan(3_000),
    maxTimesPerYear: null,
    oncePerHousehold: false,
  },
  {
    code: 'serious_illness_grant',
    kind: 'serious_illness',
    defaultAmountFen: yuan(10_000),
    maxAmountFenPerYear: yuan(10_000),
    maxTimesPerYear: null,
    oncePerHousehold: true,
  },
  {
    code: 'accident_grant',
    kind: 'accident',
    defaultAmountFen: yuan(5_000),
    maxAmountFenPerYear: yuan(5_000),
    maxTimesPerYear: null,
    oncePerHousehold: true,
  },
];

/** What a household has already received of one item: this calendar year (see `shanghaiYear`) and ever. */
export interface AidHistory {
  yearAmountFen: number;
  yearTimes: number;
  everTimes: number;
}

export type AidRefusal = 'aid_amount_invalid' | 'aid_once_received' | 'aid_times_exceeded' | 'aid_amount_exceeded';

export interface AidProblem {
  code: `hardship.${AidRefusal}`;
  /** The message key, problems.hardship.<refusal>; params `limit`, `used`, `remaining` (yuan strings for sums, counts for times). */
  key: string;
  params: Record<string, string | number>;
}

function aidProblem(refusal: AidRefusal, params: Record<string, string | number> = {}): AidProblem {
  return { code: `hardship.${refusal}`, key: `problems.hardship.${refusal}`, params };
}

/**
 * Whether one more payment of an item is allowed, or why not: a sum that is not a whole positive number
 * of fen; a one-off grant the household has had; the item's times this year used up; or the sum over
 * what is left of this year's limit (the refusal says how much is left). Null when allowed.
 */
export function checkAid(rule: AidItemRule, amountFen: number, history: AidHistory): AidProblem | null {
  if (!Number.isInteger(amountFen) || amountFen <= 0) return aidProblem('aid_amount_invalid');
  if (rule.oncePerHousehold && history.everTimes >= 1) {
    return aidProblem('aid_once_received', { limit: 1, used: history.everTimes, remaining: 0 });
  }
  if (rule.maxTimesPerYear !== null && history.yearTimes >= rule.maxTimesPerYear) {
    return aidProblem('aid_times_exceeded', { limit: rule.maxTimesPerYear, used: history.yearTimes, remaining: 0 });
  }
  if (rule.maxAmountFenPerYear !== null && history.yearAmountFen + amountFen > rule.maxAmountFenPerYear) {
    return aidProblem('aid_amount_exceeded', {
      amount: formatYuan(amountFen),
      limit: formatYuan(rule.maxAmountFenPerYear),
      used: formatYuan(history.yearAmountFen),
      remaining: formatYuan(Math.max(0, rule.maxAmountFenPerYear - history.yearAmountFen)),
    });
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Weekly contact and random call-backs (冀北: 帮扶卡, 周联系, weekly random call-backs).

/** A helper contacts each household at least once a week. */
export const CONTACT_INTERVAL_DAYS = 7;

export type ContactState = 'ok' | 'due' | 'overdue';

/** 'ok' within a week of the last contact; 'due' from a week (or when never contacted); 'overdue' from two weeks. */
export function contactState(lastContactDay: string | null, today: string): ContactState {
  if (lastContactDay === null) return 'due';
  const days = daysBetween(lastContactDay, today);
  if (days < CONTACT_INTERVAL_DAYS) return 'ok';
  return days < 2 * CONTACT_INTERVAL_DAYS ? 'due' : 'overdue';
}

export const DEFAULT_CALLBACK_SHARE = 0.1;

/**
 * The households to call back: ceil(share × n) of them, at least one, chosen by the SHA-256 of the seed
 * and each id. The same seed (say the union's id and the week) picks the same households whoever asks
 * and in whatever order the ids come, so a supervisor can re-draw it and check; helpers cannot predict
 * it without the seed. Returned in the drawn order; an id listed twice counts once.
 */
export function sampleForCallBack(ids: readonly string[], share: number = DEFAULT_CALLBACK_SHARE, seed: string): string[] {
  if (!(share > 0 && share <= 1)) throw new RangeError(`the share of call-backs is in (0, 1], not ${share}`);
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const size = Math.max(1, Math.ceil(share * unique.length));
  const keyed = unique.map((id) => ({ id, key: createHash('sha256').update(seed).update('\u0000').update(id).digest('hex') }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.id < b.id ? -1 : 1));
  return keyed.slice(0, size).map((k) => k.id);
}

// ---------------------------------------------------------------------------------------------
// File numbers: 'KN' (困难) + the 6-digit region code + year + a 6-digit sequence, KN3306032026000123.

const FILE_NUMBER = /^KN(\d{6})(\d{4})(\d{6})$/;

export function fileNumber(regionCode: string, year: number, seq: number): string {
  if (!/^\d{6}$/.test(regionCode)) throw new RangeError(`a region code has six digits, not "${regionCode}"`);
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`a file year has four digits, not ${year}`);
  if (!Number.isInteger(seq) || seq < 1 || seq > 999_999) throw new RangeError(`a file sequence is 1–999999, not ${seq}`);
  return `KN${regionCode}${year}${String(seq).padStart(6, '0')}`;
}

export function parseFileNumber(text: string): { regionCode: string; year: number; seq: number } | null {
  const match = FILE_NUMBER.exec(text.trim().toUpperCase());
  if (!match || Number(match[3]) === 0) return null;
  return { regionCode: match[1] as string, year: Number(match[2]), seq: Number(match[3]) };
}

// ---------------------------------------------------------------------------------------------
// The special labour competition (安徽 困难职工帮扶专项劳动竞赛): "who finds hardship workers more
// completely and helps them better", areas ranked against their peers at one level.

export const INDICATOR_CODES = [
  'files_per_10k_members', // finds them: files per 10,000 members
  'median_days_to_first_aid', // helps quickly: days from the application to the first aid, the median
  'reviews_on_time_share', // 动态管理: reviews done by their due day
  'funds_spent_share', // 资金使用: aid money paid out of what was allocated
  'callback_satisfaction', // 跟踪督导: call-backs that found the household satisfied
  'exits_share', // households that left hardship
] as const;
export type IndicatorCode = (typeof INDICATOR_CODES)[number];

export interface Indicator {
  code: IndicatorCode;
  weight: number;
  better: 'higher' | 'lower';
}

/** Finding households weighs most: the competition's point is that nobody in hardship goes unfiled. */
export const DEFAULT_INDICATORS: readonly Indicator[] = [
  { code: 'files_per_10k_members', weight: 25, better: 'higher' },
  { code: 'median_days_to_first_aid', weight: 15, better: 'lower' },
  { code: 'reviews_on_time_share', weight: 20, better: 'higher' },
  { code: 'funds_spent_share', weight: 15, better: 'higher' },
  { code: 'callback_satisfaction', weight: 15, better: 'higher' },
  { code: 'exits_share', weight: 10, better: 'higher' },
];

/** What a union's competition may set: each indicator at most once, whole weights 0–100, not all zero. */
export function checkIndicators(indicators: readonly Indicator[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<IndicatorCode>();
  indicators.forEach((indicator, i) => {
    if (seen.has(indicator.code)) problems.push(problem(`indicators[${i}].code`, 'indicator_repeated'));
    seen.add(indicator.code);
    if (!Number.isInteger(indicator.weight) || indicator.weight < 0 || indicator.weight > 100) {
      problems.push(problem(`indicators[${i}].weight`, 'indicator_weight'));
    }
  });
  if (indicators.length === 0 || indicators.every((i) => i.weight === 0)) problems.push(problem('indicators', 'indicators_none'));
  return problems;
}

/** Files per 10,000 members (安徽: 4,500 files among 9,000,000 members is 5); null for an area without members. */
export function filesPer10kMembers(files: number, members: number): number | null {
  return members > 0 ? (files * 10_000) / members : null;
}

/** The middle value; for an even count, the mean of the two middle ones. Null for none. */
export function median(numbers: readonly number[]): number | null {
  if (numbers.length === 0) return null;
  const sorted = [...numbers].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * The median of a histogram (value → count), as `median` of the values it counts: the ranking rolls
 * each area's days up the tree as histograms, so a province's median needs no list of its files.
 */
export function histogramMedian(histogram: Map<number, number>): number | null {
  const values = [...histogram.keys()].sort((a, b) => a - b);
  const total = values.reduce((sum, v) => sum + (histogram.get(v) ?? 0), 0);
  if (total === 0) return null;
  const at = (k: number): number => {
    let seen = 0;
    for (const v of values) {
      seen += histogram.get(v) ?? 0;
      if (seen > k) return v;
    }
    return values[values.length - 1] as number;
  };
  return total % 2 === 1 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}

export interface AreaFigures {
  areaId: string;
  values: Partial<Record<IndicatorCode, number | null>>;
}

export interface IndicatorPart {
  code: IndicatorCode;
  value: number | null;
  normalised: number;
  points: number;
}

export interface AreaRanking {
  areaId: string;
  score: number;
  rank: number;
  parts: IndicatorPart[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Ranks areas against each other. Each indicator is scaled min–max across the areas given (so compare
 * peers at one level, not a city with a street): the best area gets the indicator's full weight, the
 * worst none, `lower` indicators the other way round. When all areas have the same figure, all get full
 * points — nobody did worse. An area without a figure gets no points for it: a figure not reported
 * cannot win. The score is the points out of the weights' total, scaled to 100 and rounded to two
 * decimals; ties share a rank (1, 2, 2, 4), compared on the rounded score that is shown.
 */
export function rankAreas(areas: readonly AreaFigures[], indicators: readonly Indicator[] = DEFAULT_INDICATORS): AreaRanking[] {
  const totalWeight = indicators.reduce((sum, i) => sum + i.weight, 0);
  const valueOf = (area: AreaFigures, code: IndicatorCode): number | null => {
    const value = area.values[code];
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  };
  const ranges = new Map(
    indicators.map((indicator) => {
      const values = areas.map((a) => valueOf(a, indicator.code)).filter((v): v is number => v !== null);
      return [indicator.code, { min: Math.min(...values), max: Math.max(...values) }] as const;
    }),
  );
  const scored = areas.map((area) => {
    const parts = indicators.map((indicator): IndicatorPart => {
      const value = valueOf(area, indicator.code);
      const { min, max } = ranges.get(indicator.code) as { min: number; max: number };
      let normalised = 0;
      if (value !== null) {
        if (max === min) normalised = 1;
        else normalised = indicator.better === 'higher' ? (value - min) / (max - min) : (max - value) / (max - min);
      }
      return { code: indicator.code, value, normalised, points: normalised * indicator.weight };
    });
    const points = parts.reduce((sum, p) => sum + p.points, 0);
    return { areaId: area.areaId, score: totalWeight > 0 ? round2((points / totalWeight) * 100) : 0, parts };
  });
  return scored
    .map((area) => ({ ...area, rank: 1 + scored.filter((other) => other.score > area.score).length }))
    .sort((a, b) => a.rank - b.rank || (a.areaId < b.areaId ? -1 : a.areaId > b.areaId ? 1 : 0))
    .map(({ areaId, score, rank, parts }) => ({ areaId, score, rank, parts }));
}
