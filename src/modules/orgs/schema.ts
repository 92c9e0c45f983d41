import { sql } from 'drizzle-orm';
import { type AnyPgColumn, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, instant, updatedAt } from '../../platform/db/columns.js';

export const orgs = pgTable(
  'org',
  {
    id: id(),
    parentId: uuid('parent_id').references((): AnyPgColumn => orgs.id),
    // Materialised path "/<root id>/…/<own id>/": a subtree is one indexed prefix scan.
    path: text('path').notNull(),
    depth: integer('depth').notNull(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    regionCode: text('region_code').notNull(),
    formationMode: text('formation_mode'),
    trades: text('trades')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    uscc: text('uscc'),
    status: text('status', { enum: ['active', 'inactive'] })
      .notNull()
      .default('active'),
    deactivatedAt: instant('deactivated_at'),
    deactivationReason: text('deactivation_reason'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('org_path_uq').using('btree', t.path.op('text_pattern_ops')),
    index('org_parent_ix').on(t.parentId),
    index('org_region_ix').on(t.regionCode),
    // An employer has one union: the credit code is unique among organisations that have one.
    uniqueIndex('org_uscc_uq')
      .on(t.uscc)
      .where(sql`${t.uscc} is not null`),
    // Sibling names are unique, so an imported list can name parents by name.
    uniqueIndex('org_sibling_name_uq').on(sql`coalesce(${t.parentId}, '00000000-0000-0000-0000-000000000000'::uuid)`, t.name),
  ],
);

// A move keeps its history: where the organisation was, where it went, who moved it and why.
export const orgMoves = pgTable(
  'org_move',
  {
    id: id(),
    orgId: uuid('org_id')
      .notNull()
      .references(() => orgs.id),
    fromParentId: uuid('from_parent_id'),
    toParentId: uuid('to_parent_id').notNull(),
    fromPath: text('from_path').notNull(),
    toPath: text('to_path').notNull(),
    reason: text('reason').notNull(),
    movedBy: uuid('moved_by'),
    movedAt: createdAt(),
  },
  (t) => [index('org_move_org_ix').on(t.orgId, t.movedAt)],
);
