// Pure rules of the mutual-aid pages: a plan's form in yuan and the rule the API takes in fen, the three
// published schemes as templates, a plan's benefits and conditions in words, the review checklist, the
// group list's template, and the days the reconciliation runs for. The server re-checks every one.
import { ApiError } from '../../../../shared/api.ts';
import { formatFen } from '../../../../shared/format.ts';
import { i18n } from '../../../../shared/i18n/index.ts';
import { parseYuan } from '../hardship/rules.ts';
import type { Benefit, BenefitKind, ChecklistKey, Dashboard, Disease, PlanBody, PlanRule } from './api.ts';

export const BENEFIT_KINDS = ['hospital', 'above_ceiling', 'first_diagnosis', 'self_paid_full'] as const satisfies readonly BenefitKind[];

/** The 13 diseases of 女性馨康, in the server's order (src/modules/mutual-aid/rules.ts). */
export const DISEASES = [
  'breast_cancer',
  'cervical_cancer',
  'ovarian_cancer',
  'endometrial_cancer',
  'vulvar_cancer',
  'vaginal_cancer',
  'fallopian_tube_cancer',
  'uterine_sarcoma',
  'gestational_trophoblastic_neoplasia',
  'primary_peritoneal_cancer',
  'breast_carcinoma_in_situ',
  'cervical_carcinoma_in_situ',
  'systemic_lupus_erythematosus_nephritis',
] as const satisfies readonly Disease[];

/** A plan's code: 2 to 6 capitals (the server's PlanBody). */
export const PLAN_CODE = /^[A-Z]{2,6}$/;

/** The most benefits and grades a plan takes (the server's PlanRuleSchema). */
export const MAX_BENEFITS = 6;
export const MAX_GRADES = 5;

// ---------------------------------------------------------------------------------------------
// The plan form: amounts typed in yuan, as staff read them off the scheme's notice.

export interface BenefitValues {
  kind: BenefitKind;
  ratePct?: number | null;
  timesPerCycle?: number | null;
  /** Yuan, as typed. */
  cap?: string;
  diseases?: Disease[];
  /** Yuan per share, one per grade, as typed. */
  grades?: string[];
}

export interface PlanValues {
  orgId?: string;
  name?: string;
  code?: string;
  /** YYYY-MM-DD. */
  startOn?: string;
  description?: string;
  /** Yuan per share, as typed. */
  price?: string;
  maxShares?: number | null;
  waitingDays?: number | null;
  minAge?: number | null;
  maxAge?: number | null;
  employed?: boolean;
  women?: boolean;
  healthDeclaration?: boolean;
  benefits?: BenefitValues[];
  /** Yuan, as typed: a payout above it needs a second reviewer. */
  secondReviewAbove?: string;
  samplePct?: number | null;
}

export const TEMPLATE_KEYS = ['urumqi', 'xinkang', 'guangdong'] as const;
export type TemplateKey = (typeof TEMPLATE_KEYS)[number];

/** The rule part of the form (what a template fills): the union, name, code and day stay as typed. */
export type RuleValues = Omit<PlanValues, 'orgId' | 'name' | 'code' | 'startOn' | 'description' | 'secondReviewAbove' | 'samplePct'>;

/**
 * The published schemes, as the form's values: 乌鲁木齐 (110 yuan; 50 % twice a cycle; 40 % above the
 * ceiling once, at most 5,000), 内蒙古 女性馨康 (35 yuan a share, at most 3, 90 days' waiting, women 16–59
 * with a health declaration, 13 diseases at 10,000 / 20,000 / 30,000 a share by grade) and 广东's plan
 * for hardship workers (free; the self-paid portion in full, at most 210,000).
 */
