// Pure rules of the hardship pages: the household as staff type it (yuan, rows) and as the API takes it
// (fen, the applicant as `self`), where the server's problems belong in the form, which steps a file's
// status allows, the objections its steps record, and a step's details as the timeline reads them.
// No I/O, no React. The server decides every one of them again.
import { i18n } from '../../../../shared/i18n/index.ts';
import type {
  FileBody,
  FileDetail,
  FileStatus,
  FileStep,
  FileSummary,
  HardshipCategory,
  Health,
  Relation,
  Schooling,
  Settings,
  SettingsBody,
} from './api.ts';

export type HardshipCause = FileBody['causes'][number]['cause'];

/** Lists every value of a union type in the order given: a value left out fails the typecheck. */
function every<T extends string>() {
  return <const L extends readonly T[]>(
    list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : { missing: Exclude<T, L[number]> }),
  ) => list;
}

export const FILE_STATUSES = every<FileStatus>()(['applied', 'visited', 'reviewed', 'under_notice', 'filed', 'rejected', 'exited']);
export const HARDSHIP_CATEGORIES = every<HardshipCategory>()(['deep', 'relative', 'sudden']);
export const HARDSHIP_CAUSES = every<HardshipCause>()([
  'illness',
  'disability',
  'disaster',
  'schooling',
  'employer_closure',
  'work_injury_or_death',
  'accident',
]);
export const RELATIONS = every<Relation>()(['self', 'spouse', 'child', 'parent', 'sibling', 'grandparent', 'grandchild', 'other']);
export const HEALTH = every<Health>()(['healthy', 'chronic_illness', 'serious_illness', 'disabled', 'unable_to_work']);
export const SCHOOLING = every<Schooling>()([
  'not_applicable',
  'none',
  'preschool',
  'primary',
  'junior_secondary',
  'senior_secondary',
  'vocational',
  'college',
]);

/** A label of a code the server sends as a plain string (a file's causes): the code itself when unknown. */
export function causeText(cause: string): string {
  return (HARDSHIP_CAUSES as readonly string[]).includes(cause) ? i18n.t(`consoleHardship.cause.${cause as HardshipCause}`) : cause;
}

// ---------------------------------------------------------------------------------------------
// Amounts as typed: yuan, to the fen.

export type YuanProblem = 'format' | 'not_integer' | 'negative' | 'too_large';

/** The largest monthly amount the form takes for one person or a burden: 10 million yuan (far above any real one). */
export const MAX_FORM_FEN = 1_000_000_000;

const YUAN = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/**
 * Yuan as typed ("2,400", "800.5", "0") to integer fen, exactly: split at the point rather than
 * multiplied, so 0.29 is 29 fen. Zero is an amount here (a child's income); three decimals, negative
 * amounts and more than 10 million yuan are not. Blank is `null`: the caller decides what it means.
 */
export function parseYuan(text: string | null | undefined): { ok: true; fen: number } | { ok: false; problem: YuanProblem } | null {
  const typed = (text ?? '').trim().replace(/\s+/g, '');
  if (!typed) return null;
  const match = YUAN.exec(typed);
  if (!match) return { ok: false, problem: 'format' };
  const [, sign = '', whole = '0', decimals = ''] = match;
  if (decimals.length > 2) return { ok: false, problem: 'not_integer' };
  const digits = whole.replaceAll(',', '').replace(/^0+(?=\d)/, '');
  if (digits.length > 10) return { ok: false, problem: sign === '-' ? 'negative' : 'too_large' };
  const fen = Number(digits) * 100 + Number(decimals.padEnd(2, '0'));
  if (sign === '-' && fen > 0) return { ok: false, problem: 'negative' };
  if (fen > MAX_FORM_FEN) return { ok: false, problem: 'too_large' };
  return { ok: true, fen };
}

/** Fen as the yuan a box shows: 240000 → '2400', 80050 → '800.5', 0 → '0'. */
export function fenToYuanText(fen: number): string {
  const whole = Math.floor(fen / 100);
  const cents = fen % 100;
  if (cents === 0) return String(whole);
  return `${whole}.${String(cents).padStart(2, '0').replace(/0$/, '')}`;
}

// ---------------------------------------------------------------------------------------------
// The registration form.

export interface MemberRow {
  relation: Relation;
  /** The applicant's own row (`self`) takes the applicant's name and number: these stay empty. */
  name?: string;
  idNumber?: string;
  age?: number | null;
  health: Health;
  schooling: Schooling;
  /** Monthly income in yuan, as typed; pensions and allowances count. */
  monthlyIncome?: string;
}

export interface CauseRow {
  cause?: HardshipCause;
  since?: string;
}

