// Pure rules of the hardship pages (困难帮扶): the server's lists (src/modules/hardship/rules.ts and
// schema.ts; rules.test.ts checks they agree), amounts typed in yuan and sent in fen, the household's
// figures as the server adds them up, the request body built from the form, and where each of the
// server's problems belongs on the form. No React, no I/O. The server stays the authority.
import { normaliseIdNumber } from '../../../shared/id-number.ts';
import type { CauseBody, HardshipApplication, HardshipCategory, HardshipStatus, HouseholdMemberBody, OwnHardshipStep } from './api.ts';

export type Cause = CauseBody['cause'];
export type Relation = HouseholdMemberBody['relation'];
export type Health = HouseholdMemberBody['health'];
export type Schooling = HouseholdMemberBody['schooling'];

export const HARDSHIP_CAUSES = [
  'illness',
  'disability',
  'disaster',
  'schooling',
  'employer_closure',
  'work_injury_or_death',
  'accident',
] as const satisfies readonly Cause[];

/** The causes that strike at once: only they make a one-off burden count (意外致困). */
export const SUDDEN_CAUSES = ['disaster', 'accident', 'work_injury_or_death'] as const satisfies readonly Cause[];

export const RELATIONS = [
  'self',
  'spouse',
  'child',
  'parent',
  'sibling',
  'grandparent',
  'grandchild',
  'other',
] as const satisfies readonly Relation[];

/** What the rows after the first may be: the worker (本人) is the first row, once. */
export const OTHER_RELATIONS = RELATIONS.filter((r): r is Exclude<Relation, 'self'> => r !== 'self');

export const HEALTH = ['healthy', 'chronic_illness', 'serious_illness', 'disabled', 'unable_to_work'] as const satisfies readonly Health[];

export const SCHOOLING = [
  'none',
  'preschool',
  'primary',
  'junior_secondary',
  'senior_secondary',
  'vocational',
  'college',
  'not_applicable',
] as const satisfies readonly Schooling[];

export const HARDSHIP_CATEGORIES = ['deep', 'relative', 'sudden'] as const satisfies readonly HardshipCategory[];

export const FILE_STATUSES = [
  'applied',
  'visited',
  'reviewed',
  'under_notice',
  'filed',
  'rejected',
  'exited',
] as const satisfies readonly HardshipStatus[];

/**
 * The steps a file goes through (the server sends `kind` as a plain string; these are the ones it writes).
 * A kind the server adds later still shows, under a general label, until it is added here.
 */
export const STEP_KINDS = [
  'applied',
  'visited',
  'reviewed',
  'notice_published',
  'objection_raised',
  'objection_resolved',
  'filed',
  'rejected',
  'periodic_review',
  'exited',
  'helpers_assigned',
  'callback',
] as const;
export type StepKind = (typeof STEP_KINDS)[number];

export function isStepKind(kind: string): kind is StepKind {
  return (STEP_KINDS as readonly string[]).includes(kind);
}

export function isSuddenCause(cause: Cause): boolean {
  return (SUDDEN_CAUSES as readonly Cause[]).includes(cause);
}

/** Whether the chosen causes include one that strikes at once (then the one-off burden is asked for). */
export function hasSuddenCause(causes: readonly Cause[] | undefined): boolean {
  return (causes ?? []).some(isSuddenCause);
}

// ---------------------------------------------------------------------------------------------
// Amounts and ages as a worker types them.

/** The most a single amount may be here: 10 million yuan, well within the server's integers. */
export const MAX_AMOUNT_FEN = 1_000_000_000;

export type YuanProblem = 'format' | 'too_precise' | 'too_large';

// A phone keyboard in full-width mode types ０-９ and ．.
const FULL_WIDTH_DIGITS = /[\uff10-\uff19\uff0e]/g;
// Digits with commas between thousands (2,400) or none (2400), then at most some decimals.
const YUAN = /^(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d*))?$/;

/**
 * Yuan as typed ("2400", "2,400.5", "0", "¥1,200") to integer fen, exactly: the text is split at the
 * point, never multiplied, so 0.29 is 29 fen and not 28.999…. Zero is an amount (a member without
 * income); a third decimal, a minus sign or anything else is not.
 */
