// Money into a fund from its sources, down the tree by allocation, and a movement undone by its
// reversal. Each is one transaction with its audit record; the journal line is the movement's record.
import { and, eq, or, sql } from 'drizzle-orm';
import { pathInScope, type Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { uniqueViolation } from '../../../platform/db/errors.js';
import { inTransaction, type Db, type Tx } from '../../../platform/db/tx.js';
import { t } from '../../../platform/i18n/i18n.js';
import { findOrgById, getOrg, orgIdsInScope, type Org } from '#modules/orgs';
import { fundErrors } from '../errors.js';
import { amountProblem, formatYuan } from '../rules.js';
import { fundSources, fundTransfers } from '../schema.js';
import { loadFund, orgOfFund, type LoadedFund } from './funds.js';
import { post, toTransfer, type Transfer } from './ledger.js';

export function checkAmount(amountFen: number, field = 'amountFen'): void {
  const problem = amountProblem(amountFen);
  if (problem) {
    throw fundErrors.invalid(
      { count: 1 },
      { errors: [{ field, code: `funds.amount_${problem}`, message: t(`problems.funds.amount_${problem}`) }] },
    );
  }
}

export function activeFund(fund: LoadedFund): LoadedFund {
  if (fund.status !== 'active') throw fundErrors.closed({ name: fund.name });
  return fund;
}

export interface SourceReceipt {
  fundId: string;
  sourceId: string;
  /** The union the money arrives at: the fund's owner, or a union below it that receives money of its own. */
  orgId: string;
  amountFen: number;
  memo?: string | null;
}

/** Money arriving from outside the tree (全总's 送温暖 allocation to a province): a node's `received` grows. */
export async function receiveFromSource(db: Db, actor: Actor, scope: Scope, input: SourceReceipt): Promise<Transfer> {
  checkAmount(input.amountFen);
  return inTransaction(db, async (tx) => {
    const fund = activeFund(await loadFund(tx, scope, input.fundId));
    const org = await orgOfFund(tx, scope, fund, input.orgId);
    const [source] = await tx
      .select()
      .from(fundSources)
      .where(and(eq(fundSources.id, input.sourceId), eq(fundSources.fundId, fund.id)));
    if (!source) throw fundErrors.sourceNotFound();
    const line = await post(tx, actor, fund, {
      kind: 'source',
      amountFen: input.amountFen,
      from: org,
      to: org,
      sourceId: source.id,
      memo: input.memo ?? null,
    });
    await audit(tx, actor, 'funds.receive', fund, org, line, { source: source.name });
    return line;
  });
}

export interface AllocationInput {
  fundId: string;
  fromOrgId: string;
  toOrgId: string;
  amountFen: number;
  memo?: string | null;
}

/** Money passed down the tree: the giver's `passed on` grows and its `available` falls, never below zero. */
export async function allocate(db: Db, actor: Actor, scope: Scope, input: AllocationInput): Promise<Transfer> {
  checkAmount(input.amountFen);
  return inTransaction(db, async (tx) => {
    const fund = activeFund(await loadFund(tx, scope, input.fundId));
    const from = await orgOfFund(tx, scope, fund, input.fromOrgId);
    const to = await getOrg(tx, scope, input.toOrgId);
    if (to.id === from.id || !to.path.startsWith(from.path)) throw fundErrors.allocationNotDown({ from: from.name, to: to.name });
    const line = await post(tx, actor, fund, { kind: 'allocation', amountFen: input.amountFen, from, to, memo: input.memo ?? null });
    await audit(tx, actor, 'funds.allocate', fund, from, line, { to: to.id, toName: to.name });
    return line;
  });
}

/**
 * Undoes a line with a new one, sides swapped (the journal is never edited). The union that would give
 * the money back must still hold it: an allocation the district has already spent cannot be taken back.
 * Staff reverse only what their subtree gave or paid.
 */
export async function reverseTransfer(db: Db, actor: Actor, scope: Scope, transferId: string, reason: string): Promise<Transfer> {
  return inTransaction(db, async (tx) => {
    const original = await getTransferRow(tx, scope, transferId);
    if (original.reversal) throw fundErrors.reversalOfReversal();
    const fund = await loadFund(tx, scope, original.fundId);
    const from = await findOrgById(tx, original.fromOrgId);
    const to = await findOrgById(tx, original.toOrgId);
    if (!from || !to || !pathInScope(from.path, scope)) throw fundErrors.transferNotFound();
    const [done] = await tx.select().from(fundTransfers).where(eq(fundTransfers.reversesId, original.id));
    if (done) throw fundErrors.alreadyReversed({ at: done.createdAt.toISOString() });
    let line: Transfer;
    try {
      line = await post(tx, actor, fund, {
        kind: original.kind,
        amountFen: original.amountFen,
        from,
        to,
        sourceId: original.sourceId,
        reverses: { id: original.id },
        ref: original.ref,
        payee: original.payee,
        memo: reason,
      });
    } catch (error) {
      // Two reversals at once: the unique index lets one through.
      if (uniqueViolation(error) === 'fund_transfer_reverses_uq') throw fundErrors.alreadyReversed({ at: new Date().toISOString() });
      throw error;
    }
    await recordAudit(tx, actor, {
      action: 'funds.reverse',
      targetType: 'fund_transfer',
      targetId: original.id,
      orgId: from.id,
      orgPath: from.path,
      reason,
      details: { fund: fund.id, kind: original.kind, amountFen: original.amountFen, reversal: line.id },
    });
    return line;
  });
}

/** A line touching the scope's subtree on either side. */
async function getTransferRow(db: Db, scope: Scope, id: string): Promise<Transfer> {
  const inScope = orgIdsInScope(scope);
  const [row] = await db
    .select()
    .from(fundTransfers)
    .where(
      and(eq(fundTransfers.id, id), or(sql`${fundTransfers.debitOrgId} in ${inScope}`, sql`${fundTransfers.creditOrgId} in ${inScope}`)),
    )
    .limit(1);
  if (!row) throw fundErrors.transferNotFound();
  return toTransfer(row);
}

export const getTransfer = (db: Db, scope: Scope, id: string): Promise<Transfer> => getTransferRow(db, scope, id);

async function audit(tx: Tx, actor: Actor, action: string, fund: LoadedFund, org: Org, line: Transfer, details: Record<string, unknown>) {
  await recordAudit(tx, actor, {
    action,
    targetType: 'fund_transfer',
    targetId: line.id,
    orgId: org.id,
    orgPath: org.path,
    details: { fund: fund.id, amountFen: line.amountFen, amount: formatYuan(line.amountFen), ...details },
  });
}
