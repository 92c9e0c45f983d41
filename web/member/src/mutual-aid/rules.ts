// Pure rules of the mutual-aid pages (互助保障): money as a worker reads it (yuan, two decimals), a
// plan's benefits put into words, the claim's body from what was typed, where each of the server's
// problems is shown, and the order of claims. No React, no I/O: the server stays the authority (it
// checks who may enrol and computes every payout).
import { cleanName, dayOf, parseYuan, type YuanProblem } from '../hardship/rules.ts';
import { normaliseIdNumber } from '../../../shared/id-number.ts';
import type {
  Benefit,
  BenefitKind,
  ClaimBody,
  ClaimStatus,
  ClaimStep,
  Disease,
  DocumentKind,
  Enrolment,
  EnrolmentBody,
  Plan,
  PlanItem,
  PlanRule,
} from './api.ts';

export { cleanName, dayOf, parseYuan, type YuanProblem };

export const BENEFIT_KINDS = ['hospital', 'above_ceiling', 'first_diagnosis', 'self_paid_full'] as const satisfies readonly BenefitKind[];

export const CLAIM_STATUSES = [
  'submitted',
  'more_info',
  'second_review',
  'approved',
  'rejected',
  'paid',
  'settled',
  'cancelled',
] as const satisfies readonly ClaimStatus[];

/** While documents may still be added to a claim (the server's own list). */
export const DOCUMENTS_OPEN: readonly ClaimStatus[] = ['submitted', 'more_info', 'second_review'];

export const DOCUMENT_KINDS = ['invoice', 'discharge_summary', 'diagnosis', 'other'] as const satisfies readonly DocumentKind[];

/** The steps the server writes on a claim; a kind it adds later shows under a general label. */
export const STEP_ACTIONS = ['filed', 'refiled', 'ask_more', 'approve', 'second_approve', 'reject', 'pay', 'settle', 'cancel'] as const;
export type StepAction = (typeof STEP_ACTIONS)[number];

export function isStepAction(action: string): action is StepAction {
  return (STEP_ACTIONS as readonly string[]).includes(action);
}

// ---------------------------------------------------------------------------------------------
// Money.

/** Fen as yuan with two decimals and thousands separated: 2000000 → "20,000.00". */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

/** A plan's cap or sum as its rules say it: whole yuan without decimals (5,000), else two decimals. */
export function ruleYuan(fen: number): string {
  return fen % 100 === 0 ? (fen / 100).toLocaleString('en-US') : yuan(fen);
}

/**
 * Sums per grade as the plans print them: in ten-thousands of yuan (1万/2万/3万) when each is whole
 * ten-thousands, else in yuan (5,000/8,000). `tenThousands` says which, for the words around them.
 */
export function gradeSums(fenPerGrade: readonly number[]): { values: string[]; tenThousands: boolean } {
  const tenThousands = fenPerGrade.every((fen) => fen % 1_000_000 === 0);
  return { values: fenPerGrade.map((fen) => (tenThousands ? String(fen / 1_000_000) : ruleYuan(fen))), tenThousands };
}

/** An amount typed in yuan to fen, or null when it is not one (the form says why). */
export function fenOf(text: string | undefined): number | null {
  const parsed = parseYuan(text ?? '');
  return parsed.ok ? parsed.fen : null;
}

// ---------------------------------------------------------------------------------------------
// A plan in words.

/**
 * The parameters of a benefit's sentence (memberMutualAid.benefit.<kind>). `sums` writes a first
 * diagnosis's sums per grade in the page's words (1万/2万/3万元).
 */
export function benefitParams(
  benefit: Benefit,
  sums: (sums: { values: string[]; tenThousands: boolean }) => string,
): Record<string, string | number> {
  switch (benefit.kind) {
    case 'hospital':
      return { rate: benefit.ratePct, times: benefit.timesPerCycle };
    case 'above_ceiling':
      return { rate: benefit.ratePct, times: benefit.timesPerCycle, cap: ruleYuan(benefit.capFen) };
    case 'first_diagnosis':
      return { count: benefit.diseases.length, amounts: sums(gradeSums(benefit.fenPerShareByGrade)) };
    case 'self_paid_full':
      return { cap: ruleYuan(benefit.capFen) };
  }
}

/** The diseases a plan's first-diagnosis benefit lists, and its grades (1 …); none without one. */
export function diagnosisBenefit(rule: PlanRule): { diseases: readonly Disease[]; grades: number[] } | null {
  const benefit = rule.benefits.find((b) => b.kind === 'first_diagnosis');
  if (!benefit) return null;
  return { diseases: benefit.diseases, grades: benefit.fenPerShareByGrade.map((_, i) => i + 1) };
}

/** Whether the plan offers to enrol a wife: a plan for women, and a member who is not a woman himself. */
export function offersSpouse(rule: PlanRule, memberGender: 'male' | 'female' | null | undefined): boolean {
  return rule.eligibility.women === true && memberGender !== 'female';
}

