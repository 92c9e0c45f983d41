// Money paid out of a fund at a union: aid to a household, a mutual-aid payout, an award. Other
// modules pay through these, inside their own transaction, so that their record and the payment
// commit together or not at all. A single payment asked over HTTP at a burst goes through the
// instance's group commit instead: many payments against one balance, one transaction (ADR 0018).
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import type { Actor } from '../../../platform/audit/audit.js';
import { GroupCommit, type BatchOutcome } from '../../../platform/db/group-commit.js';
import { inTransaction, queryRows, type Db, type Tx } from '../../../platform/db/tx.js';
import type { Org } from '#modules/orgs';
import { fundErrors } from '../errors.js';
import { entryOf, formatYuan, grantInOrder } from '../rules.js';
import { fundBalances, funds, fundTransfers } from '../schema.js';
import { loadFund, orgOfFund, type LoadedFund } from './funds.js';
import { actorColumns, changeFigures, toTransfer, type Transfer } from './ledger.js';
import { activeFund, checkAmount } from './movements.js';

export interface Payment {
  amountFen: number;
  /** Who is paid, as statements show it: masked (张*华), never a whole name or number. */
  payee?: string | null;
  memo?: string | null;
  /** What it pays for, in the paying module's terms, for reconciliation. */
  ref?: { module: string; type: string; id: string } | null;
  /** A repeated request with the same key answers with the first one's line and pays nothing more. */
  idempotencyKey?: string | null;
}

export interface DisbursementInput extends Payment {
  fundId: string;
  orgId: string;
}

/** One payment, in the caller's transaction. */
export async function disburse(db: Db, actor: Actor, scope: Scope, input: DisbursementInput): Promise<Transfer> {
  const [line] = await disburseMany(db, actor, scope, { fundId: input.fundId, orgId: input.orgId, payments: [input] });
  if (!line) throw new Error('funds: a payment wrote no line');
  return line;
}

/**
 * Several payments from one union's balance, all or none (a disbursement batch of aid): one change of
 * the balance for their total, one line each with the balance it left.
 */
export async function disburseMany(
  db: Db,
  actor: Actor,
  scope: Scope,
  input: { fundId: string; orgId: string; payments: Payment[] },
): Promise<Transfer[]> {
  input.payments.forEach((p, i) => checkAmount(p.amountFen, `payments.${i}.amountFen`));
  if (input.payments.length === 0) return [];
  return inTransaction(db, async (tx) => {
    const fund = activeFund(await loadFund(tx, scope, input.fundId));
    const org = await orgOfFund(tx, scope, fund, input.orgId);
    const total = input.payments.reduce((sum, p) => sum + p.amountFen, 0);
    const after = await changeFigures(tx, fund, org, { spentFen: total, availableFen: -total });
    return writeLines(tx, () => actor, fund, org, input.payments, after + total);
  });
}

async function writeLines(
  tx: Tx,
  actors: (i: number) => Actor,
  fund: LoadedFund,
  org: Org,
  payments: Payment[],
  before: number,
): Promise<Transfer[]> {
  const entry = entryOf('disbursement', org.id, org.id);
  let left = before;
  const rows = await tx
    .insert(fundTransfers)
    .values(
      payments.map((p, i) => {
        left -= p.amountFen;
        return {
          fundId: fund.id,
          kind: 'disbursement' as const,
          amountFen: p.amountFen,
          debitOrgId: entry.debit.orgId,
          debitAccount: entry.debit.account,
          creditOrgId: entry.credit.orgId,
          creditAccount: entry.credit.account,
          creditAvailableAfter: left,
          refModule: p.ref?.module ?? null,
          refType: p.ref?.type ?? null,
          refId: p.ref?.id ?? null,
          payee: p.payee ?? null,
          memo: p.memo ?? null,
          idempotencyKey: p.idempotencyKey ?? null,
          ...actorColumns(actors(i)),
        };
      }),
    )
    .returning();
  // RETURNING keeps the VALUES order on both drivers, but an id sort makes it explicit (UUIDv7, made in order).
  return rows.sort((a, b) => (a.id < b.id ? -1 : 1)).map(toTransfer);
}

// ——— the burst path ———

interface Queued {
  actor: Actor;
  fund: LoadedFund;
  org: Org;
  payment: Payment;
}

const queues = new WeakMap<Db, GroupCommit<string, Queued, Transfer>>();

