// Payment batches: the approved claims of a plan paid together. Finance gets the bank file (.xlsx, the
// payees' whole names and accounts: its export is audited with a reason); paying writes one line per
// claim in the plan's fund through `disburseMany`, in the batch's transaction, and tells each member.
import type { Writable } from 'node:stream';
import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { getMemberAccountPhone } from '../../../platform/auth/member-sign-in.js';
import { smsAfterCommit } from '../../../platform/auth/sms.js';
import type { Platform } from '../../../platform/context.js';
import { inTransaction, type Db } from '../../../platform/db/tx.js';
import { writeBankFileXlsx as writeBankFile } from '../../../platform/files/bank-file.js';
import { t } from '../../../platform/i18n/i18n.js';
import { formatYuan } from '../../../platform/text/money.js';
import { disburseMany } from '#modules/funds';
import { getMembersByIds } from '#modules/members';
import { mutualAidErrors } from '../errors.js';
import { mutualAidBatches, mutualAidClaims, mutualAidEnrolments } from '../schema.js';
import { maskName } from '../../../platform/crypto/mask.js';
import { writeStep } from './claims.js';
import { decryptInsured, decryptMedical } from './crypto.js';
import { loadPlan, loadPlans, runsPlan } from './plans.js';

export interface Batch {
  id: string;
  planId: string;
  planName: string;
  name: string;
  status: 'draft' | 'paid';
  claims: number;
  totalFen: number;
  createdAt: Date;
  paidAt: Date | null;
}

type BatchRow = typeof mutualAidBatches.$inferSelect;

async function describe(db: Db, rows: BatchRow[]): Promise<Batch[]> {
  const plans = await loadPlans(
    db,
    rows.map((r) => r.planId),
  );
  return rows.map((r) => ({ ...r, planName: plans.get(r.planId)?.name ?? '' }));
}

/** A plan the staff member runs the money of, or not found. */
async function runPlan(db: Db, scope: Scope, planId: string) {
  const plan = await loadPlan(db, planId);
  if (!runsPlan(plan, scope)) throw mutualAidErrors.planNotFound();
  return plan;
}

async function batchRow(db: Db, scope: Scope, batchId: string, lock = false): Promise<BatchRow> {
  const query = db.select().from(mutualAidBatches).where(eq(mutualAidBatches.id, batchId));
  const [row] = lock ? await query.for('update') : await query;
  if (!row) throw mutualAidErrors.batchNotFound();
  await runPlan(db, scope, row.planId).catch(() => {
    throw mutualAidErrors.batchNotFound();
  });
  return row;
}

/** Puts the plan's approved member claims not yet in a batch (or the ones named) into a new draft batch. */
export async function createBatch(
  db: Db,
  actor: Actor,
  scope: Scope,
  input: { planId: string; name: string; claimIds?: string[] | undefined },
): Promise<Batch> {
  return inTransaction(db, async (tx) => {
    const plan = await runPlan(tx, scope, input.planId);
    const claims = await tx
      .select({ id: mutualAidClaims.id, payoutFen: mutualAidClaims.payoutFen })
      .from(mutualAidClaims)
      .where(
        and(
          eq(mutualAidClaims.planId, plan.id),
          eq(mutualAidClaims.status, 'approved'),
          eq(mutualAidClaims.source, 'member'),
          isNull(mutualAidClaims.batchId),
          input.claimIds ? inArray(mutualAidClaims.id, input.claimIds) : undefined,
        ),
      )
      .orderBy(asc(mutualAidClaims.id))
      .for('update');
    if (claims.length === 0 || (input.claimIds && claims.length !== new Set(input.claimIds).size)) throw mutualAidErrors.batchEmpty();
    const [row] = await tx
      .insert(mutualAidBatches)
      .values({ planId: plan.id, name: input.name.trim(), claims: claims.length, totalFen: claims.reduce((s, c) => s + c.payoutFen, 0) })
      .returning();
    if (!row) throw new Error('mutual-aid: the batch insert returned no row');
    await tx
      .update(mutualAidClaims)
      .set({ batchId: row.id })
      .where(
        inArray(
          mutualAidClaims.id,
          claims.map((c) => c.id),
        ),
      );
    await recordAudit(tx, actor, {
      action: 'mutual-aid.batch.create',
      targetType: 'mutual_aid_batch',
      targetId: row.id,
      orgId: plan.orgId,
      orgPath: plan.orgPath,
      details: { claims: row.claims, totalFen: row.totalFen },
    });
    return (await describe(tx, [row]))[0] as Batch;
  });
}

export async function listBatches(db: Db, scope: Scope, planId: string): Promise<Batch[]> {
  const plan = await runPlan(db, scope, planId);
  const rows = await db
    .select()
    .from(mutualAidBatches)
    .where(eq(mutualAidBatches.planId, plan.id))
    .orderBy(desc(mutualAidBatches.createdAt))
    .limit(200);
  return describe(db, rows);
}