export interface RegisterValues {
  orgId?: string;
  applicant: { name?: string; idNumber?: string; phone?: string };
  address?: string;
  members: MemberRow[];
  causes: CauseRow[];
  oneOffBurden?: string;
}

/** A new registration: the applicant's own row to start from, one cause to fill in. */
export function newRegisterValues(orgId: string): RegisterValues {
  return {
    orgId,
    applicant: { name: '', idNumber: '', phone: '' },
    address: '',
    members: [newMemberRow('self')],
    causes: [{}],
    oneOffBurden: '',
  };
}

/** A household row with the likeliest answers for the relation (an adult out of school, a child at primary school). */
export function newMemberRow(relation: Relation): MemberRow {
  const child = relation === 'child' || relation === 'grandchild';
  return {
    relation,
    name: '',
    idNumber: '',
    age: null,
    health: 'healthy',
    schooling: child ? 'primary' : 'not_applicable',
    monthlyIncome: '0',
  };
}

export interface HouseholdFigures {
  size: number;
  /** The members' incomes added up, or null while one of them is no amount. */
  totalFen: number | null;
  /** Per person per month, rounded down to the fen as the server rounds it. */
  perCapitaFen: number | null;
}

/** The household's size and income as the form stands (a blank income is 0). */
export function householdFigures(rows: readonly Pick<MemberRow, 'monthlyIncome'>[]): HouseholdFigures {
  let total = 0;
  for (const row of rows) {
    const parsed = parseYuan(row.monthlyIncome);
    if (parsed && !parsed.ok) return { size: rows.length, totalFen: null, perCapitaFen: null };
    total += parsed?.fen ?? 0;
  }
  return { size: rows.length, totalFen: total, perCapitaFen: rows.length > 0 ? Math.floor(total / rows.length) : null };
}

const blankToNull = (text: string | undefined) => {
  const trimmed = text?.trim() ?? '';
  return trimmed ? trimmed : null;
};

/**
 * The body the server takes: the size and income declared as the rows add up (staff enter each
 * member, the totals follow), the applicant's row named after the applicant, blank numbers left out.
 * Amounts that are no amount are sent as -1 fen, for the server to name under their boxes — the form
 * has refused them before this is called.
 */
export function toFileBody(values: RegisterValues, fallbackOrgId: string): FileBody {
  const fen = (text: string | undefined) => {
    const parsed = parseYuan(text);
    return parsed === null ? 0 : parsed.ok ? parsed.fen : -1;
  };
  const applicant = {
    name: values.applicant.name?.trim() ?? '',
    idNumber: values.applicant.idNumber?.trim() ?? '',
    phone: values.applicant.phone?.trim() ?? '',
  };
  const members = values.members.map((row) => {
    const self = row.relation === 'self';
    return {
      relation: row.relation,
      name: self ? applicant.name : (row.name?.trim() ?? ''),
      idNumber: self ? applicant.idNumber : blankToNull(row.idNumber),
      age: row.age ?? -1,
      health: row.health,
      schooling: row.schooling,
      monthlyIncomeFen: fen(row.monthlyIncome),
    };
  });
  const burden = parseYuan(values.oneOffBurden);
  return {
    orgId: values.orgId ?? fallbackOrgId,
    applicant,
    members,
    declaredSize: members.length,
    declaredMonthlyIncomeFen: members.reduce((sum, m) => sum + Math.max(0, m.monthlyIncomeFen), 0),
    causes: values.causes.filter((c) => c.cause || c.since).map((c) => ({ cause: c.cause ?? ('' as HardshipCause), since: c.since ?? '' })),
    ...(burden ? { oneOffBurdenFen: burden.ok ? burden.fen : -1 } : {}),
    address: blankToNull(values.address),
  };
}

/** A form field's path (antd's NamePath). */
export type FieldPath = (string | number)[];

// The server's names of the household's amounts, and the form's (which are typed in yuan).
const FORM_NAMES: Record<string, string> = { monthlyIncomeFen: 'monthlyIncome', oneOffBurdenFen: 'oneOffBurden' };
const FORM_FIELDS = new Set(['orgId', 'applicant', 'members', 'causes', 'oneOffBurden', 'address']);

/**
 * Where a problem the server names (`members.2.age`, `applicant.idNumber`, `causes.0.since`,
 * `body.members.1.monthlyIncomeFen`) belongs in the registration form, or null when it names no box
 * (the household as a whole: `members` without a row, the declared totals the form computes).
 */
