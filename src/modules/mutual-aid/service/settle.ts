// 一单式 settlement: at discharge the hospital sends the patient's 身份证号 and the insurance settlement's
// figures; the platform answers at once with the payout the hospital deducts from the bill, and keeps
// it as a settled claim. A re-settlement (the same 结算单号 sent again with corrected figures) cancels
// the first and settles anew, in one transaction.
//
// Discharges are written in group commits: those that arrive together are settled by one transaction
// of a dozen set-based statements (the nonces, the Idempotency-Keys, the patients locked, their plans,
// the earlier settlements, the cycles' claims, the writes, the stored answers), instead of fifteen
// round trips and two commits each — at a county hospital's Monday-morning discharges, and for the
// benchmark's 200 connections. A batch never holds two discharges of one patient, one 结算单号 or one
// key: those wait for the next round, which sees the first one's work.
import { sql } from 'drizzle-orm';
import type { PartnerPrincipal } from '../../../platform/access/access.js';
import {
  answerPartnerWrites,
  claimPartnerWrites,
  isPartnerWriteRace,
  partnerWriteKey,
  type IdempotentResult,
  type PartnerWrite,
} from '../../../platform/auth/idempotency.js';
import type { Platform } from '../../../platform/context.js';
import { maskName } from '../../../platform/crypto/mask.js';
import { checkIdNumber } from '../../../platform/crypto/validators.js';
import { byteaArray, pgArray } from '../../../platform/db/arrays.js';
import { bufferOf, pooledUuidv7 } from '../../../platform/db/columns.js';
import { isTransientConflict, uniqueViolation } from '../../../platform/db/errors.js';
import { GroupCommit, inRounds, type BatchOutcome } from '../../../platform/db/group-commit.js';
import { inTransaction, queryRows, type Db, type Tx } from '../../../platform/db/tx.js';
import { isAppError, type FieldProblem } from '../../../platform/errors/app-error.js';
import { t } from '../../../platform/i18n/i18n.js';
import { mutualAidErrors } from '../errors.js';
import { checkClaimFigures, type ClaimFigures, type PayoutLine, type RuleProblem } from '../rules.js';
import { mutualAidClaimNoSequence, type ClaimStatus, type EnrolmentStatus } from '../schema.js';
import { claimNoPrefix, HISTORY_STATUSES, payoutOn, tallyHistory } from './claims.js';
import { decryptInsuredName, encryptMedical, idIndexOf } from './crypto.js';
import { loadPlans, type Plan } from './plans.js';
import { problem, ruleProblem } from './problems.js';

type Crypto = Pick<Platform, 'cipher' | 'blindIndex'>;

export interface SettlementInput {
  idNumber: string;
  name: string;
  /** The hospital's settlement number (结算单号): sending it again re-settles. */
  settlementRef: string;
  admittedOn: string;
  dischargedOn: string;
  figures: ClaimFigures;
  diagnosis?: string | null | undefined;
}

export interface Settlement {
  settlementId: string;
  claimNo: string;
  settlementRef: string;
  planName: string;
  certificateNo: string | null;
  insuredName: string;
  payoutFen: number;
  lines: PayoutLine[];
  /** The settlement this one replaced (a re-settlement), or null. */
  replaces: string | null;
  settledAt: string;
}

/** A discharge checked as far as it can be without the database, on its way to a batch. */
export interface PendingSettlement {
  partner: PartnerPrincipal;
  input: SettlementInput;
  /** The blind index of the patient's 身份证号: the patient is found by it. */
  idIndex: Buffer;
  write: PartnerWrite;
  now: Date;
}

/** The patient pays in full: not covered, or the rule pays nothing for this stay. */
function refused(rule: RuleProblem) {
  const error = ruleProblem(rule);
  return mutualAidErrors.notCovered({ reason: error.message }, { errors: [error] });
}

const invalid = (...errors: FieldProblem[]) => mutualAidErrors.invalid({ count: errors.length }, { errors });

/** Refuses at once what needs no database: a partner that is not a hospital, a bad 身份证号, figures that do not add up. */
export function checkSettlement(
  p: Crypto,
  partner: PartnerPrincipal,
  input: SettlementInput,
  write: PartnerWrite,
  now: Date,
): PendingSettlement {
  if (partner.partnerKind !== 'hospital') throw mutualAidErrors.notHospital();
  const id = checkIdNumber(input.idNumber, now);
  if (!id.ok) throw invalid(problem('idNumber', `id_number_${id.problem}`));
  const figures = checkClaimFigures(input.figures);
  if (figures.length > 0) throw invalid(...figures.map(ruleProblem));
  if (input.dischargedOn < input.admittedOn) throw invalid(problem('dischargedOn', 'discharge_before_admission'));
  return { partner, input, idIndex: idIndexOf(p, id.value), write, now };
}