/** Pays a draft batch: one journal line per claim from the plan's fund, the claims paid, the members told. */
export async function payBatch(db: Db, p: Platform, actor: Actor, scope: Scope, batchId: string): Promise<Batch> {
  return inTransaction(db, async (tx) => {
    const batch = await batchRow(tx, scope, batchId, true);
    if (batch.status === 'paid') throw mutualAidErrors.batchPaid();
    const plan = await loadPlan(tx, batch.planId);
    const claims = await tx
      .select({
        claim: mutualAidClaims,
        nameCipher: mutualAidEnrolments.nameCipher,
        idNumberCipher: mutualAidEnrolments.idNumberCipher,
        memberId: mutualAidEnrolments.memberId,
      })
      .from(mutualAidClaims)
      .innerJoin(mutualAidEnrolments, eq(mutualAidEnrolments.id, mutualAidClaims.enrolmentId))
      .where(eq(mutualAidClaims.batchId, batch.id))
      .orderBy(asc(mutualAidClaims.id));
    const lines = await disburseMany(
      tx,
      actor,
      { orgId: plan.orgId, path: plan.orgPath },
      {
        fundId: plan.fundId,
        orgId: plan.orgId,
        payments: claims.map(({ claim, nameCipher, idNumberCipher }) => ({
          amountFen: claim.payoutFen,
          payee: maskName(decryptInsured(p, { nameCipher, idNumberCipher }).name),
          memo: `${batch.name} ${claim.claimNo}`,
          ref: { module: 'mutual-aid', type: 'claim', id: claim.id },
        })),
      },
    );
    const members = new Map(
      (
        await getMembersByIds(
          tx,
          claims.map((c) => c.memberId),
        )
      ).map((m) => [m.id, m]),
    );
    for (const [i, { claim, memberId }] of claims.entries()) {
      await tx
        .update(mutualAidClaims)
        .set({ status: 'paid', transferId: lines[i]?.id ?? null })
        .where(eq(mutualAidClaims.id, claim.id));
      await writeStep(tx, actor, claim.id, { action: 'pay', from: 'approved', to: 'paid', reason: batch.name });
      const accountId = members.get(memberId)?.accountId;
      smsAfterCommit(tx, p, accountId ? await getMemberAccountPhone({ db: tx, cipher: p.cipher }, accountId) : null, 'mutual_aid_claim', {
        number: claim.claimNo,
        status: t('mutual-aid.sms.paid', { amount: formatYuan(claim.payoutFen) }),
      });
    }
    const paidAt = new Date();
    const [row] = await tx.update(mutualAidBatches).set({ status: 'paid', paidAt }).where(eq(mutualAidBatches.id, batch.id)).returning();
    await recordAudit(tx, actor, {
      action: 'mutual-aid.batch.pay',
      targetType: 'mutual_aid_batch',
      targetId: batch.id,
      orgId: plan.orgId,
      orgPath: plan.orgPath,
      details: { claims: batch.claims, totalFen: batch.totalFen },
    });
    return (await describe(tx, [row as BatchRow]))[0] as Batch;
  });
}

/** The bank file's export is reading whole names and accounts: audited with the reason, before a byte is written. */
export async function startBankFile(db: Db, actor: Actor, scope: Scope, batchId: string, reason: string): Promise<Batch> {
  const batch = await batchRow(db, scope, batchId);
  const plan = await loadPlan(db, batch.planId);
  await inTransaction(db, (tx) =>
    recordAudit(tx, actor, {
      action: 'mutual-aid.bank_file',
      targetType: 'mutual_aid_batch',
      targetId: batch.id,
      orgId: plan.orgId,
      orgPath: plan.orgPath,
      reason,
      details: { claims: batch.claims },
    }),
  );
  return (await describe(db, [batch]))[0] as Batch;
}

export async function writeBankFileXlsx(
  p: Platform,
  actor: Actor,
  scope: Scope,
  batchId: string,
  out: Writable,
  now = new Date(),
): Promise<number> {
  const batch = await batchRow(p.db, scope, batchId);
  const rows = await p.db
    .select({ claim: mutualAidClaims, nameCipher: mutualAidEnrolments.nameCipher, idNumberCipher: mutualAidEnrolments.idNumberCipher })
    .from(mutualAidClaims)
    .innerJoin(mutualAidEnrolments, eq(mutualAidEnrolments.id, mutualAidClaims.enrolmentId))
    .where(eq(mutualAidClaims.batchId, batch.id))
    .orderBy(asc(mutualAidClaims.id));
  return writeBankFile(
    out,
    {
      title: t('mutual-aid.bank.title', { batch: batch.name }),
      refHeader: t('mutual-aid.bank.col.claimNo'),
      totalFen: batch.totalFen,
      creator: actor.name ?? '',
      created: now,
    },
    rows.map(({ claim, nameCipher, idNumberCipher }) => {
      const insured = decryptInsured(p, { nameCipher, idNumberCipher });
      const account = decryptMedical(p, claim.medicalCipher).bankAccount;
      return {
        name: insured.name,
        idNumber: insured.idNumber,
        bank: account?.bank ?? '',
        accountNo: account?.accountNo ?? '',
        amountFen: claim.payoutFen,
        memo: t('mutual-aid.bank.memo'),
        ref: claim.claimNo,
      };
    }),
  );
}