export function formPathOf(field: string | null | undefined): FieldPath | null {
  if (!field) return null;
  const parts = field.replace(/^body\./, '').split('.');
  const path: FieldPath = parts.map((part) => (/^\d+$/.test(part) ? Number(part) : (FORM_NAMES[part] ?? part)));
  const [head] = path;
  if (typeof head !== 'string' || !FORM_FIELDS.has(head)) return null;
  // A list as a whole (members, causes) or a row without a box is no field the form can mark.
  if ((head === 'members' || head === 'causes') && path.length < 3) return null;
  if (head === 'applicant' && path.length < 2) return null;
  return path;
}

/**
 * The path-finder of a step's form: a field of `boxes` is its box (visitors.1 is the visitors box); a
 * row's field of a list of `rows` is that row's box (checklist.2.note); anything else names no box.
 */
export function stepPathOf(boxes: readonly string[], rows: readonly string[] = []): (field: string | null | undefined) => FieldPath | null {
  return (field) => {
    if (!field) return null;
    const parts = field.replace(/^body\./, '').split('.');
    const [head = '', index, name] = parts;
    if (rows.includes(head)) return index !== undefined && /^\d+$/.test(index) && name ? [head, Number(index), name] : null;
    return boxes.includes(head) ? [head] : null;
  };
}

/**
 * The boxes a form change touched, as paths: { members: [, { age: 5 }] } → [['members', 1, 'age']]. A
 * list's untouched rows arrive as holes and are skipped; a whole row added or removed is its path.
 */
export function changedPaths(changed: unknown, prefix: FieldPath = []): FieldPath[] {
  if (Array.isArray(changed)) {
    return changed.flatMap((value: unknown, index) => (value === undefined ? [] : changedPaths(value, [...prefix, index])));
  }
  if (typeof changed === 'object' && changed !== null && !isDayjsLike(changed)) {
    return Object.entries(changed).flatMap(([key, value]) => changedPaths(value, [...prefix, key]));
  }
  return prefix.length > 0 ? [prefix] : [];
}

// A date picker's value is an object, but one box.
const isDayjsLike = (value: object) => typeof (value as { format?: unknown }).format === 'function';

// ---------------------------------------------------------------------------------------------
// A file and its steps.

/** Whether the final category is the rule's (规则认定), one staff chose instead (调整), or none yet. */
export function categoryMark(file: Pick<FileSummary, 'category' | 'computedCategory'>): 'rule' | 'adjusted' | null {
  if (!file.category) return null;
  return file.category === file.computedCategory ? 'rule' : 'adjusted';
}

export type FileAction = 'visit' | 'review' | 'publish' | 'object' | 'approve' | 'reject' | 'periodicReview';

/** The file's steps as the server allows them from each status (src/modules/hardship/service/process.ts). */
const FROM: Record<FileAction, readonly FileStatus[]> = {
  visit: ['applied', 'visited'],
  review: ['visited'],
  publish: ['reviewed'],
  object: ['under_notice'],
  approve: ['under_notice'],
  reject: ['applied', 'visited', 'reviewed', 'under_notice'],
  periodicReview: ['filed'],
};

/** The role each step needs: operators visit and record objections, reviewers decide. */
const NEEDS: Record<FileAction, 'edit' | 'review'> = {
  visit: 'edit',
  review: 'review',
  publish: 'review',
  object: 'edit',
  approve: 'review',
  reject: 'review',
  periodicReview: 'review',
};

const ACTION_ORDER: readonly FileAction[] = ['visit', 'review', 'publish', 'object', 'approve', 'reject', 'periodicReview'];

/**
 * The steps to offer on a file of this status to a staff member with these rights. Approval is
 * offered whenever the notice is up: whether the notice is over and the union may approve is the
 * server's to say, in its words.
 */
export function allowedActions(status: FileStatus, rights: { canEdit: boolean; canReview: boolean }): FileAction[] {
  return ACTION_ORDER.filter((action) => {
    if (!FROM[action].includes(status)) return false;
    return NEEDS[action] === 'edit' ? rights.canEdit : rights.canReview;
  });
}

// The step that moves a file on, first: a second visit, an objection and a rejection are there when needed.
const PRIMARY_ORDER: readonly FileAction[] = ['review', 'publish', 'approve', 'visit', 'object', 'periodicReview'];

/** The step to offer as the primary button: the one the file waits for. */
export function primaryAction(actions: readonly FileAction[]): FileAction | null {
  return PRIMARY_ORDER.find((a) => actions.includes(a)) ?? null;
}

export interface Objection {
  id: string;
  content: string;
  raisedBy: string | null;
  recordedBy: string | null;
  at: string;
  resolution: { upheld: boolean; text: string | null; by: string | null; at: string } | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value : null);

