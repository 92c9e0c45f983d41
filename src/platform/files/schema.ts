import { index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from '../db/columns.js';

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

/**
 * A file kept as evidence or illustration (a station's photo, an invoice, a certificate): its bytes on
 * the file store by their SHA-256 (written once, never changed), its row here saying what it is, who may
 * see it (the union whose subtree may read it) and which module's purpose it serves.
 */
export const storedFiles = pgTable(
  'stored_file',
  {
    id: id(),
    sha256: text('sha256').notNull(),
    contentType: text('content_type').notNull(),
    bytes: integer('bytes').notNull(),
    /** The name it was uploaded with, shown and offered on download. */
    name: text('name').notNull(),
    /** e.g. 'stations.photo': the module that owns it decides who else may read it. */
    purpose: text('purpose').notNull(),
    orgId: uuid('org_id'),
    createdBy: uuid('created_by'),
    createdAt: createdAt(),
  },
  (t) => [index('stored_file_sha256_ix').on(t.sha256)],
);
