// Enrolment (参保): a member enrols themselves, or the wife of a male member her plan takes, and pays in
// the H5; the enrolment takes effect when the payment provider says it is paid (its notification, the
// H5's check on return, or the job that chases pending orders, whichever comes first — once). The
// contribution goes into the plan's fund in the same transaction. Until then the order holds the
// person's place; an order that expires unpaid is closed and the place freed.
import { randomBytes } from 'node:crypto';
import { and, desc, eq, lt, sql } from 'drizzle-orm';
import type { Actor } from '../../../platform/audit/audit.js';
import { recordAudit, systemActor } from '../../../platform/audit/audit.js';
import type { Platform } from '../../../platform/context.js';
import { maskIdNumber, maskName } from '../../../platform/crypto/mask.js';
import { checkIdNumber } from '../../../platform/crypto/validators.js';
import { uniqueViolation } from '../../../platform/db/errors.js';
import { inTransaction, queryRows, type Db, type Tx } from '../../../platform/db/tx.js';
import type { FieldProblem } from '../../../platform/errors/app-error.js';
import { PaymentProviderError } from '../../../platform/payments/wechatpay-v3.js';
import {
  payInProviderFromConfig,
  type PayAction,
  type Payer,
  type PayInProvider,
  type PaymentOutcome,
} from '../../../platform/payments/pay-in.js';
import { shanghaiDay } from '../../../platform/time/shanghai.js';
import { receiveFromSource } from '#modules/funds';
import { findMemberByAccount, type MemberSummary } from '#modules/members';
import { findOrgById } from '#modules/orgs';
import { mutualAidErrors } from '../errors.js';
import { problem, ruleProblem } from './problems.js';
import { checkEnrolment, coveredFrom } from '../rules.js';
import { mutualAidCertificateSequence, mutualAidEnrolments, mutualAidPayments, type EnrolmentStatus } from '../schema.js';
import { decryptInsured, encryptInsured, idIndexOf } from './crypto.js';
import { currentCycle, loadPlan, loadPlans, plansCovering, type Plan } from './plans.js';

/** An unpaid order holds the person's place this long. */
export const PAYMENT_TTL_MS = 30 * 60_000;

export interface Enrolment {
  id: string;
  planId: string;
  planName: string;
  cycleStart: string;
  cycleEnd: string;
  relation: 'self' | 'spouse';
  /** Masked (张*华): the whole name is on the certificate the member opens. */
  insuredName: string;
  shares: number;
  priceFen: number;
  status: EnrolmentStatus;
  channel: 'individual' | 'group';
  enrolledOn: string | null;
  /** The first day a claim is covered (after the waiting period). */
  coveredFrom: string | null;
  certificateNo: string | null;
  createdAt: Date;
}

export interface EnrolmentRequest {
  planId: string;
  relation: 'self' | 'spouse';
  /** The insured person's name and 身份证号: the member's own (checked against the roll) or his wife's. */
  insured: { name: string; idNumber: string };
  shares: number;
  employed: boolean;
  healthDeclared: boolean;
  payer: Payer;
}

const providers = new WeakMap<object, PayInProvider | null>();

/** The configured pay-in provider (WeChat Pay; the instant one outside production), or null. */
export function payInOf(p: Pick<Platform, 'config'>): PayInProvider | null {
  if (!providers.has(p.config)) providers.set(p.config, payInProviderFromConfig(p.config));
  return providers.get(p.config) ?? null;
}

type EnrolmentRow = typeof mutualAidEnrolments.$inferSelect;

export function toEnrolment(p: Pick<Platform, 'cipher' | 'blindIndex'>, row: EnrolmentRow, plan: Pick<Plan, 'name' | 'rule'>): Enrolment {
  const insured = decryptInsured(p, row);
  return {
    id: row.id,
    planId: row.planId,
    planName: plan.name,
    cycleStart: row.cycleStart,
    cycleEnd: row.cycleEnd,
    relation: row.relation,
    insuredName: maskName(insured.name),
    shares: row.shares,
    priceFen: row.priceFen,
    status: row.status,
    channel: row.channel,
    enrolledOn: row.enrolledOn,
    coveredFrom: row.enrolledOn ? coveredFrom(plan.rule, row.enrolledOn) : null,
    certificateNo: row.certificateNo,
    createdAt: row.createdAt,
  };
}