/** The member's enrolments of a plan this cycle that are paid, or still waiting to be paid. */
export function enrolmentsByState(item: Pick<PlanItem, 'enrolments'>): { active: Enrolment[]; pending: Enrolment[] } {
  return {
    active: item.enrolments.filter((e) => e.status === 'active'),
    pending: item.enrolments.filter((e) => e.status === 'pending_payment'),
  };
}

/** Whom the member may still enrol in a plan this cycle: self once, and a wife once where the plan takes her. */
export function canStillEnrol(item: Pick<PlanItem, 'enrolments' | 'plan'>, memberGender: 'male' | 'female' | null | undefined): boolean {
  const taken = new Set(item.enrolments.filter((e) => e.status === 'active').map((e) => e.relation));
  if (!taken.has('self')) return true;
  return offersSpouse(item.plan.rule, memberGender) && !taken.has('spouse');
}

/** The active enrolments a claim can be filed on, each with its plan. */
export function claimableEnrolments(items: readonly PlanItem[]): { enrolment: Enrolment; plan: Plan }[] {
  return items.flatMap((item) => item.enrolments.filter((e) => e.status === 'active').map((enrolment) => ({ enrolment, plan: item.plan })));
}

// ---------------------------------------------------------------------------------------------
// Enrolment.

export interface EnrolValues {
  relation?: 'self' | 'spouse';
  name?: string;
  idNumber?: string;
  shares?: number;
  employed?: boolean;
  healthDeclared?: boolean;
}

export function enrolmentBody(planId: string, values: EnrolValues): EnrolmentBody {
  return {
    planId,
    relation: values.relation ?? 'self',
    insured: { name: cleanName(values.name), idNumber: normaliseIdNumber(values.idNumber ?? '') },
    shares: values.shares ?? 1,
    employed: values.employed === true,
    healthDeclared: values.healthDeclared === true,
  };
}

export type EnrolField = 'relation' | 'name' | 'idNumber' | 'shares' | 'employed' | 'healthDeclared';

// The rules' problems name their code where a field would be ('age', 'not_employed'): each is shown at
// the answer it comes from — the age at the 身份证号 it is read from.
const ENROL_BY_CODE: Record<string, EnrolField> = {
  'mutual-aid.age': 'idNumber',
  'mutual-aid.not_own_id': 'idNumber',
  'mutual-aid.women_only': 'relation',
  'mutual-aid.spouse_not_covered': 'relation',
  'mutual-aid.not_employed': 'employed',
  'mutual-aid.health_declaration': 'healthDeclared',
  'mutual-aid.shares': 'shares',
};

const ENROL_BY_FIELD: Record<string, EnrolField> = {
  'insured.name': 'name',
  'insured.idNumber': 'idNumber',
  relation: 'relation',
  shares: 'shares',
  employed: 'employed',
  healthDeclared: 'healthDeclared',
};

/** Where a problem of an enrolment is shown: at its field, or (null) with the notice's title. */
export function enrolFieldOf(problem: { field?: string | undefined; code?: string | undefined }): EnrolField | null {
  const byCode = problem.code ? ENROL_BY_CODE[problem.code] : undefined;
  if (byCode) return byCode;
  if (problem.code?.startsWith('mutual-aid.id_number_')) return 'idNumber';
  return ENROL_BY_FIELD[(problem.field ?? '').replace(/^body\./, '')] ?? null;
}

// ---------------------------------------------------------------------------------------------
// A claim.

export interface ClaimValues {
  admittedOn?: Date | null;
  dischargedOn?: Date | null;
  hospital?: string;
  diagnosis?: string;
  disease?: Disease;
  grade?: number;
  total?: string;
  selfPaid?: string;
  inScope?: string;
  aboveCeiling?: string;
  bank?: string;
  accountNo?: string;
}

export type ClaimField = keyof ClaimValues;

/** The figures a claim may pay on, in the order the settlement sheet (医保结算单) gives them. */
export const FIGURE_FIELDS = ['total', 'selfPaid', 'inScope', 'aboveCeiling'] as const satisfies readonly ClaimField[];

/**
 * The claim's body from checked form values. An amount left empty is 0 (most bills have no amount above
 * the ceiling); one that still is not an amount is sent as -1 so that the server names its field.
 */
export function claimBody(enrolmentId: string, values: ClaimValues): ClaimBody {
  const amount = (text: string | undefined) => (text?.trim() ? (fenOf(text) ?? -1) : 0);
  return {
    enrolmentId,
    admittedOn: values.admittedOn ? dayOf(values.admittedOn) : '',
    dischargedOn: values.dischargedOn ? dayOf(values.dischargedOn) : null,
    figures: {
      totalFen: amount(values.total),
      inScopeSelfPaidFen: amount(values.inScope),
      aboveCeilingFen: amount(values.aboveCeiling),
      selfPaidFen: amount(values.selfPaid),
    },
    hospital: (values.hospital ?? '').trim(),
    diagnosis: (values.diagnosis ?? '').trim(),
    disease: values.disease ? { code: values.disease, grade: values.grade ?? 1 } : null,
    bankAccount: { bank: (values.bank ?? '').trim(), accountNo: (values.accountNo ?? '').replace(/[\s-]/g, '') },
  };
}