export const PLAN_TEMPLATES: Record<TemplateKey, RuleValues> = {
  urumqi: {
    price: '110',
    maxShares: 1,
    waitingDays: 0,
    minAge: 16,
    maxAge: 60,
    employed: true,
    women: false,
    healthDeclaration: false,
    benefits: [
      { kind: 'hospital', ratePct: 50, timesPerCycle: 2 },
      { kind: 'above_ceiling', ratePct: 40, timesPerCycle: 1, cap: '5000' },
    ],
  },
  xinkang: {
    price: '35',
    maxShares: 3,
    waitingDays: 90,
    minAge: 16,
    maxAge: 59,
    employed: true,
    women: true,
    healthDeclaration: true,
    benefits: [{ kind: 'first_diagnosis', diseases: [...DISEASES], grades: ['10000', '20000', '30000'], timesPerCycle: 1 }],
  },
  guangdong: {
    price: '0',
    maxShares: 1,
    waitingDays: 0,
    minAge: 16,
    maxAge: 60,
    employed: true,
    women: false,
    healthDeclaration: false,
    benefits: [{ kind: 'self_paid_full', cap: '210000' }],
  },
};

/** A new benefit row of a kind, with the numbers most schemes use. */
export function newBenefit(kind: BenefitKind): BenefitValues {
  switch (kind) {
    case 'hospital':
      return { kind, ratePct: 50, timesPerCycle: 2 };
    case 'above_ceiling':
      return { kind, ratePct: 40, timesPerCycle: 1, cap: '' };
    case 'first_diagnosis':
      return { kind, diseases: [...DISEASES], grades: [''], timesPerCycle: 1 };
    case 'self_paid_full':
      return { kind, cap: '' };
  }
}

/** Where a problem goes in the form: a box's path, or null for the alert above it. */
export type FieldPath = (string | number)[];

/** Yuan typed into a box as fen, when it is an amount of at least `min` fen. */
function fenOf(text: string | undefined, min: number): number | null {
  const parsed = parseYuan(text);
  return parsed?.ok && parsed.fen >= min ? parsed.fen : null;
}

function benefitOf(b: BenefitValues, at: number, problems: [FieldPath, string][]): Benefit | null {
  const need = (value: number | null | undefined, field: string, message: string): number => {
    if (value === null || value === undefined || !Number.isInteger(value)) problems.push([['benefits', at, field], message]);
    return value ?? 0;
  };
  const capOf = () => {
    const fen = fenOf(b.cap, 100);
    if (fen === null) problems.push([['benefits', at, 'cap'], i18n.t('consoleMutualAid.planForm.capInvalid')]);
    return fen ?? 0;
  };
  const rate = () => need(b.ratePct, 'ratePct', i18n.t('consoleMutualAid.planForm.rateInvalid'));
  const times = () => need(b.timesPerCycle, 'timesPerCycle', i18n.t('consoleMutualAid.planForm.timesInvalid'));
  const before = problems.length;
  let benefit: Benefit;
  switch (b.kind) {
    case 'hospital':
      benefit = { kind: 'hospital', ratePct: rate(), timesPerCycle: times() };
      break;
    case 'above_ceiling':
      benefit = { kind: 'above_ceiling', ratePct: rate(), timesPerCycle: times(), capFen: capOf() };
      break;
    case 'first_diagnosis': {
      const diseases = b.diseases ?? [];
      if (diseases.length === 0) problems.push([['benefits', at, 'diseases'], i18n.t('consoleMutualAid.planForm.diseasesRequired')]);
      const grades = (b.grades ?? []).map((g) => fenOf(g, 100));
      if (grades.length === 0 || grades.some((g) => g === null)) {
        problems.push([['benefits', at, 'grades'], i18n.t('consoleMutualAid.planForm.gradesInvalid')]);
      }
      benefit = {
        kind: 'first_diagnosis',
        diseases: DISEASES.filter((d) => diseases.includes(d)),
        fenPerShareByGrade: grades.map((g) => g ?? 0),
        timesPerCycle: times(),
      };
      break;
    }
    case 'self_paid_full':
      benefit = { kind: 'self_paid_full', capFen: capOf() };
      break;
  }
  return problems.length === before ? benefit : null;
}

/**
 * The form's values as the API's plan, or the boxes at fault (each with its message): amounts in yuan
 * become fen exactly, the benefits keep the order they were typed in.
 */