type Answer = IdempotentResult<Settlement>;

const queues = new WeakMap<Db, GroupCommit<'settle', PendingSettlement, Answer>>();

/**
 * Settles a discharge with those that arrive with it: one batch in flight per instance and database,
 * the next gathering meanwhile, so batches grow with the load. (Two in flight, by lanes of patients,
 * settled no more a second on the 2-core host and cost more CPU a settlement: smaller batches.) A batch
 * that fails as a whole (a lost connection, a failover) wrote nothing: each caller is told to retry.
 */
export function submitSettlement(db: Db, p: Crypto & Pick<Platform, 'log'>, pending: PendingSettlement): Promise<Answer> {
  let queue = queues.get(db);
  if (!queue) {
    queue = new GroupCommit({
      write: (_key, items) => writeRounds(db, p, items),
      failed: (error) => {
        if (isAppError(error)) return error;
        p.log.error({ err: error }, 'settlement batch failed: nothing of it was written');
        return mutualAidErrors.settlementBusy({ seconds: 1 }, { cause: error });
      },
      maxBatch: 200,
    });
    queues.set(db, queue);
  }
  return queue.submit('settle', pending);
}

/** The conflicts a batch may not hold twice: an Idempotency-Key, a patient, a 结算单号. */
const conflictKeys = (s: PendingSettlement): string[] => [
  partnerWriteKey(s.write),
  `id\u0000${s.idIndex.toString('base64')}`,
  `ref\u0000${s.partner.partnerId}\u0000${s.input.settlementRef}`,
];

async function writeRounds(db: Db, p: Crypto, items: PendingSettlement[]): Promise<BatchOutcome<Answer>[]> {
  const outcomes: BatchOutcome<Answer>[] = new Array<BatchOutcome<Answer>>(items.length);
  for (const round of inRounds(items, conflictKeys)) {
    const written = await retryConflicts(() =>
      inTransaction(db, (tx) =>
        settleBatch(
          tx,
          p,
          round.map((i) => items[i] as PendingSettlement),
        ),
      ),
    );
    round.forEach((i, j) => (outcomes[i] = written[j] as BatchOutcome<Answer>));
  }
  return outcomes;
}

/**
 * Runs again a batch PostgreSQL rolled back for a deadlock or a serialization failure, or for a
 * settlement or a key another instance committed meanwhile (the same 结算单号 or the same call sent to
 * two instances at once: the rerun finds it and re-settles, replays or refuses the duplicate): nothing
 * of the batch committed, so it is safe.
 */
async function retryConflicts<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const conflict =
        isTransientConflict(error) || isPartnerWriteRace(error) || uniqueViolation(error) === 'mutual_aid_claim_settlement_uq';
      if (attempt >= 3 || !conflict) throw error;
    }
  }
}

type Patient = {
  i: number;
  id: string;
  plan_id: string;
  org_id: string;
  org_path: string;
  status: EnrolmentStatus;
  enrolled_on: string | null;
  cycle_start: string;
  cycle_end: string;
  shares: number;
  certificate_no: string | null;
  name_cipher: Buffer | Uint8Array;
};

type Earlier = {
  i: number;
  id: string;
  claim_no: string;
  enrolment_id: string;
  admitted_on: string;
  discharged_on: string | null;
  total_fen: string;
  in_scope_self_paid_fen: string;
  above_ceiling_fen: string;
  self_paid_fen: string;
};

/** One settlement decided, waiting for its rows. */
interface Decided {
  at: number;
  id: string;
  pending: PendingSettlement;
  plan: Plan;
  patient: Patient;
  earlier: Earlier | undefined;
  payoutFen: number;
  lines: PayoutLine[];
}

/**
 * Settles a batch of discharges in the caller's transaction; no two share a key, a patient or a
 * 结算单号 (`inRounds`). Each is answered on its own: a refusal (not covered, a duplicate) keeps
 * nothing of it but its spent nonce, not even its key, while the others settle.
 */