async function requireMember(db: Db, accountId: string): Promise<MemberSummary> {
  const member = await findMemberByAccount(db, accountId);
  if (!member || member.status !== 'active') throw mutualAidErrors.notMember();
  return member;
}

/** The plans open to a member's union, each with the cycle open for enrolment and the member's enrolments in it. */
export async function memberPlans(db: Db, p: Pick<Platform, 'cipher' | 'blindIndex'>, accountId: string, now: Date) {
  const member = await requireMember(db, accountId);
  const plans = await plansCovering(db, member.orgId);
  const today = shanghaiDay(now);
  const mine = await db
    .select()
    .from(mutualAidEnrolments)
    .where(and(eq(mutualAidEnrolments.memberId, member.id), sql`${mutualAidEnrolments.status} <> 'cancelled'`));
  return plans.map((plan) => {
    const cycle = currentCycle(plan, today);
    return {
      plan,
      cycle,
      enrolments: mine.filter((e) => e.planId === plan.id && e.cycleStart === cycle?.start).map((e) => toEnrolment(p, e, plan)),
    };
  });
}

/**
 * Starts a member's enrolment: checks who may enrol, holds the place with an unpaid enrolment, and asks
 * the provider for the payment. The instant provider (development only) pays at once: the enrolment is
 * active when this returns. A member who asks again while an order is unpaid gets that order again.
 */
export async function startEnrolment(
  db: Db,
  p: Pick<Platform, 'cipher' | 'blindIndex' | 'config' | 'log'>,
  accountId: string,
  request: EnrolmentRequest,
  now: Date,
): Promise<{ enrolment: Enrolment; payment: { outTradeNo: string; amountFen: number; provider: string; action: PayAction } }> {
  const provider = payInOf(p);
  if (!provider) throw mutualAidErrors.paymentUnavailable();
  const member = await requireMember(db, accountId);
  const plan = await loadPlan(db, request.planId);
  const org = await findOrgById(db, member.orgId);
  if (!org || !org.path.startsWith(plan.orgPath)) throw mutualAidErrors.planNotFound();
  if (plan.status !== 'open') throw mutualAidErrors.planClosed({ name: plan.name });
  const today = shanghaiDay(now);
  const cycle = currentCycle(plan, today);
  if (!cycle) throw mutualAidErrors.planClosed({ name: plan.name });

  const id = checkIdNumber(request.insured.idNumber, now);
  if (!id.ok) throw mutualAidErrors.invalid({ count: 1 }, { errors: [problem('insured.idNumber', `id_number_${id.problem}`)] });
  const insuredIndex = idIndexOf(p, id.value);
  const problems: FieldProblem[] = [];
  if (request.relation === 'self') {
    // The member's own number must be the one on the roll: the blind indexes meet, nothing is decrypted.
    const [own] = await queryRows<{ ok: boolean }>(db, sql`select id_index = ${insuredIndex} as ok from member where id = ${member.id}`);
    if (!own?.ok) problems.push(problem('insured.idNumber', 'not_own_id'));
  } else if (!plan.rule.eligibility.women || member.gender !== 'male') {
    problems.push(problem('relation', 'spouse_not_covered'));
  }
  const rules = checkEnrolment(
    plan.rule,
    {
      birthDate: id.facts.birthDate,
      gender: id.facts.gender,
      employed: request.employed,
      spouseOfMember: request.relation === 'spouse',
      healthDeclared: request.healthDeclared,
    },
    request.shares,
    today,
  );
  problems.push(...rules.map(ruleProblem));
  if (problems.length > 0) throw mutualAidErrors.notEligible({ count: problems.length }, { errors: problems });

  const priceFen = plan.rule.pricePerShareFen * request.shares;
  const held = await holdPlace(db, p, {
    plan,
    cycle,
    member,
    orgPath: org.path,
    relation: request.relation,
    insured: { name: request.insured.name.trim(), idNumber: id.value },
    idIndex: insuredIndex,
    facts: id.facts,
    shares: request.shares,
    priceFen,
    provider: provider.name,
    now,
  });
  const action = await askProvider(provider, p, held.payment, plan, request.payer);
  if (action.kind === 'instant') {
    await confirmPayment(db, p, {
      outTradeNo: held.payment.outTradeNo,
      state: 'paid',
      transactionId: action.transactionId,
      amountFen: priceFen,
      paidAt: now,
    });
  }
  const [row] = await db.select().from(mutualAidEnrolments).where(eq(mutualAidEnrolments.id, held.enrolmentId));
  if (!row) throw mutualAidErrors.enrolmentNotFound();
  return {
    enrolment: toEnrolment(p, row, plan),
    payment: { outTradeNo: held.payment.outTradeNo, amountFen: priceFen, provider: provider.name, action },
  };
}