/** The objections the steps record, oldest first, each with how it was settled (if it was). */
export function objectionsOf(steps: readonly FileStep[]): Objection[] {
  const objections = new Map<string, Objection>();
  for (const step of steps) {
    const id = text(step.details.objectionId);
    if (!id) continue;
    if (step.kind === 'objection_raised') {
      objections.set(id, {
        id,
        content: step.reason ?? '',
        raisedBy: text(step.details.raisedBy),
        recordedBy: step.actorName,
        at: step.at,
        resolution: null,
      });
    } else if (step.kind === 'objection_resolved') {
      const raised = objections.get(id);
      if (raised) raised.resolution = { upheld: step.details.upheld === true, text: step.reason, by: step.actorName, at: step.at };
    }
  }
  return [...objections.values()];
}

export function openObjections(steps: readonly FileStep[]): Objection[] {
  return objectionsOf(steps).filter((o) => o.resolution === null);
}

export interface ChecklistEntry {
  item: string;
  ok: boolean;
  note: string | null;
}

/** A visit's checklist as a step's details hold it (what cannot be read is left out). */
export function checklistOf(details: Record<string, unknown>): ChecklistEntry[] {
  const list = Array.isArray(details.checklist) ? (details.checklist as unknown[]) : [];
  return list.flatMap((entry) => {
    if (typeof entry !== 'object' || entry === null) return [];
    const { item, ok, note } = entry as { item?: unknown; ok?: unknown; note?: unknown };
    const name = text(item);
    return name ? [{ item: name, ok: ok === true, note: text(note) }] : [];
  });
}

/** What a step found or decided, as label–value lines under it in the timeline (a visit's checklist is shown on its own). */
type FactLabel =
  | 'channel'
  | 'computedCategory'
  | 'visitedOn'
  | 'visitors'
  | 'category'
  | 'noticePeriod'
  | 'raisedBy'
  | 'outcome'
  | 'filedOn'
  | 'reviewDueOn';

export function stepFacts(step: Pick<FileStep, 'kind' | 'details'>): { label: string; value: string }[] {
  const d = step.details;
  const k = 'consoleHardship.facts';
  const line = (label: FactLabel, value: string | null) => (value ? [{ label: i18n.t(`${k}.${label}`), value }] : []);
  const category = (value: unknown) => {
    const code = text(value);
    return code && (HARDSHIP_CATEGORIES as readonly string[]).includes(code)
      ? i18n.t(`consoleHardship.category.${code as HardshipCategory}`)
      : null;
  };
  switch (step.kind) {
    case 'applied':
      return [
        ...line('channel', text(d.channel) ? i18n.t(`consoleHardship.channel.${d.channel === 'h5' ? 'h5' : 'staff'}`) : null),
        ...line('computedCategory', category(d.computedCategory) ?? i18n.t('consoleHardship.category.none')),
      ];
    case 'visited': {
      const visitors = Array.isArray(d.visitors) ? (d.visitors as unknown[]).map(text).filter((v): v is string => !!v) : [];
      return [...line('visitedOn', text(d.visitedOn)), ...line('visitors', visitors.join(i18n.t('consoleHardship.facts.separator')))];
    }
    case 'reviewed':
      return [
        ...line('category', category(d.category)),
        ...(d.overridden === true ? line('computedCategory', category(d.computedCategory) ?? i18n.t('consoleHardship.category.none')) : []),
      ];
    case 'notice_published':
      return line('noticePeriod', text(d.from) && text(d.until) ? i18n.t(`${k}.range`, { from: d.from, until: d.until }) : null);
    case 'objection_raised':
      return line('raisedBy', text(d.raisedBy));
    case 'objection_resolved':
      return line('outcome', i18n.t(`consoleHardship.objection.${d.upheld === true ? 'upheld' : 'dismissed'}`));
    case 'filed':
      return [...line('filedOn', text(d.filedOn)), ...line('reviewDueOn', text(d.reviewDueOn))];
    default:
      return [];
  }
}