function queueFor(db: Db): GroupCommit<string, Queued, Transfer> {
  let queue = queues.get(db);
  if (!queue) {
    queue = new GroupCommit({ write: (_key, items) => writeBatch(db, items), failed: (error) => fundErrors.busy({}, { cause: error }) });
    queues.set(db, queue);
  }
  return queue;
}

/**
 * One payment asked on its own (the console's 登记支出, a partner's call): checked at once, then
 * written with the other payments against the same balance that arrive meanwhile, in one transaction.
 * It answers only after that commit, with its own line or its own refusal.
 */
export async function submitDisbursement(db: Db, actor: Actor, scope: Scope, input: DisbursementInput): Promise<Transfer> {
  checkAmount(input.amountFen);
  const fund = activeFund(await loadFund(db, scope, input.fundId));
  const org = await orgOfFund(db, scope, fund, input.orgId);
  return queueFor(db).submit(`${fund.id}/${org.id}`, { actor, fund, org, payment: input });
}

/** A batch against one balance: lock it, pay in arrival order what fits, one line each, one balance change. */
async function writeBatch(db: Db, items: Queued[]): Promise<BatchOutcome<Transfer>[]> {
  const first = items[0];
  if (!first) return [];
  const { fund, org } = first;
  return inTransaction(db, async (tx) => {
    const [balance] = await queryRows<{ available: string | number }>(
      tx,
      sql`select available_fen as available from ${fundBalances} where fund_id = ${fund.id} and org_id = ${org.id} for update`,
    );
    const available = Number(balance?.available ?? 0);
    // The fund was checked from the instance's copy before queueing; its status is read here, in the
    // batch's transaction, once for all its payments.
    const [status] = await tx.select({ status: funds.status }).from(funds).where(eq(funds.id, fund.id));
    if (status?.status !== 'active') return items.map(() => ({ ok: false as const, error: fundErrors.closed({ name: fund.name }) }));
    const keys = items.map((i) => i.payment.idempotencyKey).filter((k): k is string => !!k);
    const earlier = new Map<string, Transfer>();
    if (keys.length > 0) {
      const rows = await tx
        .select()
        .from(fundTransfers)
        .where(and(eq(fundTransfers.fundId, fund.id), inArray(fundTransfers.idempotencyKey, keys)));
      for (const r of rows) if (r.idempotencyKey) earlier.set(r.idempotencyKey, toTransfer(r));
    }
    // A key seen earlier, or twice in this batch, pays once: the repeats answer with the first one's line.
    const firstOfKey = new Map<string, number>();
    const fresh = items.map((item, i) => {
      const key = item.payment.idempotencyKey;
      if (!key) return true;
      if (earlier.has(key) || firstOfKey.has(key)) return false;
      firstOfKey.set(key, i);
      return true;
    });
    const candidates = items.map((item, i) => ({ item, i })).filter(({ i }) => fresh[i]);
    const { granted } = grantInOrder(
      available,
      candidates.map(({ item }) => item.payment.amountFen),
    );
    const paid = candidates.filter((_, j) => granted[j]);
    const total = paid.reduce((sum, { item }) => sum + item.payment.amountFen, 0);
    const lines =
      paid.length > 0
        ? await writeLines(
            tx,
            (j) => paid[j]?.item.actor ?? first.actor,
            fund,
            org,
            paid.map(({ item }) => item.payment),
            available,
          )
        : [];
    if (total > 0) {
      await tx
        .update(fundBalances)
        .set({
          spentFen: sql`${fundBalances.spentFen} + ${total}`,
          availableFen: sql`${fundBalances.availableFen} - ${total}`,
          updatedAt: new Date(),
        })
        .where(and(eq(fundBalances.fundId, fund.id), eq(fundBalances.orgId, org.id)));
    }
    const lineOf = new Map(lines.map((line, j) => [paid[j]?.i ?? -1, line]));
    const left = available - total;
    const outcomes: BatchOutcome<Transfer>[] = items.map((item, i) => {
      const line = lineOf.get(i);
      if (line) return { ok: true, value: line };
      const key = item.payment.idempotencyKey;
      const repeat = key ? (earlier.get(key) ?? lineOf.get(firstOfKey.get(key) ?? -1)) : undefined;
      if (repeat) return { ok: true, value: repeat };
      return {
        ok: false,
        error: fundErrors.insufficient(
          { org: org.name, fund: fund.name, available: formatYuan(left), amount: formatYuan(item.payment.amountFen) },
          { detail: JSON.stringify({ availableFen: left, amountFen: item.payment.amountFen }) },
        ),
      };
    });
    return outcomes;
  });
}