interface HeldPayment {
  outTradeNo: string;
  amountFen: number;
  expiresAt: Date;
}

/** The unpaid enrolment and its order, or the member's own unpaid order for the same person again. */
async function holdPlace(
  db: Db,
  p: Pick<Platform, 'cipher' | 'blindIndex'>,
  h: {
    plan: Plan;
    cycle: { start: string; end: string };
    member: MemberSummary;
    orgPath: string;
    relation: 'self' | 'spouse';
    insured: { name: string; idNumber: string };
    idIndex: Buffer;
    facts: { birthDate: string; gender: 'male' | 'female' };
    shares: number;
    priceFen: number;
    provider: string;
    now: Date;
  },
): Promise<{ enrolmentId: string; payment: HeldPayment }> {
  return inTransaction(db, async (tx) => {
    const [existing] = await tx
      .select()
      .from(mutualAidEnrolments)
      .where(
        and(
          eq(mutualAidEnrolments.planId, h.plan.id),
          eq(mutualAidEnrolments.cycleStart, h.cycle.start),
          eq(mutualAidEnrolments.idIndex, h.idIndex),
          sql`${mutualAidEnrolments.status} <> 'cancelled'`,
        ),
      )
      .for('update');
    if (existing) {
      if (existing.status === 'active') throw mutualAidErrors.alreadyEnrolled({ plan: h.plan.name, end: existing.cycleEnd });
      const [open] = await tx
        .select()
        .from(mutualAidPayments)
        .where(and(eq(mutualAidPayments.enrolmentId, existing.id), eq(mutualAidPayments.state, 'pending')))
        .orderBy(desc(mutualAidPayments.createdAt))
        .limit(1);
      // Someone else's unpaid order for this person (her husband's, a second account): not ours to take over.
      if (existing.memberId !== h.member.id || !open || open.expiresAt <= h.now || existing.shares !== h.shares) {
        throw mutualAidErrors.alreadyEnrolled({ plan: h.plan.name, end: existing.cycleEnd });
      }
      return { enrolmentId: existing.id, payment: { outTradeNo: open.outTradeNo, amountFen: open.amountFen, expiresAt: open.expiresAt } };
    }
    let enrolmentId: string;
    try {
      const [row] = await tx
        .insert(mutualAidEnrolments)
        .values({
          planId: h.plan.id,
          cycleStart: h.cycle.start,
          cycleEnd: h.cycle.end,
          memberId: h.member.id,
          relation: h.relation,
          ...encryptInsured(p, h.insured),
          idIndex: h.idIndex,
          gender: h.facts.gender,
          birthDate: h.facts.birthDate,
          shares: h.shares,
          priceFen: h.priceFen,
          orgId: h.member.orgId,
          orgPath: h.orgPath,
          provinceCode: h.member.workRegionCode.slice(0, 2),
          status: 'pending_payment',
          channel: 'individual',
        })
        .returning({ id: mutualAidEnrolments.id });
      if (!row) throw new Error('mutual-aid: the enrolment insert returned no row');
      enrolmentId = row.id;
    } catch (error) {
      if (uniqueViolation(error) === 'mutual_aid_enrolment_person_uq') {
        throw mutualAidErrors.alreadyEnrolled({ plan: h.plan.name, end: h.cycle.end });
      }
      throw error;
    }
    const payment: HeldPayment = {
      outTradeNo: `MA${shanghaiDay(h.now).replaceAll('-', '')}${randomBytes(8).toString('hex').toUpperCase()}`,
      amountFen: h.priceFen,
      expiresAt: new Date(h.now.getTime() + PAYMENT_TTL_MS),
    };
    await tx.insert(mutualAidPayments).values({ enrolmentId, provider: h.provider, ...payment });
    return { enrolmentId, payment };
  });
}

