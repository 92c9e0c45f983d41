import { sql } from 'drizzle-orm';
import { bigint, check, index, pgTable, primaryKey, text, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from '../../platform/db/columns.js';
import { orgs } from '../orgs/schema.js';
import { ACCOUNTS, FUND_PURPOSES, MOVEMENT_KINDS } from './rules.js';

const fen = (name: string) => bigint(name, { mode: 'number' });

/**
 * A fund (送温暖资金, 金秋助学资金 …) run by a union (its owner) for its subtree: money comes in at the
 * owner or below from sources, moves down the tree and is paid out. Other modules pay from funds.
 */
export const funds = pgTable(
  'fund',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    name: text('name').notNull(),
    purpose: text('purpose', { enum: FUND_PURPOSES }).notNull(),
    description: text('description'),
    status: text('status', { enum: ['active', 'closed'] })
      .notNull()
      .default('active'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('fund_org_name_uq').on(t.orgId, t.name)],
);

/** Where a fund's money comes from outside the tree: 全总下拨, a government budget, donations. */
export const fundSources = pgTable(
  'fund_source',
  {
    id: id(),
    fundId: uuid('fund_id')
      .notNull()
      .references(() => funds.id),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('fund_source_name_uq').on(t.fundId, t.name)],
);

/**
 * A node's figures in a fund, kept in the transaction of every movement under the row's lock. The
 * checks make overdrawing impossible whatever the code does: a movement that would take `available`
 * below zero fails at the database. The journal (`fund_transfer`) is the truth these are checked against.
 */
export const fundBalances = pgTable(
  'fund_balance',
  {
    fundId: uuid('fund_id')
      .notNull()
      .references(() => funds.id),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    receivedFen: fen('received_fen').notNull().default(0),
    passedOnFen: fen('passed_on_fen').notNull().default(0),
    spentFen: fen('spent_fen').notNull().default(0),
    availableFen: fen('available_fen').notNull().default(0),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.fundId, t.orgId] }),
    index('fund_balance_org_ix').on(t.orgId),
    check('fund_balance_adds_up', sql`${t.availableFen} = ${t.receivedFen} - ${t.passedOnFen} - ${t.spentFen}`),
    check(
      'fund_balance_not_negative',
      sql`${t.availableFen} >= 0 and ${t.receivedFen} >= 0 and ${t.passedOnFen} >= 0 and ${t.spentFen} >= 0`,
    ),
  ],
);

/**
 * The journal: one balanced line per movement, `amount_fen` debited to one account and credited to
 * another. Append-only (a trigger refuses UPDATE, DELETE and TRUNCATE): a mistake is undone by a
 * reversal, a new line with the sides swapped that names the line it reverses (once only). Each line
 * keeps the holding balances it left on both sides, so a statement reads like a bank's.
 */
export const fundTransfers = pgTable(
  'fund_transfer',
  {
    id: id(),
    fundId: uuid('fund_id')
      .notNull()
      .references(() => funds.id),
    kind: text('kind', { enum: MOVEMENT_KINDS }).notNull(),
    amountFen: fen('amount_fen').notNull(),
    debitOrgId: uuid('debit_org_id')
      .notNull()
      .references(() => orgs.id),
    debitAccount: text('debit_account', { enum: ACCOUNTS }).notNull(),
    creditOrgId: uuid('credit_org_id')
      .notNull()
      .references(() => orgs.id),
    creditAccount: text('credit_account', { enum: ACCOUNTS }).notNull(),
    /** The holding balance each side was left with (null for a side that is not a holding account). */
    debitAvailableAfter: fen('debit_available_after'),
    creditAvailableAfter: fen('credit_available_after'),
    sourceId: uuid('source_id').references(() => fundSources.id),
    reversesId: uuid('reverses_id').references((): AnyPgColumn => fundTransfers.id),
    /** What the money paid for, in the paying module's terms (hardship/aid/<id>), for its own reconciliation. */
    refModule: text('ref_module'),
    refType: text('ref_type'),
    refId: text('ref_id'),
    /** Who was paid, as statements show it (masked): never a full name or number. */
    payee: text('payee'),
    memo: text('memo'),
    actorKind: text('actor_kind').notNull(),
    actorId: text('actor_id'),
    actorName: text('actor_name'),
    requestId: text('request_id'),
    idempotencyKey: text('idempotency_key'),
    createdAt: createdAt(),
  },
  (t) => [
    index('fund_transfer_debit_ix').on(t.fundId, t.debitOrgId, t.id),
    index('fund_transfer_credit_ix').on(t.fundId, t.creditOrgId, t.id),
    index('fund_transfer_ref_ix').on(t.refModule, t.refType, t.refId),
    uniqueIndex('fund_transfer_reverses_uq').on(t.reversesId),
    uniqueIndex('fund_transfer_idempotency_uq').on(t.fundId, t.idempotencyKey),
    check('fund_transfer_amount_positive', sql`${t.amountFen} > 0`),
    // The accounts a line may touch follow from its kind: nothing else can be written.
    check(
      'fund_transfer_balanced_by_kind',
      sql`case ${t.kind}
        when 'source' then ${t.debitOrgId} = ${t.creditOrgId} and (
          (${t.reversesId} is null and ${t.debitAccount} = 'holding' and ${t.creditAccount} = 'source' and ${t.sourceId} is not null)
          or (${t.reversesId} is not null and ${t.debitAccount} = 'source' and ${t.creditAccount} = 'holding'))
        when 'allocation' then ${t.debitOrgId} <> ${t.creditOrgId} and ${t.debitAccount} = 'holding' and ${t.creditAccount} = 'holding'
        when 'disbursement' then ${t.debitOrgId} = ${t.creditOrgId} and (
          (${t.reversesId} is null and ${t.debitAccount} = 'spent' and ${t.creditAccount} = 'holding')
          or (${t.reversesId} is not null and ${t.debitAccount} = 'holding' and ${t.creditAccount} = 'spent'))
        else false end`,
    ),
  ],
);
