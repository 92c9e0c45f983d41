import { formatYuan } from '../../platform/text/money.js';

export { formatYuan };

// The rules of the funds ledger: what a movement debits and credits, how it changes a node's figures,
// and which amounts are acceptable. Pure: no I/O. The service applies them under the balance rows' locks.

/** What a fund is for: the aid it pays (送温暖, 金秋助学 …) or the module that pays from it. */
export const FUND_PURPOSES = ['warmth', 'study', 'medical', 'life', 'mutual_aid', 'award', 'activity', 'other'] as const;
export type FundPurpose = (typeof FUND_PURPOSES)[number];

/**
 * Money enters a fund at a node from a source outside the tree (全总's allocation to a province, a
 * budget, a donation), moves down the tree as an allocation, and leaves as a disbursement (aid paid).
 */
export const MOVEMENT_KINDS = ['source', 'allocation', 'disbursement'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/**
 * The accounts of one node in one fund. `holding` is the money the node holds (an asset: debits add);
 * `source` is where money came in from outside (credits record it); `spent` is what it paid out.
 */
export const ACCOUNTS = ['holding', 'source', 'spent'] as const;
export type Account = (typeof ACCOUNTS)[number];

export interface Side {
  orgId: string;
  account: Account;
}

/** One balanced journal line: `amountFen` debited to one account and credited to another. */
export interface Entry {
  debit: Side;
  credit: Side;
}

/**
 * The double entry of a movement. `from` is the node that gives (an allocation's parent, the
 * disbursing node; a source's receiving node), `to` the node that receives (the same for source and
 * disbursement). A reversal is the same entry with its sides swapped, never an edit of the first.
 */
export function entryOf(kind: MovementKind, from: string, to: string, reversal = false): Entry {
  const entry: Entry =
    kind === 'source'
      ? { debit: { orgId: to, account: 'holding' }, credit: { orgId: to, account: 'source' } }
      : kind === 'allocation'
        ? { debit: { orgId: to, account: 'holding' }, credit: { orgId: from, account: 'holding' } }
        : { debit: { orgId: from, account: 'spent' }, credit: { orgId: from, account: 'holding' } };
  return reversal ? { debit: entry.credit, credit: entry.debit } : entry;
}

/**
 * A node's figures in a fund. They always add up: available = received − passed on − spent, and
 * none is ever negative (the database checks both on every row, whatever the code does).
 */
export interface Figures {
  receivedFen: number;
  passedOnFen: number;
  spentFen: number;
  availableFen: number;
}

export const NO_FIGURES: Figures = { receivedFen: 0, passedOnFen: 0, spentFen: 0, availableFen: 0 };

/** How one movement (or its reversal, sign −1) changes the figures of the node giving and the node receiving. */
export function figureDeltas(kind: MovementKind, amountFen: number, sign: 1 | -1): { from: Partial<Figures>; to: Partial<Figures> } {
  const a = amountFen * sign;
  switch (kind) {
    case 'source':
      return { from: {}, to: { receivedFen: a, availableFen: a } };
    case 'allocation':
      return { from: { passedOnFen: a, availableFen: -a }, to: { receivedFen: a, availableFen: a } };
    case 'disbursement':
      return { from: { spentFen: a, availableFen: -a }, to: {} };
  }
}

export function addFigures(base: Figures, delta: Partial<Figures>): Figures {
  return {
    receivedFen: base.receivedFen + (delta.receivedFen ?? 0),
    passedOnFen: base.passedOnFen + (delta.passedOnFen ?? 0),
    spentFen: base.spentFen + (delta.spentFen ?? 0),
    availableFen: base.availableFen + (delta.availableFen ?? 0),
  };
}

export const figuresAddUp = (f: Figures): boolean =>
  f.availableFen === f.receivedFen - f.passedOnFen - f.spentFen &&
  f.receivedFen >= 0 &&
  f.passedOnFen >= 0 &&
  f.spentFen >= 0 &&
  f.availableFen >= 0;

/**
 * The largest single movement: 100 million yuan. Larger amounts are a typo (an extra zero or two), and
 * the bound keeps every sum of a node's movements far inside a bigint and JavaScript's exact integers.
 */
export const MAX_MOVEMENT_FEN = 10_000_000_000;

export type AmountProblem = 'not_integer' | 'not_positive' | 'too_large';

export function amountProblem(amountFen: number): AmountProblem | null {
  if (!Number.isSafeInteger(amountFen)) return 'not_integer';
  if (amountFen <= 0) return 'not_positive';
  if (amountFen > MAX_MOVEMENT_FEN) return 'too_large';
  return null;
}

/**
 * Which of several disbursements against one balance go through, in arrival order: each that fits in
 * what is left is granted; one that does not is refused and the later, smaller ones may still fit.
 */
export function grantInOrder(
  availableFen: number,
  amounts: readonly number[],
): { granted: boolean[]; availableAfter: number[]; left: number } {
  let left = availableFen;
  const granted: boolean[] = [];
  const availableAfter: number[] = [];
  for (const amount of amounts) {
    const ok = amount <= left;
    if (ok) left -= amount;
    granted.push(ok);
    availableAfter.push(left);
  }
  return { granted, availableAfter, left };
}