async function askProvider(
  provider: PayInProvider,
  p: Pick<Platform, 'config'>,
  payment: HeldPayment,
  plan: Plan,
  payer: Payer,
): Promise<PayAction> {
  const base = p.config.publicUrl ?? `http://127.0.0.1:${p.config.port}`;
  try {
    return await provider.createPayment({
      outTradeNo: payment.outTradeNo,
      amountFen: payment.amountFen,
      description: `${plan.name}参保费`.slice(0, 40),
      notifyUrl: new URL('/api/channels/wechatpay/pay-notify', base).toString(),
      expiresAt: payment.expiresAt,
      payer,
    });
  } catch (error) {
    if (error instanceof PaymentProviderError) {
      throw mutualAidErrors.paymentProvider({ code: error.code, message: error.providerMessage }, { cause: error });
    }
    throw error;
  }
}

/**
 * The provider's word that an order is paid, applied once: the enrolment takes effect on the day it was
 * paid, gets its certificate number, and the contribution enters the plan's fund — one transaction. A
 * second word on the same order changes nothing. An amount that is not the order's is refused (and
 * logged loudly): nothing is granted for it.
 */
export async function confirmPayment(
  db: Db,
  p: Pick<Platform, 'log'>,
  outcome: PaymentOutcome,
): Promise<'applied' | 'duplicate' | 'ignored'> {
  if (outcome.state !== 'paid') return 'ignored';
  return inTransaction(db, async (tx) => {
    const [payment] = await tx.select().from(mutualAidPayments).where(eq(mutualAidPayments.outTradeNo, outcome.outTradeNo)).for('update');
    if (!payment) throw mutualAidErrors.paymentNotFound();
    if (payment.state === 'paid') return 'duplicate';
    if (outcome.amountFen !== payment.amountFen) {
      p.log.error(
        { outTradeNo: payment.outTradeNo, expected: payment.amountFen, reported: outcome.amountFen },
        'mutual-aid: paid amount differs from the order',
      );
      throw mutualAidErrors.paymentMismatch();
    }
    const paidAt = outcome.paidAt ?? new Date();
    const [enrolment] = await tx.select().from(mutualAidEnrolments).where(eq(mutualAidEnrolments.id, payment.enrolmentId)).for('update');
    if (!enrolment) throw mutualAidErrors.enrolmentNotFound();
    const plan = await loadPlan(tx, enrolment.planId);
    const transfer = await receiveFromSource(
      tx,
      systemActor('mutual-aid'),
      { orgId: plan.orgId, path: plan.orgPath },
      {
        fundId: plan.fundId,
        sourceId: plan.sourceId,
        orgId: plan.orgId,
        amountFen: payment.amountFen,
        memo: `个人参保缴费 ${payment.outTradeNo}`,
      },
    );
    await tx
      .update(mutualAidPayments)
      .set({ state: 'paid', transactionId: outcome.transactionId, paidAt, transferId: transfer.id })
      .where(eq(mutualAidPayments.id, payment.id));
    // An order paid after its place was freed (paid at the last second, closed by the job) still
    // buys the enrolment: the money came in, so the member is covered.
    await activate(tx, enrolment, plan, shanghaiDay(paidAt));
    return 'applied';
  });
}