export async function settleBatch(tx: Tx, p: Crypto, batch: readonly PendingSettlement[]): Promise<BatchOutcome<Answer>[]> {
  const now = new Date();
  const claims = await claimPartnerWrites<Settlement>(
    tx,
    batch.map((s) => s.write),
    now,
  );
  const outcomes: BatchOutcome<Answer>[] = claims.map((c) => {
    if (c.kind === 'answered') return { ok: true, value: c.result };
    if (c.kind === 'refused') return { ok: false, error: c.error };
    return { ok: false, error: null };
  });
  const fresh = batch.flatMap((s, at) => (claims[at]?.kind === 'new' ? [{ at, s }] : []));
  if (fresh.length === 0) return outcomes;

  const patients = await findPatients(tx, fresh);
  const plans = await loadPlans(tx, [...new Set(patients.map((r) => r.plan_id))]);
  const earlier = await findEarlier(tx, fresh);
  // A refusal keeps nothing, not even its key: the retry runs afresh.
  const refuse = (at: number, error: unknown) => {
    outcomes[at] = { ok: false, error };
  };

  // The patient's enrolment in a plan run above the hospital's union, the first by id when there are two.
  const chosen = new Map<number, { patient: Patient; plan: Plan }>();
  for (const row of patients) {
    const s = fresh[row.i]?.s;
    const plan = plans.get(row.plan_id);
    if (!s || !plan || chosen.has(row.i) || !s.partner.orgPath.startsWith(plan.orgPath)) continue;
    chosen.set(row.i, { patient: row, plan });
  }
  const history = await loadHistories(
    tx,
    [...chosen.values()].map((c) => c.patient.id),
  );

  const decided: Decided[] = [];
  fresh.forEach(({ at, s }, i) => {
    const found = chosen.get(i);
    if (!found) return refuse(at, refused({ code: 'not_covered' }));
    const before = earlier.get(i);
    if (before && before.enrolment_id !== found.patient.id) {
      return refuse(at, invalid(problem('settlementRef', 'settlement_ref_other_patient')));
    }
    const lines = (history.get(found.patient.id) ?? []).filter((c) => c.id !== before?.id).map((c) => c.lines);
    const payout = payoutOn(
      found.plan,
      {
        status: found.patient.status,
        enrolledOn: found.patient.enrolled_on,
        cycleStart: found.patient.cycle_start,
        cycleEnd: found.patient.cycle_end,
        shares: found.patient.shares,
      },
      { admittedOn: s.input.admittedOn, figures: s.input.figures },
      tallyHistory(lines),
    );
    if (!payout.ok) return refuse(at, refused(payout.problems[0] ?? { code: 'nothing_covered' }));
    if (before && sameSettlement(before, s.input)) {
      return refuse(at, mutualAidErrors.settlementDuplicate({ ref: s.input.settlementRef, claimNo: before.claim_no }));
    }
    decided.push({
      at,
      id: pooledUuidv7(),
      pending: s,
      plan: found.plan,
      patient: found.patient,
      earlier: before,
      payoutFen: payout.payoutFen,
      lines: payout.lines,
    });
  });

  const claimNos = await writeSettlements(tx, p, decided, now);
  const answered = decided.map((d) => {
    const body: Settlement = {
      settlementId: d.id,
      claimNo: claimNos.get(d.id) ?? '',
      settlementRef: d.pending.input.settlementRef,
      planName: d.plan.name,
      certificateNo: d.patient.certificate_no,
      insuredName: maskName(decryptInsuredName(p, bufferOf(d.patient.name_cipher))),
      payoutFen: d.payoutFen,
      lines: d.lines,
      replaces: d.earlier?.id ?? null,
      settledAt: now.toISOString(),
    };
    outcomes[d.at] = { ok: true, value: { status: 200, body, replayed: false } };
    return { write: d.pending.write, status: 200, body };
  });
  await answerPartnerWrites(tx, answered);
  return outcomes;
}

/**
 * Each discharge's active enrolments whose cycle holds the admission day, found by the blind index and
 * locked as they are found, in id order: the lock orders a settlement with any other claim on the same
 * person (and two instances' batches wait on each other instead of deadlocking).
 */
async function findPatients(tx: Tx, fresh: readonly { s: PendingSettlement }[]): Promise<Patient[]> {
  const rows = await queryRows<Patient & { i: string }>(
    tx,
    sql`select u.i - 1 as i, e.id, e.plan_id, e.org_id, e.org_path, e.status, e.enrolled_on::text, e.cycle_start::text,
               e.cycle_end::text, e.shares, e.certificate_no, e.name_cipher
          from unnest(${byteaArray(fresh.map((f) => f.s.idIndex))}::bytea[], ${pgArray(fresh.map((f) => f.s.input.admittedOn))}::date[])
               with ordinality as u(id_index, admitted_on, i)
          join mutual_aid_enrolment e
            on e.id_index = u.id_index and e.status = 'active' and e.cycle_start <= u.admitted_on and e.cycle_end >= u.admitted_on
         order by e.id
           for update of e`,
  );
  // Candidates by id: the first of a patient's enrolments, as the lone settlement chose it.
  return rows.map((r) => ({ ...r, i: Number(r.i) }));
}