/** A step's name: 登记申请, 入户核查, 审核通过, … (an unknown kind as the server names it). */
const STEP_KINDS = [
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

export function stepKindText(kind: string): string {
  return isStepKind(kind) ? i18n.t(`consoleHardship.stepKind.${kind}`) : kind;
}

const DEFAULT_CHECKLIST = ['members', 'income', 'housing', 'cause', 'documents', 'medicalSchooling', 'otherAid', 'signature'] as const;

/** What a step's reason is: a visit's notes, a review's opinion, an objection's content, a rejection's reason… */
export function reasonLabelOf(kind: string): string {
  switch (kind) {
    case 'visited':
    case 'reviewed':
    case 'objection_raised':
    case 'objection_resolved':
    case 'rejected':
      return i18n.t(`consoleHardship.reasonLabel.${kind}`);
    default:
      return i18n.t('common.reason');
  }
}

/** The checklist a visit starts from: the points every home visit checks; staff add, drop and rename them. */
export function defaultChecklist(): { item: string; ok: boolean; note: string }[] {
  return DEFAULT_CHECKLIST.map((key) => ({ item: i18n.t(`consoleHardship.visit.defaultItems.${key}`), ok: true, note: '' }));
}

// ---------------------------------------------------------------------------------------------
// The lines.

/**
 * Where the per-capita income and the two lines sit on a scale from 0 (percentages of its width), for
 * the gauge on a file's page. The scale reaches a quarter past the higher of the relative line and the
 * income, so both are always inside it.
 */
export function gaugeOf(perCapitaFen: number, lines: FileDetail['household']['lines']): { income: number; deep: number; relative: number } {
  const top = Math.max(lines.relativeFen, perCapitaFen, 1) * 1.25;
  const at = (fen: number) => Math.round((Math.max(0, fen) / top) * 1000) / 10;
  return { income: at(perCapitaFen), deep: at(lines.deepFen), relative: at(lines.relativeFen) };
}

/** Where the income stands against the lines: at or below 低保, at or below the relative line, or above it. */
export function bandOf(perCapitaFen: number, lines: FileDetail['household']['lines']): 'deep' | 'relative' | 'above' {
  if (perCapitaFen <= lines.deepFen) return 'deep';
  if (perCapitaFen <= lines.relativeFen) return 'relative';
  return 'above';
}

// ---------------------------------------------------------------------------------------------
// The threshold (困难认定标准).

export interface SettingsValues {
  minimumLiving?: string;
  relativeMultiple?: number | null;
  suddenBurdenMonths?: number | null;
  noticeDays?: number | null;
  /** The share of filed households called back each week, in percent. */
  callbackSharePct?: number | null;
}

/** The server's defaults for what a union leaves out (src/modules/hardship/rules.ts, service/settings.ts). */
export const DEFAULT_SETTINGS = { relativeMultiple: 1.5, suddenBurdenMonths: 6, noticeDays: 5, callbackSharePct: 10 } as const;

export function toSettingsValues(settings: Settings | null): SettingsValues {
  if (!settings) return { minimumLiving: '', ...DEFAULT_SETTINGS };
  return {
    minimumLiving: fenToYuanText(settings.minimumLivingFen),
    relativeMultiple: settings.relativeMultiple,
    suddenBurdenMonths: settings.suddenBurdenMonths,
    noticeDays: settings.noticeDays,
    callbackSharePct: settings.callbackSharePct,
  };
}

/** The body of a union's own threshold; an amount that is no amount goes as -1 for the server to refuse under its box. */
export function toSettingsBody(values: SettingsValues): SettingsBody {
  const parsed = parseYuan(values.minimumLiving);
  return {
    minimumLivingFen: parsed?.ok ? parsed.fen : -1,
    ...(values.relativeMultiple != null ? { relativeMultiple: values.relativeMultiple } : {}),
    ...(values.suddenBurdenMonths != null ? { suddenBurdenMonths: values.suddenBurdenMonths } : {}),
    ...(values.noticeDays != null ? { noticeDays: values.noticeDays } : {}),
    // Sent back as loaded when untouched: saving the form must not reset it to the default.
    ...(values.callbackSharePct != null ? { callbackSharePct: values.callbackSharePct } : {}),
  };
}

/** The settings' problem fields (minimumLivingFen) as the form's. */
export function settingsFieldOf(field: string | null | undefined): keyof SettingsValues | null {
  const name = field?.replace(/^body\./, '');
  if (name === 'minimumLivingFen') return 'minimumLiving';
  if (name === 'relativeMultiple' || name === 'suddenBurdenMonths' || name === 'noticeDays' || name === 'callbackSharePct') return name;
  return null;
}

/** Whose threshold applies at a union: its own, one inherited from a union above, or none yet. */
export function settingsSource(settings: Settings | null, askedOrgId: string): 'own' | 'inherited' | 'none' {
  if (!settings) return 'none';
  return settings.orgId === askedOrgId ? 'own' : 'inherited';
}

/** The relative line a threshold draws: the 低保 standard times the multiple, in thousandths, rounded down (as the server draws it). */
export function relativeLineFen(minimumLivingFen: number, multiple: number): number {
  return Math.floor((minimumLivingFen * Math.round(multiple * 1000)) / 1000);
}