async function activate(tx: Tx, enrolment: EnrolmentRow, plan: Plan, day: string): Promise<void> {
  const [seq] = await queryRows<{ n: string }>(tx, sql`select nextval(${sql.raw(`'${mutualAidCertificateSequence.seqName}'`)})::text as n`);
  const certificateNo = `${plan.code}${enrolment.cycleStart.slice(0, 4)}${(seq?.n ?? '0').padStart(8, '0')}`;
  await tx
    .update(mutualAidEnrolments)
    .set({ status: 'active', enrolledOn: day, certificateNo, cancelReason: null })
    .where(eq(mutualAidEnrolments.id, enrolment.id));
}

/** The certificate numbers for a group's enrolments, in one statement. */
export async function certificateNumbers(tx: Tx, plan: Pick<Plan, 'code'>, cycleStart: string, count: number): Promise<string[]> {
  const rows = await queryRows<{ n: string }>(
    tx,
    sql`select nextval(${sql.raw(`'${mutualAidCertificateSequence.seqName}'`)})::text as n from generate_series(1, ${count})`,
  );
  return rows.map((r) => `${plan.code}${cycleStart.slice(0, 4)}${r.n.padStart(8, '0')}`);
}

/** The H5's check on return from paying: asks the provider and applies what it says. */
export async function checkPayment(
  db: Db,
  p: Pick<Platform, 'config' | 'log' | 'cipher' | 'blindIndex'>,
  accountId: string,
  outTradeNo: string,
) {
  const member = await requireMember(db, accountId);
  const [row] = await db
    .select({ payment: mutualAidPayments, enrolment: mutualAidEnrolments })
    .from(mutualAidPayments)
    .innerJoin(mutualAidEnrolments, eq(mutualAidEnrolments.id, mutualAidPayments.enrolmentId))
    .where(and(eq(mutualAidPayments.outTradeNo, outTradeNo), eq(mutualAidEnrolments.memberId, member.id)));
  if (!row) throw mutualAidErrors.paymentNotFound();
  if (row.payment.state === 'pending') {
    const provider = payInOf(p);
    if (!provider) throw mutualAidErrors.paymentUnavailable();
    const outcome = await askOutcome(provider, outTradeNo);
    if (outcome) await confirmPayment(db, p, outcome);
  }
  const [enrolment] = await db.select().from(mutualAidEnrolments).where(eq(mutualAidEnrolments.id, row.enrolment.id));
  if (!enrolment) throw mutualAidErrors.enrolmentNotFound();
  const plan = await loadPlan(db, enrolment.planId);
  return toEnrolment(p, enrolment, plan);
}

async function askOutcome(provider: PayInProvider, outTradeNo: string): Promise<PaymentOutcome | null> {
  try {
    return await provider.queryPayment(outTradeNo);
  } catch (error) {
    if (error instanceof PaymentProviderError) {
      if (error.code === 'ORDER_NOT_EXIST') return null;
      throw mutualAidErrors.paymentProvider({ code: error.code, message: error.providerMessage }, { cause: error });
    }
    throw error;
  }
}

/** A provider's payment notification: verified and decrypted by the provider, applied once. */
export async function applyPaymentNotification(
  db: Db,
  p: Pick<Platform, 'config' | 'log'>,
  headers: Record<string, string | undefined>,
  rawBody: string,
  now: Date,
): Promise<'applied' | 'duplicate' | 'ignored'> {
  const provider = payInOf(p);
  if (!provider) throw mutualAidErrors.paymentUnavailable();
  let outcome: PaymentOutcome;
  try {
    outcome = provider.openPaymentNotification(headers, rawBody, now);
  } catch (error) {
    if (error instanceof PaymentProviderError) {
      p.log.warn({ code: error.code }, 'mutual-aid: payment notification refused');
      throw mutualAidErrors.paymentNotificationInvalid({}, { cause: error });
    }
    throw error;
  }
  return confirmPayment(db, p, outcome);
}