export function toPlanBody(values: PlanValues): { ok: true; body: PlanBody } | { ok: false; problems: [FieldPath, string][] } {
  const problems: [FieldPath, string][] = [];
  const price = fenOf(values.price, 0);
  if (price === null) problems.push([['price'], i18n.t('consoleMutualAid.planForm.priceInvalid')]);
  const secondReview = fenOf(values.secondReviewAbove, 0);
  if (secondReview === null) problems.push([['secondReviewAbove'], i18n.t('consoleMutualAid.planForm.secondReviewInvalid')]);
  const minAge = values.minAge ?? 16;
  const maxAge = values.maxAge ?? 60;
  if (minAge > maxAge) problems.push([['maxAge'], i18n.t('consoleMutualAid.planForm.agesInvalid')]);
  const benefits = (values.benefits ?? []).map((b, i) => benefitOf(b, i, problems));
  if (benefits.length === 0) problems.push([['benefits'], i18n.t('consoleMutualAid.planForm.benefitsRequired')]);
  const kinds = (values.benefits ?? []).map((b) => b.kind);
  if (new Set(kinds).size !== kinds.length) problems.push([['benefits'], i18n.t('consoleMutualAid.planForm.benefitRepeated')]);
  if (problems.length > 0 || price === null || secondReview === null) return { ok: false, problems };
  const rule: PlanRule = {
    pricePerShareFen: price,
    maxShares: values.maxShares ?? 1,
    waitingDays: values.waitingDays ?? 0,
    eligibility: {
      minAge,
      maxAge,
      employed: values.employed ?? false,
      ...(values.women ? { women: true } : {}),
      ...(values.healthDeclaration ? { healthDeclaration: true } : {}),
    },
    benefits: benefits.filter((b): b is Benefit => b !== null),
  };
  const description = values.description?.trim();
  return {
    ok: true,
    body: {
      orgId: values.orgId ?? '',
      name: (values.name ?? '').trim(),
      code: (values.code ?? '').trim(),
      ...(description ? { description } : {}),
      rule,
      startOn: values.startOn ?? '',
      secondReviewAboveFen: secondReview,
      samplePct: values.samplePct ?? 5,
    },
  };
}

/**
 * The form's box for a field the server names (body.rule.benefits.1.capFen → benefits/1/cap,
 * body.rule.pricePerShareFen → price), or null for a problem that names none.
 */