const CLAIM_BY_CODE: Record<string, ClaimField> = {
  'mutual-aid.self_paid_over_total': 'selfPaid',
  'mutual-aid.parts_over_self_paid': 'selfPaid',
  'mutual-aid.outside_cycle': 'admittedOn',
  'mutual-aid.waiting_period': 'admittedOn',
  'mutual-aid.discharge_before_admission': 'dischargedOn',
  'mutual-aid.bank_account_invalid': 'accountNo',
};

const CLAIM_BY_FIELD: Record<string, ClaimField> = {
  admittedOn: 'admittedOn',
  dischargedOn: 'dischargedOn',
  hospital: 'hospital',
  diagnosis: 'diagnosis',
  'disease.code': 'disease',
  'disease.grade': 'grade',
  'figures.totalFen': 'total',
  'figures.selfPaidFen': 'selfPaid',
  'figures.inScopeSelfPaidFen': 'inScope',
  'figures.aboveCeilingFen': 'aboveCeiling',
  'bankAccount.bank': 'bank',
  'bankAccount.accountNo': 'accountNo',
};

/** Where a problem of a claim is shown: at its field, or (null) with the notice's title (a benefit used up). */
export function claimFieldOf(problem: { field?: string | undefined; code?: string | undefined }): ClaimField | null {
  const byCode = problem.code ? CLAIM_BY_CODE[problem.code] : undefined;
  if (byCode) return byCode;
  return CLAIM_BY_FIELD[(problem.field ?? '').replace(/^body\./, '')] ?? null;
}

/** Problems sorted to the fields they belong to (several on one field kept in order) and the rest. */
export function placeProblems<F extends string>(
  problems: readonly { field?: string | undefined; code?: string | undefined; message: string }[],
  fieldOf: (problem: { field?: string | undefined; code?: string | undefined }) => F | null,
): { fields: { name: F; errors: string[] }[]; rest: string[] } {
  const fields: { name: F; errors: string[] }[] = [];
  const rest: string[] = [];
  for (const problem of problems) {
    const name = fieldOf(problem);
    if (name === null) {
      rest.push(problem.message);
      continue;
    }
    const existing = fields.find((f) => f.name === name);
    if (existing) existing.errors.push(problem.message);
    else fields.push({ name, errors: [problem.message] });
  }
  return { fields, rest };
}

// ---------------------------------------------------------------------------------------------
// Following a claim.

/** The reason beside a step: the union's (more needed, refused, cancelled) or the member's own note. */
export function stepReason(step: Pick<ClaimStep, 'action' | 'reason'>): { whose: 'union' | 'own'; text: string } | null {
  const text = step.reason?.trim();
  if (!text) return null;
  if (step.action === 'refiled') return { whose: 'own', text };
  return step.action === 'ask_more' || step.action === 'reject' || step.action === 'cancel' ? { whose: 'union', text } : null;
}

/** The union's latest reason for asking more or refusing: what the worker must read first. */
export function latestUnionReason(steps: readonly Pick<ClaimStep, 'action' | 'reason'>[]): string | null {
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i];
    if (step && (step.action === 'ask_more' || step.action === 'reject')) return step.reason?.trim() || null;
  }
  return null;
}

/** Claims still being decided first (the ones asking something of the worker at the top), then the newest. */
export function sortClaims<T extends { status: ClaimStatus; createdAt: string }>(claims: readonly T[]): T[] {
  const rank = (s: ClaimStatus) => (s === 'more_info' ? 0 : DOCUMENTS_OPEN.includes(s) ? 1 : 2);
  return [...claims].sort((a, b) => rank(a.status) - rank(b.status) || b.createdAt.localeCompare(a.createdAt));
}

/** Which amount a claim's card shows, by its status: expected, approved, paid, settled at the hospital, or none. */
export function payoutKind(status: ClaimStatus): 'expected' | 'approved' | 'paid' | 'settled' | 'none' {
  switch (status) {
    case 'submitted':
    case 'more_info':
    case 'second_review':
      return 'expected';
    case 'approved':
      return 'approved';
    case 'paid':
      return 'paid';
    case 'settled':
      return 'settled';
    case 'rejected':
    case 'cancelled':
      return 'none';
  }
}

/** A size as the worker reads it: 8.4 MB. */
export function megabytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MB`;
}

/** The most a document may be (the server's photo limit, 10 MB): a larger one is refused before it is sent. */
export const DOCUMENT_LIMIT_BYTES = 10 * 2 ** 20;