/**
 * The job that chases orders past their time: the provider is asked once more (a payment whose
 * notification was lost is applied), the others are closed at the provider and their places freed.
 */
export async function settlePendingPayments(
  db: Db,
  p: Pick<Platform, 'config' | 'log'>,
  now: Date,
): Promise<{ paid: number; closed: number }> {
  const provider = payInOf(p);
  if (!provider) return { paid: 0, closed: 0 };
  const due = await db
    .select()
    .from(mutualAidPayments)
    .where(and(eq(mutualAidPayments.state, 'pending'), lt(mutualAidPayments.expiresAt, now)))
    .limit(500);
  let paid = 0;
  let closed = 0;
  for (const payment of due) {
    const outcome = await askOutcome(provider, payment.outTradeNo).catch((error: unknown) => {
      p.log.warn({ err: error, outTradeNo: payment.outTradeNo }, 'mutual-aid: could not ask the provider about an order');
      return undefined;
    });
    if (outcome === undefined) continue;
    if (outcome?.state === 'paid') {
      if ((await confirmPayment(db, p, outcome)) === 'applied') paid += 1;
      continue;
    }
    await provider.closePayment(payment.outTradeNo).catch((error: unknown) => {
      p.log.warn({ err: error, outTradeNo: payment.outTradeNo }, 'mutual-aid: could not close an order at the provider');
    });
    await inTransaction(db, async (tx) => {
      const [locked] = await tx.select().from(mutualAidPayments).where(eq(mutualAidPayments.id, payment.id)).for('update');
      if (locked?.state !== 'pending') return;
      await tx.update(mutualAidPayments).set({ state: 'closed' }).where(eq(mutualAidPayments.id, payment.id));
      await tx
        .update(mutualAidEnrolments)
        .set({ status: 'cancelled', cancelReason: '支付超时未完成' })
        .where(and(eq(mutualAidEnrolments.id, payment.enrolmentId), eq(mutualAidEnrolments.status, 'pending_payment')));
      closed += 1;
    });
  }
  return { paid, closed };
}

/** A member's own enrolments, newest first. */
export async function listMemberEnrolments(db: Db, p: Pick<Platform, 'cipher' | 'blindIndex'>, accountId: string): Promise<Enrolment[]> {
  const member = await requireMember(db, accountId);
  const rows = await db
    .select()
    .from(mutualAidEnrolments)
    .where(eq(mutualAidEnrolments.memberId, member.id))
    .orderBy(desc(mutualAidEnrolments.createdAt));
  const plans = await loadPlans(
    db,
    rows.map((r) => r.planId),
  );
  return rows.flatMap((r) => {
    const plan = plans.get(r.planId);
    return plan ? [toEnrolment(p, r, plan)] : [];
  });
}

/** The certificate (参保凭证) of an active enrolment, whole name and masked number, for the member's own eyes. */
export async function enrolmentCertificate(
  db: Db,
  p: Pick<Platform, 'cipher' | 'blindIndex'>,
  accountId: string,
  enrolmentId: string,
  actor: Actor,
) {
  const member = await requireMember(db, accountId);
  const [row] = await db
    .select()
    .from(mutualAidEnrolments)
    .where(and(eq(mutualAidEnrolments.id, enrolmentId), eq(mutualAidEnrolments.memberId, member.id)));
  if (!row || row.status !== 'active') throw mutualAidErrors.enrolmentNotFound();
  const plan = await loadPlan(db, row.planId);
  const insured = decryptInsured(p, row);
  await inTransaction(db, (tx) =>
    recordAudit(tx, actor, {
      action: 'mutual-aid.certificate.view',
      targetType: 'mutual_aid_enrolment',
      targetId: row.id,
      orgId: row.orgId,
      orgPath: row.orgPath,
    }),
  );
  return {
    ...toEnrolment(p, row, plan),
    insuredName: insured.name,
    idNumberMasked: maskIdNumber(insured.idNumber),
    orgName: plan.orgName,
    benefits: plan.rule.benefits,
  };
}