export function planFieldOf(field: string | null | undefined): FieldPath | null {
  if (!field) return null;
  const parts = field.replace(/^body\./, '').split('.');
  const [top, second, third, fourth] = parts;
  const direct: Record<string, string> = {
    orgId: 'orgId',
    name: 'name',
    code: 'code',
    description: 'description',
    startOn: 'startOn',
    secondReviewAboveFen: 'secondReviewAbove',
    samplePct: 'samplePct',
  };
  if (top && direct[top]) return [direct[top]];
  if (top !== 'rule' || !second) return null;
  const ruleBoxes: Record<string, string> = { pricePerShareFen: 'price', maxShares: 'maxShares', waitingDays: 'waitingDays' };
  if (ruleBoxes[second]) return [ruleBoxes[second]];
  if (second === 'eligibility' && third && ['minAge', 'maxAge', 'employed', 'women', 'healthDeclaration'].includes(third)) return [third];
  if (second === 'benefits') {
    const at = Number(third);
    if (third === undefined || !Number.isInteger(at)) return ['benefits'];
    const boxes: Record<string, string> = {
      ratePct: 'ratePct',
      timesPerCycle: 'timesPerCycle',
      capFen: 'cap',
      diseases: 'diseases',
      fenPerShareByGrade: 'grades',
    };
    return fourth && boxes[fourth] ? ['benefits', at, boxes[fourth]] : ['benefits', at, 'kind'];
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// A plan in words.

/** 5,000 yuan as the notices write it: 5,000 元 (with the fen only when there are some). */
export function yuanWords(fen: number): string {
  const whole = Math.floor(fen / 100).toLocaleString('zh-CN');
  const cents = fen % 100;
  return i18n.t('consoleMutualAid.words.yuan', { amount: cents === 0 ? whole : `${whole}.${String(cents).padStart(2, '0')}` });
}

export function benefitName(kind: BenefitKind | string): string {
  return (BENEFIT_KINDS as readonly string[]).includes(kind) ? i18n.t(`consoleMutualAid.benefit.${kind as BenefitKind}`) : kind;
}

export function diseaseName(code: string): string {
  return (DISEASES as readonly string[]).includes(code) ? i18n.t(`consoleMutualAid.disease.${code as Disease}`) : code;
}

/** What a benefit pays, in a sentence: 住院医疗互助金：医保范围内个人自付的 50%，每个保障期最多 2 次. */
export function benefitText(benefit: Benefit): string {
  const k = 'consoleMutualAid.words';
  const name = benefitName(benefit.kind);
  switch (benefit.kind) {
    case 'hospital':
      return i18n.t(`${k}.hospital`, { name, rate: benefit.ratePct, count: benefit.timesPerCycle });
    case 'above_ceiling':
      return i18n.t(`${k}.aboveCeiling`, { name, rate: benefit.ratePct, count: benefit.timesPerCycle, cap: yuanWords(benefit.capFen) });
    case 'first_diagnosis':
      return i18n.t(`${k}.firstDiagnosis`, {
        name,
        diseases: benefit.diseases.length,
        grades: gradesText(benefit.fenPerShareByGrade),
        count: benefit.timesPerCycle,
      });
    case 'self_paid_full':
      return i18n.t(`${k}.selfPaidFull`, { name, cap: yuanWords(benefit.capFen) });
  }
}

/** 1 级 10,000 元、2 级 20,000 元、3 级 30,000 元 (a single grade: just the sum). */
export function gradesText(fenPerShareByGrade: readonly number[]): string {
  if (fenPerShareByGrade.length === 1) return yuanWords(fenPerShareByGrade[0] ?? 0);
  return fenPerShareByGrade
    .map((fen, i) => i18n.t('consoleMutualAid.words.grade', { grade: i + 1, amount: yuanWords(fen) }))
    .join(i18n.t('consoleMutualAid.words.listSeparator'));
}

/** Who may enrol, as short phrases: 16–59 周岁, 在职职工, 女职工（或男会员的配偶）, 须健康告知. */
export function eligibilityTexts(rule: Pick<PlanRule, 'eligibility'>): string[] {
  const k = 'consoleMutualAid.words';
  const e = rule.eligibility;
  return [
    i18n.t(`${k}.ages`, { min: e.minAge, max: e.maxAge }),
    ...(e.employed ? [i18n.t(`${k}.employed`)] : []),
    ...(e.women ? [i18n.t(`${k}.women`)] : []),
    ...(e.healthDeclaration ? [i18n.t(`${k}.healthDeclaration`)] : []),
  ];
}

/** The price and the shares: 每份 ¥35.00，最多 3 份 / 免费参加. */
export function priceText(rule: Pick<PlanRule, 'pricePerShareFen' | 'maxShares'>): string {
  const k = 'consoleMutualAid.words';
  if (rule.pricePerShareFen === 0) return i18n.t(`${k}.free`);
  return rule.maxShares > 1
    ? i18n.t(`${k}.pricePerShare`, { price: formatFen(rule.pricePerShareFen), count: rule.maxShares })
    : i18n.t(`${k}.price`, { price: formatFen(rule.pricePerShareFen) });
}

export function waitingText(waitingDays: number): string {
  return waitingDays > 0 ? i18n.t('consoleMutualAid.words.waiting', { count: waitingDays }) : i18n.t('consoleMutualAid.words.noWaiting');
}

/** How a payout line was reached, from the plan's benefit of its kind: 50% of ¥30,000.00; ¥10,000.00 × 3 份. */
export function lineBasisText(line: { kind: string; baseFen: number }, rule: Pick<PlanRule, 'benefits'> | null, shares: number): string {
  const benefit = rule?.benefits.find((b) => b.kind === line.kind);
  const k = 'consoleMutualAid.words';
  if (!benefit) return formatFen(line.baseFen);
  switch (benefit.kind) {
    case 'hospital':
    case 'above_ceiling':
      return i18n.t(`${k}.basisRate`, { base: formatFen(line.baseFen), rate: benefit.ratePct });
    case 'first_diagnosis':
      return i18n.t(`${k}.basisShares`, { base: formatFen(line.baseFen), count: shares });
    case 'self_paid_full':
      return i18n.t(`${k}.basisFull`, { base: formatFen(line.baseFen) });
  }
}

/** A benefit's limit a cycle, to read beside what the insured has used: 2 次, or its cap. */
export function limitText(kind: string, rule: Pick<PlanRule, 'benefits'> | null): string | null {
  const benefit = rule?.benefits.find((b) => b.kind === kind);
  if (!benefit) return null;
  const k = 'consoleMutualAid.words';
  const times = 'timesPerCycle' in benefit ? i18n.t(`${k}.times`, { count: benefit.timesPerCycle }) : null;
  const cap = 'capFen' in benefit ? i18n.t(`${k}.capped`, { cap: yuanWords(benefit.capFen) }) : null;
  return [times, cap].filter((s): s is string => s !== null).join(i18n.t('consoleMutualAid.words.listSeparator'));
}

// ---------------------------------------------------------------------------------------------
// The review.

/** Whether every item of the checklist is ticked (批准 waits for it; the server refuses otherwise). */
export function checklistComplete(keys: readonly ChecklistKey[], ticked: Readonly<Partial<Record<ChecklistKey, boolean>>>): boolean {
  return keys.length > 0 && keys.every((key) => ticked[key] === true);
}

/** The checklist as the API takes it: every item, ticked or not. */
export function checklistBody(keys: readonly ChecklistKey[], ticked: Readonly<Partial<Record<ChecklistKey, boolean>>>) {
  return Object.fromEntries(keys.map((key) => [key, ticked[key] === true])) as Record<ChecklistKey, boolean>;
}

/**
 * What a refusal of the server says, line by line: the title, then each errors[] item (a rule, an
 * unticked item) the title does not already say (a title often lists its reasons).
 */
export function refusalOf(error: unknown): { title: string; items: string[]; code: string } | null {
  if (!(error instanceof ApiError)) return null;
  const items = [...new Set(error.errors.map((e) => e.message))].filter((message) => !error.title.includes(message));
  return { title: error.title, items, code: error.code };
}

/** Who approved a claim first and when: the latest first approval among its steps. */
export function firstApproval<S extends { action: string; actorName: string | null; createdAt: string }>(steps: readonly S[]): S | null {
  return [...steps].reverse().find((s) => s.action === 'approve') ?? null;
}

// ---------------------------------------------------------------------------------------------
// Batches, group lists, reconciliation, the dashboard.

/** A batch's name to start from: 职工医疗互助保障 2026-12-07 发放. */
export function defaultBatchName(planName: string, day: string): string {
  return i18n.t('consoleMutualAid.batches.defaultName', { plan: planName, day }).slice(0, 60);
}

/**
 * The group list's template as a CSV Excel opens as UTF-8 (a BOM first): its columns (the headers the
 * server reads: 姓名, 身份证号, 份数, from the catalogue) and no row, so that nobody enrols an example
 * person by mistake.
 */
export function groupTemplateCsv(columns: readonly string[]): string {
  return `\uFEFF${columns.join(',')}\r\n`;
}

/** A day in Asia/Shanghai, `days` from now. */
export function shanghaiDayOf(now: Date, days = 0): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(now.getTime() + days * 86_400_000),
  );
}

/** A reconciled day's key (a hospital, a plan, a day): one row of the list. */
export function reconciliationKey(r: { partnerId: string; planId: string; day: string }): string {
  return `${r.partnerId}/${r.planId}/${r.day}`;
}

/** Whether an area of the dashboard can be opened further: not the area on screen itself (its 本级 row). */
export function canDrill(dashboard: Pick<Dashboard, 'area'>, area: { orgId: string }): boolean {
  return area.orgId !== dashboard.area.id;
}

export interface Crumb {
  id: string;
  name: string;
}

/** The trail after drilling into `area` from the last crumb (or going back up to a crumb already on it). */
export function drillTrail(trail: readonly Crumb[], to: Crumb): Crumb[] {
  const at = trail.findIndex((c) => c.id === to.id);
  return at >= 0 ? trail.slice(0, at + 1) : [...trail, to];
}