/** The settlement each discharge's 结算单号 already has at its hospital, locked: a resend re-settles it. */
async function findEarlier(tx: Tx, fresh: readonly { s: PendingSettlement }[]): Promise<Map<number, Earlier>> {
  const rows = await queryRows<Earlier & { i: string }>(
    tx,
    sql`select u.i - 1 as i, c.id, c.claim_no, c.enrolment_id, c.admitted_on::text, c.discharged_on::text, c.total_fen,
               c.in_scope_self_paid_fen, c.above_ceiling_fen, c.self_paid_fen
          from unnest(${pgArray(fresh.map((f) => f.s.partner.partnerId))}::uuid[], ${pgArray(fresh.map((f) => f.s.input.settlementRef))}::text[])
               with ordinality as u(partner_id, settlement_ref, i)
          join mutual_aid_claim c
            on c.partner_id = u.partner_id and c.settlement_ref = u.settlement_ref and c.source = 'hospital' and c.status = 'settled'
         order by c.id
           for update of c`,
  );
  return new Map(rows.map((r) => [Number(r.i), { ...r, i: Number(r.i) }]));
}

/** The claims counting against each enrolment's cycle: what the rule's limits are checked against. */
async function loadHistories(tx: Tx, enrolmentIds: readonly string[]): Promise<Map<string, { id: string; lines: PayoutLine[] }[]>> {
  const byEnrolment = new Map<string, { id: string; lines: PayoutLine[] }[]>();
  if (enrolmentIds.length === 0) return byEnrolment;
  // By the enrolment alone (a handful of claims each), the statuses sorted out here: a status in the
  // statement lets the planner AND in the index of all the plan's settled claims, growing with them.
  const rows = await queryRows<{ id: string; enrolment_id: string; status: ClaimStatus; lines: PayoutLine[] }>(
    tx,
    sql`select id, enrolment_id, status, lines from mutual_aid_claim where enrolment_id = any(${pgArray(enrolmentIds)}::uuid[])`,
  );
  for (const row of rows) {
    if (!HISTORY_STATUSES.includes(row.status)) continue;
    const list = byEnrolment.get(row.enrolment_id);
    if (list) list.push(row);
    else byEnrolment.set(row.enrolment_id, [row]);
  }
  return byEnrolment;
}

/** The same discharge sent again with the same figures: a duplicate, not a correction. */
function sameSettlement(earlier: Earlier, input: SettlementInput): boolean {
  return (
    earlier.admitted_on === input.admittedOn &&
    earlier.discharged_on === input.dischargedOn &&
    Number(earlier.total_fen) === input.figures.totalFen &&
    Number(earlier.in_scope_self_paid_fen) === input.figures.inScopeSelfPaidFen &&
    Number(earlier.above_ceiling_fen) === input.figures.aboveCeilingFen &&
    Number(earlier.self_paid_fen) === input.figures.selfPaidFen
  );
}

/**
 * The batch's rows in three statements: the settlements they replace cancelled (first: the unique
 * index holds one live settlement per 结算单号), the settlements with their numbers from the sequence,
 * and each one's steps. Answers each settlement's claim number.
 */