export function parseYuan(text: string): { ok: true; fen: number } | { ok: false; problem: YuanProblem } {
  const cleaned = text
    .replace(FULL_WIDTH_DIGITS, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s¥￥]/g, '')
    .replace(/\u5143$/, ''); // a trailing 元
  const match = YUAN.exec(cleaned);
  if (!cleaned || cleaned === '.' || !match) return { ok: false, problem: 'format' };
  const [, whole = '0', decimals = ''] = match;
  if (decimals.length > 2) return { ok: false, problem: 'too_precise' };
  const digits = whole.replaceAll(',', '').replace(/^0+(?=\d)/, '');
  if (digits.length > 8) return { ok: false, problem: 'too_large' };
  const fen = Number(digits) * 100 + Number(decimals.padEnd(2, '0'));
  if (fen > MAX_AMOUNT_FEN) return { ok: false, problem: 'too_large' };
  return { ok: true, fen };
}

/** A whole age in years, 0–120, as typed; null when it is not one. */
export function parseAge(text: string | undefined): number | null {
  const value = (text ?? '').replace(/[\uff10-\uff19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).trim();
  if (!/^\d{1,3}$/.test(value)) return null;
  const age = Number(value);
  return age <= 120 ? age : null;
}

/** Fen as the form shows it again in yuan: 240000 → "2,400", 12345 → "123.45". */
export function yuanText(fen: number): string {
  const whole = Math.floor(fen / 100).toLocaleString('en-US');
  const cents = fen % 100;
  return cents === 0 ? whole : `${whole}.${String(cents).padStart(2, '0')}`;
}

// ---------------------------------------------------------------------------------------------
// The household, as the form holds it and as the server adds it up.

/** One row of the household on the form: what the worker typed, not yet checked. */
export interface MemberRow {
  name?: string;
  relation?: Relation;
  age?: string;
  health?: Health;
  schooling?: Schooling;
  monthlyIncome?: string;
  idNumber?: string;
}

export interface HouseholdTotals {
  size: number;
  /** Every row's income added up; null while a row's income is missing or not an amount. */
  incomeFen: number | null;
  /** Per person per month, rounded down to the fen as the server does; null with the sum. */
  perCapitaFen: number | null;
}

/** The household's size and monthly income, computed from the rows (sent as declaredSize and declaredMonthlyIncomeFen). */
export function householdTotals(rows: readonly (MemberRow | undefined)[]): HouseholdTotals {
  const size = rows.length;
  let incomeFen: number | null = 0;
  for (const row of rows) {
    const parsed = parseYuan(row?.monthlyIncome ?? '');
    incomeFen = parsed.ok && incomeFen !== null ? incomeFen + parsed.fen : null;
  }
  return { size, incomeFen, perCapitaFen: incomeFen !== null && size > 0 ? Math.floor(incomeFen / size) : null };
}

/** The form's values: the applicant, the union for a worker not yet a member, the household, the causes. */
export interface ApplyValues {
  name?: string;
  idNumber?: string;
  trade?: string;
  workRegionCode?: string;
  members?: MemberRow[];
  causes?: Cause[];
  /** The day each chosen cause began, keyed by cause. */
  since?: Partial<Record<Cause, Date | null>>;
  oneOffBurden?: string;
  address?: string;
}

/** A person's name as sent: trimmed, inner runs of spaces as one. */
export function cleanName(name: string | undefined): string {
  return (name ?? '').trim().replace(/\s+/g, ' ');
}

/** A picked day (the date picker's local midnight) as the server takes it: 'YYYY-MM-DD'. */
export function dayOf(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The causes in the order the worker sees them (the server's), each with its day; one not yet dated is left out. */
export function chosenCauses(values: Pick<ApplyValues, 'causes' | 'since'>): CauseBody[] {
  return HARDSHIP_CAUSES.filter((cause) => values.causes?.includes(cause)).flatMap((cause) => {
    const since = values.since?.[cause];
    return since ? [{ cause, since: dayOf(since) }] : [];
  });
}

/**
 * The request body from checked form values. The first row is the worker (本人): their name and number
 * are the applicant's. The declared size and income are the rows' own figures, so they add up; the
 * server checks them again and its problems are shown if it disagrees.
 */
export function applicationBody(values: ApplyValues, orgId: string | null): HardshipApplication {
  const name = cleanName(values.name);
  const idNumber = normaliseIdNumber(values.idNumber ?? '');
  const rows = values.members ?? [];
  const members: HouseholdMemberBody[] = rows.map((row, i) => {
    const self = i === 0;
    const memberId = self ? idNumber : normaliseIdNumber(row.idNumber ?? '');
    return {
      name: self ? name : cleanName(row.name),
      relation: self ? 'self' : (row.relation ?? 'other'),
      age: parseAge(row.age) ?? -1,
      health: row.health ?? 'healthy',
      schooling: row.schooling ?? 'not_applicable',
      monthlyIncomeFen: fenOf(row.monthlyIncome),
      ...(memberId ? { idNumber: memberId } : {}),
    };
  });
  const totals = householdTotals(rows);
  const causes = chosenCauses(values);
  const burden = values.oneOffBurden?.trim();
  const address = values.address?.trim();
  return {
    applicant: { name, idNumber },
    ...(orgId ? { orgId } : {}),
    members,
    declaredSize: totals.size,
    declaredMonthlyIncomeFen: totals.incomeFen ?? members.reduce((sum, m) => sum + Math.max(0, m.monthlyIncomeFen), 0),
    causes,
    ...(burden && hasSuddenCause(causes.map((c) => c.cause)) ? { oneOffBurdenFen: fenOf(burden) } : {}),
    ...(address ? { address } : {}),
  };
}

// The form has checked every amount before a body is built; an amount that still is not one is sent
// as -1 so that the server names the field rather than it passing as 0.
function fenOf(text: string | undefined): number {
  const parsed = parseYuan(text ?? '');
  return parsed.ok ? parsed.fen : -1;
}

// ---------------------------------------------------------------------------------------------
// The server's problems on the form.

/** A form field's path, as antd-mobile's Form names it: ['members', 2, 'age']. */
export type FieldName = (string | number)[];

/** Where one of the server's problems is shown. */
export type FormTarget =
  | { kind: 'field'; name: FieldName }
  /** The household as a whole (no 本人, a 身份证号 twice): under the household's heading. */
  | { kind: 'household' }
  /** The declared size and income: under the computed figures. */
  | { kind: 'totals' }
  /** The union (a worker not yet a member chose none, or one that is gone): under the work place. */
  | { kind: 'union' }
  /** Anything else: in the notice at the top. */
  | { kind: 'rest' };

const MEMBER_FIELDS: Record<string, string> = {
  name: 'name',
  relation: 'relation',
  age: 'age',
  health: 'health',
  schooling: 'schooling',
  monthlyIncomeFen: 'monthlyIncome',
  idNumber: 'idNumber',
};

/**
 * Where a problem's `field` (the body's path: 'members.2.age', 'applicant.idNumber', 'causes.0.since',
 * 'declaredMonthlyIncomeFen', or with a 'body.' prefix from schema validation) belongs on the form.
 * `sentCauses` are the causes in the order they were sent, so that 'causes.0' names the right one.
 */
export function formTargetOf(field: string | undefined, sentCauses: readonly Cause[]): FormTarget {
  const path = (field ?? '').replace(/^body\./, '').split('.');
  const [head, second, third] = path;
  switch (head) {
    case 'applicant':
      return second === 'name' || second === 'idNumber' ? { kind: 'field', name: [second] } : { kind: 'rest' };
    case 'members': {
      const index = second !== undefined && /^\d+$/.test(second) ? Number(second) : null;
      const member = third === undefined ? undefined : MEMBER_FIELDS[third];
      if (index === null || member === undefined) return { kind: 'household' };
      // The first row's name, number and relation are the applicant's (本人): not fields of the row.
      if (index === 0 && (third === 'name' || third === 'idNumber')) return { kind: 'field', name: [third] };
      if (index === 0 && third === 'relation') return { kind: 'household' };
      return { kind: 'field', name: ['members', index, member] };
    }
    case 'declaredSize':
    case 'declaredMonthlyIncomeFen':
      return { kind: 'totals' };
    case 'causes': {
      const cause = second !== undefined && /^\d+$/.test(second) ? sentCauses[Number(second)] : undefined;
      return cause && third === 'since' ? { kind: 'field', name: ['since', cause] } : { kind: 'field', name: ['causes'] };
    }
    case 'oneOffBurdenFen':
      return { kind: 'field', name: ['oneOffBurden'] };
    case 'address':
      return { kind: 'field', name: ['address'] };
    case 'orgId':
      return { kind: 'union' };
    default:
      return { kind: 'rest' };
  }
}

export interface PlacedProblems {
  fields: { name: FieldName; errors: string[] }[];
  household: string[];
  totals: string[];
  union: string[];
  rest: string[];
}

/** The server's problems sorted to where they are shown; several on one field stay together, in order. */
export function placeProblems(
  problems: readonly { field?: string | undefined; message: string }[],
  sentCauses: readonly Cause[],
): PlacedProblems {
  const placed: PlacedProblems = { fields: [], household: [], totals: [], union: [], rest: [] };
  for (const problem of problems) {
    const target = formTargetOf(problem.field, sentCauses);
    if (target.kind !== 'field') {
      placed[target.kind].push(problem.message);
      continue;
    }
    const key = target.name.join('.');
    const existing = placed.fields.find((f) => f.name.join('.') === key);
    if (existing) existing.errors.push(problem.message);
    else placed.fields.push({ name: target.name, errors: [problem.message] });
  }
  return placed;
}

// ---------------------------------------------------------------------------------------------
// Following a file.

// The steps whose reason is a decision told to the worker. A visit's notes are the visitors' working
// notes, an objection's text may say who raised it, and a call-back's notes are the union's record of
// it: the worker sees that these happened, not what they say.
const PUBLIC_REASON_STEPS: ReadonlySet<string> = new Set<StepKind>([
  'reviewed',
  'rejected',
  'objection_resolved',
  'periodic_review',
  'exited',
]);

/** The reason shown to the worker beside a step, or null. */
export function publicReason(step: Pick<OwnHardshipStep, 'kind' | 'reason'>): string | null {
  const reason = step.reason?.trim();
  return reason && PUBLIC_REASON_STEPS.has(step.kind) ? reason : null;
}

/** Files still being decided come first, then the newest. */
export function sortFiles<T extends { status: HardshipStatus; createdAt: string }>(files: readonly T[]): T[] {
  const open = (s: HardshipStatus) => (s === 'rejected' || s === 'exited' ? 1 : 0);
  return [...files].sort((a, b) => open(a.status) - open(b.status) || b.createdAt.localeCompare(a.createdAt));
}

// ---------------------------------------------------------------------------------------------
// 诉求: a worker's needs, sent to the union keeping their file.

/** The statuses of a file a need can be posted for: any file still in the process or in help (the server's rule). */
export const NEED_FILE_STATUSES = ['applied', 'visited', 'reviewed', 'under_notice', 'filed'] as const satisfies readonly HardshipStatus[];

/** The file a need goes to, as the server picks it: the newest one still open; null when there is none. */
export function fileForNeeds<T extends { status: HardshipStatus; createdAt: string }>(files: readonly T[]): T | null {
  const open = files.filter((f) => (NEED_FILE_STATUSES as readonly HardshipStatus[]).includes(f.status));
  return [...open].sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0] ?? null;
}

export const NEED_MIN_LENGTH = 2;
export const NEED_MAX_LENGTH = 1000;

/** What the need box holds once trimmed, or why it cannot be sent yet. */
export function needContent(text: string): { ok: true; content: string } | { ok: false; problem: 'empty' | 'short' } {
  const content = text.trim();
  if (content.length === 0) return { ok: false, problem: 'empty' };
  if (content.length < NEED_MIN_LENGTH) return { ok: false, problem: 'short' };
  return { ok: true, content };
}
