// Mutual medical aid (职工医疗互助保障), issue 19: the plans' rules as pure functions — who may enrol, the
// cycle a day falls in, the waiting period, and what a claim pays. No I/O and no clock: the caller
// passes the day. Money is integer fen; a payout is rounded down to the fen (the fund never pays more
// than its rate), and a cap or a count limit of the plan applies per member and cycle.

export type Gender = 'female' | 'male';

/** A problem with an enrolment or a claim: a stable code (problems.mutual-aid.<code>) and its figures. */
export interface RuleProblem {
  code: string;
  params?: Record<string, string | number>;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(day: string): [number, number, number] {
  const match = DAY.exec(day);
  if (!match) throw new Error(`not a day: ${day}`);
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function dayOf(year: number, month: number, date: number): string {
  // A 29 February start falls on the 28th in a common year.
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(date, last)).padStart(2, '0')}`;
}

function addDays(day: string, days: number): string {
  const [y, m, d] = parts(day);
  return new Date(Date.UTC(y, m - 1, d) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Whole years of age on a day (a birthday counts from its own day). */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = parts(birthDate);
  const [y, m, d] = parts(day);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** A plan's cycle: a year from the plan's start day, the last day included. */
export interface Cycle {
  start: string;
  end: string;
}

/** The cycle of a plan starting on `planStart` that `day` falls in (null before the plan starts). */
export function cycleOf(planStart: string, day: string): Cycle | null {
  if (day < planStart) return null;
  const [, sm, sd] = parts(planStart);
  let [year] = parts(day);
  if (dayOf(year, sm, sd) > day) year -= 1;
  return { start: dayOf(year, sm, sd), end: addDays(dayOf(year + 1, sm, sd), -1) };
}

/** Payout at a rate in percent, rounded down to the fen. */
export function atRate(baseFen: number, ratePct: number): number {
  return Math.floor((baseFen * ratePct) / 100);
}

// ---------------------------------------------------------------------------------------------
// Plans as data.

export interface Eligibility {
  minAge: number;
  /** The oldest age at enrolment, included (乌鲁木齐 16–60: 60 may enrol until the 61st birthday). */
  maxAge: number;
  employed: boolean;
  /** A plan for women (女性馨康): women, or the wives of male members. */
  women?: boolean;
  healthDeclaration?: boolean;
}

export type Benefit =
  /** In-scope self-paid hospital costs at a rate, a number of times a cycle (乌鲁木齐: 50 %, twice). */
  | { kind: 'hospital'; ratePct: number; timesPerCycle: number }
  /** Costs above the basic insurance's ceiling, within the large-amount scope (乌鲁木齐: 40 %, once, ≤ 5,000 yuan). */
  | { kind: 'above_ceiling'; ratePct: number; timesPerCycle: number; capFen: number }
  /** A first diagnosis of a listed disease: a sum per share by grade (内蒙古 女性馨康: 13 diseases, 1万–3万). */
  | { kind: 'first_diagnosis'; diseases: readonly FemaleDisease[]; fenPerShareByGrade: readonly number[]; timesPerCycle: number }
  /** The self-paid hospital portion in full, up to a cap (广东 困难职工: up to 210,000 yuan). */
  | { kind: 'self_paid_full'; capFen: number };

export type BenefitKind = Benefit['kind'];
export type FemaleDisease = (typeof FEMALE_DISEASES)[number];

export interface PlanRule {
  pricePerShareFen: number;
  maxShares: number;
  /** Days after enrolment before a claim is covered. */
  waitingDays: number;
  eligibility: Eligibility;
  benefits: readonly Benefit[];
}

/** The 13 female-specific diseases of 内蒙古's 女性馨康 (primary, first diagnosed). */
export const FEMALE_DISEASES = [
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
] as const;

const yuan = (n: number) => n * 100;

/** 乌鲁木齐: 110 yuan a year for members aged 16–60 in employment (seed 000). */
export const URUMQI_PLAN: PlanRule = {
  pricePerShareFen: yuan(110),
  maxShares: 1,
  waitingDays: 0,
  eligibility: { minAge: 16, maxAge: 60, employed: true },
  benefits: [
    { kind: 'hospital', ratePct: 50, timesPerCycle: 2 },
    { kind: 'above_ceiling', ratePct: 40, timesPerCycle: 1, capFen: yuan(5_000) },
  ],
};

/**
 * 内蒙古 女性馨康: 35 yuan a share for healthy women under 60 in employment, or wives of male members
 * (seed 003). The page gives the range, 1万–3万 by grade; the three grades are this plan's data.
 */
export const XINKANG_PLAN: PlanRule = {
  pricePerShareFen: yuan(35),
  maxShares: 3,
  waitingDays: 90,
  eligibility: { minAge: 16, maxAge: 59, employed: true, women: true, healthDeclaration: true },
  benefits: [
    {
      kind: 'first_diagnosis',
      diseases: FEMALE_DISEASES,
      fenPerShareByGrade: [yuan(10_000), yuan(20_000), yuan(30_000)],
      timesPerCycle: 1,
    },
  ],
};

/** 广东's plan for hardship workers: the self-paid hospital portion in full, up to 210,000 yuan (DOMAIN.md). */
export const GUANGDONG_HARDSHIP_PLAN: PlanRule = {
  pricePerShareFen: 0,
  maxShares: 1,
  waitingDays: 0,
  eligibility: { minAge: 16, maxAge: 60, employed: true },
  benefits: [{ kind: 'self_paid_full', capFen: yuan(210_000) }],
};

// ---------------------------------------------------------------------------------------------
// Enrolment.

export interface Applicant {
  birthDate: string;
  gender: Gender;
  employed: boolean;
  /** The wife of a male member (女性馨康 takes her though she is not employed). */
  spouseOfMember?: boolean;
  healthDeclared?: boolean;
}

/** What refuses an enrolment on a day; empty when the person may enrol with that many shares. */
export function checkEnrolment(plan: PlanRule, person: Applicant, shares: number, day: string): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const rule = plan.eligibility;
  const age = ageOn(person.birthDate, day);
  if (age < rule.minAge || age > rule.maxAge) problems.push({ code: 'age', params: { age, min: rule.minAge, max: rule.maxAge } });
  if (rule.women && person.gender !== 'female') problems.push({ code: 'women_only' });
  const spouse = rule.women === true && person.spouseOfMember === true;
  if (rule.employed && !person.employed && !spouse) problems.push({ code: 'not_employed' });
  if (rule.healthDeclaration && !person.healthDeclared) problems.push({ code: 'health_declaration' });
  if (!Number.isInteger(shares) || shares < 1 || shares > plan.maxShares) {
    problems.push({ code: 'shares', params: { max: plan.maxShares } });
  }
  return problems;
}

/** The first day a member enrolled on `enrolledOn` is covered. */
export function coveredFrom(plan: PlanRule, enrolledOn: string): string {
  return addDays(enrolledOn, plan.waitingDays);
}

// ---------------------------------------------------------------------------------------------
// Claims.

export interface ClaimFigures {
  /** The hospital bill, all of it. */
  totalFen: number;
  /** Self-paid within the basic medical insurance's scope. */
  inScopeSelfPaidFen: number;
  /** Self-paid above the basic insurance's ceiling, within the large-amount scope. */
  aboveCeilingFen: number;
  /** Self-paid in all (广东's plan pays it in full). */
  selfPaidFen: number;
}

/** Figures that cannot be: negative, or parts larger than the whole they are part of. */
export function checkClaimFigures(f: ClaimFigures): RuleProblem[] {
  const problems: RuleProblem[] = [];
  for (const [field, value] of Object.entries(f)) {
    if (!Number.isInteger(value) || value < 0) problems.push({ code: 'amount_invalid', params: { field } });
  }
  if (problems.length > 0) return problems;
  if (f.selfPaidFen > f.totalFen) problems.push({ code: 'self_paid_over_total' });
  if (f.inScopeSelfPaidFen + f.aboveCeilingFen > f.selfPaidFen) problems.push({ code: 'parts_over_self_paid' });
  return problems;
}

/** What a member has already been paid this cycle, by benefit: how many times and how much. */
export type CycleHistory = Partial<Record<BenefitKind, { times: number; paidFen: number }>>;

export interface ClaimInput {
  /** The day of admission (or of the first diagnosis). */
  on: string;
  figures: ClaimFigures;
  /** For a first diagnosis: the disease and its grade (1 …). */
  diagnosis?: { disease: string; grade: number } | undefined;
}

export interface PayoutLine {
  kind: BenefitKind;
  baseFen: number;
  payoutFen: number;
  /** Why the line pays less than its rate gives: the cap of the benefit. */
  capped: boolean;
  /** The benefit's rate, for the words a hospital or a member reads (null for a fixed sum). */
  ratePct: number | null;
  /** What the cap left for this claim after the cycle's earlier payouts (null: no cap). */
  capLeftFen: number | null;
}

export type Payout =
  /** `usedUp`: the benefits the claim reached but the member has used up this cycle (they pay nothing). */
  { ok: true; payoutFen: number; lines: PayoutLine[]; usedUp: RuleProblem[] } | { ok: false; problems: RuleProblem[] };

/**
 * What a claim pays under a member's plan: each benefit the claim's figures reach, at its rate and
 * within its cap. Refused whole when the figures cannot be, or the day is outside the member's covered
 * cycle (before the waiting period ends, or after the cycle), or every benefit the claim reaches is used
 * up this cycle (a third hospitalisation).
 */
export function payClaim(
  plan: PlanRule,
  enrolment: { enrolledOn: string; cycle: Cycle; shares: number },
  claim: ClaimInput,
  history: CycleHistory = {},
): Payout {
  const figures = checkClaimFigures(claim.figures);
  if (figures.length > 0) return { ok: false, problems: figures };
  const from = coveredFrom(plan, enrolment.enrolledOn);
  if (claim.on < enrolment.cycle.start || claim.on > enrolment.cycle.end) {
    return { ok: false, problems: [{ code: 'outside_cycle', params: { start: enrolment.cycle.start, end: enrolment.cycle.end } }] };
  }
  if (claim.on < from) return { ok: false, problems: [{ code: 'waiting_period', params: { from } }] };
  const lines: PayoutLine[] = [];
  const usedUp: RuleProblem[] = [];
  for (const benefit of plan.benefits) {
    const used = history[benefit.kind]?.times ?? 0;
    const line = benefitLine(benefit, claim.figures, claim, enrolment.shares, history[benefit.kind]?.paidFen ?? 0);
    if (!line) continue;
    // A benefit used up this cycle pays nothing more; the claim's other benefits still pay.
    if ('timesPerCycle' in benefit && used >= benefit.timesPerCycle) {
      usedUp.push({ code: 'times_used', params: { benefit: benefit.kind, times: benefit.timesPerCycle } });
      continue;
    }
    if (line.payoutFen === 0 && line.capped) {
      usedUp.push({ code: 'cap_used', params: { benefit: benefit.kind } });
      continue;
    }
    lines.push(line);
  }
  if (lines.length === 0) return { ok: false, problems: usedUp.length > 0 ? usedUp : [{ code: 'nothing_covered' }] };
  return { ok: true, payoutFen: lines.reduce((sum, l) => sum + l.payoutFen, 0), lines, usedUp };
}

/** A benefit's line for one claim; a cap holds for the whole cycle, so what was paid before counts against it. */
function benefitLine(benefit: Benefit, f: ClaimFigures, claim: ClaimInput, shares: number, paidBeforeFen: number): PayoutLine | null {
  switch (benefit.kind) {
    case 'hospital':
      return f.inScopeSelfPaidFen > 0
        ? {
            kind: 'hospital',
            baseFen: f.inScopeSelfPaidFen,
            payoutFen: atRate(f.inScopeSelfPaidFen, benefit.ratePct),
            capped: false,
            ratePct: benefit.ratePct,
            capLeftFen: null,
          }
        : null;
    case 'above_ceiling': {
      if (f.aboveCeilingFen <= 0) return null;
      const at = atRate(f.aboveCeilingFen, benefit.ratePct);
      const room = Math.max(0, benefit.capFen - paidBeforeFen);
      return {
        kind: 'above_ceiling',
        baseFen: f.aboveCeilingFen,
        payoutFen: Math.min(at, room),
        capped: at > room,
        ratePct: benefit.ratePct,
        capLeftFen: room,
      };
    }
    case 'first_diagnosis': {
      const d = claim.diagnosis;
      if (!d || !(benefit.diseases as readonly string[]).includes(d.disease)) return null;
      const perShare = benefit.fenPerShareByGrade[d.grade - 1];
      if (perShare === undefined) return null;
      return { kind: 'first_diagnosis', baseFen: perShare, payoutFen: perShare * shares, capped: false, ratePct: null, capLeftFen: null };
    }
    case 'self_paid_full': {
      if (f.selfPaidFen <= 0) return null;
      const room = Math.max(0, benefit.capFen - paidBeforeFen);
      return {
        kind: 'self_paid_full',
        baseFen: f.selfPaidFen,
        payoutFen: Math.min(f.selfPaidFen, room),
        capped: f.selfPaidFen > room,
        ratePct: 100,
        capLeftFen: room,
      };
    }
  }
}