async function writeSettlements(tx: Tx, p: Crypto, decided: readonly Decided[], now: Date): Promise<Map<string, string>> {
  if (decided.length === 0) return new Map();
  const replacing = decided.filter((d) => d.earlier);
  if (replacing.length > 0) {
    await tx.execute(
      sql`update mutual_aid_claim c set status = 'cancelled', cancelled_by_id = u.by, updated_at = ${now.toISOString()}::timestamptz
            from unnest(${pgArray(replacing.map((d) => d.earlier?.id ?? null))}::uuid[], ${pgArray(replacing.map((d) => d.id))}::uuid[]) as u(id, by)
           where c.id = u.id`,
    );
  }
  const column = (pick: (d: Decided) => string | number | null) => pgArray(decided.map(pick));
  const at = now.toISOString();
  const numbered = await queryRows<{ id: string; claim_no: string }>(
    tx,
    sql`insert into mutual_aid_claim (id, claim_no, plan_id, enrolment_id, org_id, org_path, source, partner_id, settlement_ref,
                                      admitted_on, discharged_on, total_fen, in_scope_self_paid_fen, above_ceiling_fen, self_paid_fen,
                                      medical_cipher, status, payout_fen, lines, decided_at, created_at, updated_at)
        select u.id, ${claimNoPrefix('hospital', now)} || lpad(nextval(${sql.raw(`'${mutualAidClaimNoSequence.seqName}'`)})::text, 7, '0'),
               u.plan_id, u.enrolment_id, u.org_id, u.org_path, 'hospital', u.partner_id, u.settlement_ref, u.admitted_on, u.discharged_on,
               u.total_fen, u.in_scope_self_paid_fen, u.above_ceiling_fen, u.self_paid_fen, u.medical_cipher, 'settled', u.payout_fen,
               u.lines, ${at}::timestamptz, ${at}::timestamptz, ${at}::timestamptz
          from unnest(${column((d) => d.id)}::uuid[], ${column((d) => d.plan.id)}::uuid[], ${column((d) => d.patient.id)}::uuid[],
                      ${column((d) => d.patient.org_id)}::uuid[], ${column((d) => d.patient.org_path)}::text[],
                      ${column((d) => d.pending.partner.partnerId)}::uuid[], ${column((d) => d.pending.input.settlementRef)}::text[],
                      ${column((d) => d.pending.input.admittedOn)}::date[], ${column((d) => d.pending.input.dischargedOn)}::date[],
                      ${column((d) => d.pending.input.figures.totalFen)}::bigint[],
                      ${column((d) => d.pending.input.figures.inScopeSelfPaidFen)}::bigint[],
                      ${column((d) => d.pending.input.figures.aboveCeilingFen)}::bigint[],
                      ${column((d) => d.pending.input.figures.selfPaidFen)}::bigint[],
                      ${byteaArray(
                        decided.map((d) =>
                          encryptMedical(p, {
                            hospital: d.pending.partner.partnerName,
                            diagnosis: d.pending.input.diagnosis?.trim() ?? '',
                          }),
                        ),
                      )}::bytea[],
                      ${column((d) => d.payoutFen)}::bigint[], ${column((d) => JSON.stringify(d.lines))}::jsonb[])
               with ordinality as u(id, plan_id, enrolment_id, org_id, org_path, partner_id, settlement_ref, admitted_on, discharged_on,
                                    total_fen, in_scope_self_paid_fen, above_ceiling_fen, self_paid_fen, medical_cipher, payout_fen, lines, n)
         order by u.n
        returning id, claim_no`,
  );
  const claimNos = new Map(numbered.map((r) => [r.id, r.claim_no]));
  // Each settlement's step, and the cancelled one's naming the settlement that replaced it.
  const steps = decided.flatMap((d) => {
    const actor = { type: 'partner', id: d.pending.partner.partnerId, name: d.pending.partner.partnerName };
    const settle = { claimId: d.id, action: 'settle', from: null, to: 'settled', reason: null, ...actor };
    if (!d.earlier) return [settle];
    const reason = t('mutual-aid.resettled', { claimNo: claimNos.get(d.id) ?? '' });
    return [{ claimId: d.earlier.id, action: 'cancel', from: 'settled', to: 'cancelled', reason, ...actor }, settle];
  });
  const stepColumn = (pick: (s: (typeof steps)[number]) => string | null) => pgArray(steps.map(pick));
  await tx.execute(
    sql`insert into mutual_aid_claim_step (id, claim_id, action, from_status, to_status, actor_type, actor_id, actor_name, reason, created_at)
        select u.id, u.claim_id, u.action, u.from_status, u.to_status, u.actor_type, u.actor_id, u.actor_name, u.reason, ${at}::timestamptz
          from unnest(${pgArray(steps.map(() => pooledUuidv7()))}::uuid[], ${stepColumn((s) => s.claimId)}::uuid[], ${stepColumn((s) => s.action)}::text[],
                      ${stepColumn((s) => s.from)}::text[], ${stepColumn((s) => s.to)}::text[], ${stepColumn((s) => s.type)}::text[],
                      ${stepColumn((s) => s.id)}::text[], ${stepColumn((s) => s.name)}::text[], ${stepColumn((s) => s.reason)}::text[])
               as u(id, claim_id, action, from_status, to_status, actor_type, actor_id, actor_name, reason)`,
  );
  return claimNos;
}
