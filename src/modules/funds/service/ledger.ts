// The journal's writes: every movement is one balanced line, written in the same transaction as the
// figures of the nodes it touches. The figures are changed by single statements that hold the rows'
// locks until commit, the giving side's with `available_fen >= amount` in its WHERE: two requests
// racing for the last yuan serialise on the row, and the second finds it gone. Rows are locked in the
// order of their union's path (ancestors first), so an allocation and a reversal never deadlock.
import { and, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../../platform/audit/audit.js';
import { queryRows, type Tx } from '../../../platform/db/tx.js';
import type { Org } from '#modules/orgs';
import { fundErrors } from '../errors.js';
import { entryOf, figureDeltas, formatYuan, type Figures, type MovementKind } from '../rules.js';
import { fundBalances, fundTransfers } from '../schema.js';
import type { LoadedFund } from './funds.js';

export interface Transfer {
  id: string;
  fundId: string;
  kind: MovementKind;
  /** True for the line that undoes `reversesId`. */
  reversal: boolean;
  amountFen: number;
  /** The giving and the receiving union of the movement (the same union for a source or a disbursement). */
  fromOrgId: string;
  toOrgId: string;
  sourceId: string | null;
  reversesId: string | null;
  ref: { module: string; type: string; id: string } | null;
  payee: string | null;
  memo: string | null;
  actorName: string | null;
  createdAt: Date;
}

type TransferRow = typeof fundTransfers.$inferSelect;

export function toTransfer(r: TransferRow): Transfer {
  const reversal = r.reversesId !== null;
  // A line's direction is its movement's: a reversed allocation still reads "parent → child", reversed.
  const [fromOrgId, toOrgId] =
    r.kind === 'allocation' ? (reversal ? [r.debitOrgId, r.creditOrgId] : [r.creditOrgId, r.debitOrgId]) : [r.debitOrgId, r.debitOrgId];
  return {
    id: r.id,
    fundId: r.fundId,
    kind: r.kind,
    reversal,
    amountFen: r.amountFen,
    fromOrgId,
    toOrgId,
    sourceId: r.sourceId,
    reversesId: r.reversesId,
    ref: r.refModule && r.refType && r.refId ? { module: r.refModule, type: r.refType, id: r.refId } : null,
    payee: r.payee,
    memo: r.memo,
    actorName: r.actorName,
    createdAt: r.createdAt,
  };
}

export interface Movement {
  kind: MovementKind;
  amountFen: number;
  /** The giving union (an allocation's parent; the receiving or paying union of a source or a disbursement). */
  from: Org;
  to: Org;
  sourceId?: string | null;
  reverses?: { id: string } | null;
  ref?: { module: string; type: string; id: string } | null;
  payee?: string | null;
  memo?: string | null;
  idempotencyKey?: string | null;
}

/**
 * Adds `delta` to a node's figures. When it takes money away, the statement succeeds only if the
 * money is there; otherwise `funds.insufficient` names what is. A delta with a negative part (a
 * reversal) updates the row it must find; only money arriving may create a node's row.
 */
export async function changeFigures(tx: Tx, fund: LoadedFund, org: Org, delta: Partial<Figures>): Promise<number> {
  const d = { r: delta.receivedFen ?? 0, p: delta.passedOnFen ?? 0, s: delta.spentFen ?? 0, a: delta.availableFen ?? 0 };
  if (d.r < 0 || d.p < 0 || d.s < 0 || d.a < 0) {
    const [row] = await queryRows<{ available: string | number }>(
      tx,
      sql`update ${fundBalances} set received_fen = received_fen + ${d.r}, passed_on_fen = passed_on_fen + ${d.p},
            spent_fen = spent_fen + ${d.s}, available_fen = available_fen + ${d.a}, updated_at = now()
          where fund_id = ${fund.id} and org_id = ${org.id} and available_fen >= ${Math.max(0, -d.a)}
          returning available_fen as available`,
    );
    if (row) return Number(row.available);
    throw await insufficient(tx, fund, org, Math.max(0, -d.a));
  }
  // Check constraints apply to the row an upsert proposes, so this path only ever adds.
  const [row] = await queryRows<{ available: string | number }>(
    tx,
    sql`insert into ${fundBalances} as b (fund_id, org_id, received_fen, passed_on_fen, spent_fen, available_fen)
        values (${fund.id}, ${org.id}, ${d.r}, ${d.p}, ${d.s}, ${d.a})
        on conflict (fund_id, org_id) do update set received_fen = b.received_fen + excluded.received_fen,
          passed_on_fen = b.passed_on_fen + excluded.passed_on_fen, spent_fen = b.spent_fen + excluded.spent_fen,
          available_fen = b.available_fen + excluded.available_fen, updated_at = now()
        returning available_fen as available`,
  );
  if (!row) throw new Error('funds: the upsert returned no row');
  return Number(row.available);
}

export async function insufficient(tx: Tx, fund: LoadedFund, org: Org, amountFen: number) {
  const [balance] = await tx
    .select({ available: fundBalances.availableFen })
    .from(fundBalances)
    .where(and(eq(fundBalances.fundId, fund.id), eq(fundBalances.orgId, org.id)));
  const available = balance?.available ?? 0;
  return fundErrors.insufficient(
    { org: org.name, fund: fund.name, available: formatYuan(available), amount: formatYuan(amountFen) },
    { detail: JSON.stringify({ availableFen: available, amountFen }) },
  );
}

export function actorColumns(actor: Actor) {
  return { actorKind: actor.kind, actorId: actor.id, actorName: actor.name, requestId: actor.requestId };
}

/** Writes one movement: both nodes' figures (ancestor first), then its line with the balances it left. */
export async function post(tx: Tx, actor: Actor, fund: LoadedFund, m: Movement): Promise<Transfer> {
  const reversal = !!m.reverses;
  const { from, to } = figureDeltas(m.kind, m.amountFen, reversal ? -1 : 1);
  const sides = [
    { org: m.from, delta: from },
    { org: m.to, delta: to },
  ]
    .filter((s) => Object.keys(s.delta).length > 0)
    .sort((a, b) => a.org.path.localeCompare(b.org.path));
  const after = new Map<string, number>();
  for (const side of sides) after.set(side.org.id, await changeFigures(tx, fund, side.org, side.delta));
  const entry = entryOf(m.kind, m.from.id, m.to.id, reversal);
  const holdingAfter = (side: { orgId: string; account: string }) => (side.account === 'holding' ? (after.get(side.orgId) ?? null) : null);
  const [row] = await tx
    .insert(fundTransfers)
    .values({
      fundId: fund.id,
      kind: m.kind,
      amountFen: m.amountFen,
      debitOrgId: entry.debit.orgId,
      debitAccount: entry.debit.account,
      creditOrgId: entry.credit.orgId,
      creditAccount: entry.credit.account,
      debitAvailableAfter: holdingAfter(entry.debit),
      creditAvailableAfter: holdingAfter(entry.credit),
      sourceId: m.sourceId ?? null,
      reversesId: m.reverses?.id ?? null,
      refModule: m.ref?.module ?? null,
      refType: m.ref?.type ?? null,
      refId: m.ref?.id ?? null,
      payee: m.payee ?? null,
      memo: m.memo ?? null,
      idempotencyKey: m.idempotencyKey ?? null,
      ...actorColumns(actor),
    })
    .returning();
  if (!row) throw new Error('funds: the insert returned no row');
  return toTransfer(row);
}
