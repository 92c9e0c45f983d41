import { pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { updatedAt } from '../db/columns.js';

// The column mapping each staff member confirmed, per kind of import: next time a file with the same
// headers is offered the same choice. One row per header; field '' = "this column is not imported".
export const fileColumnMappings = pgTable(
  'file_column_mapping',
  {
    staffId: uuid('staff_id').notNull(),
    kind: text('kind').notNull(),
    header: text('header').notNull(),
    field: text('field').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.kind, t.header] })],
);
