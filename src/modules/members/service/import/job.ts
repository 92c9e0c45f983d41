// The import job: its row, what it is told, where its uploads live.
import type { Db } from '../../../../platform/db/tx.js';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Platform } from '../../../../platform/context.js';
import { parseMappingText } from '../../../../platform/files/mappings.js';
import type { TextEncoding } from '../../../../platform/files/table.js';
import { memberErrors } from '../../errors.js';
import { imports } from '../../schema.js';
import { IMPORT_FIELDS, type ImportField, type ImportMapping } from './rows.js';
import { problem } from '../validate.js';

export const IMPORT_MAX_ROWS = 1_000_000;

export type ImportRow = typeof imports.$inferSelect;

export interface ImportJob {
  id: string;
  orgId: string;
  staffName: string | null;
  fileName: string;
  format: 'csv' | 'xlsx';
  mode: 'all_or_nothing' | 'valid_rows';
  status: ImportRow['status'];
  /** 0–100 by bytes read; when the file is read twice, the checking counts for half and the writing for the other. */
  progress: number;
  totalRows: number;
  processedRows: number;
  /** Rows on the roll (during an all-or-nothing import's writing: rows staged, on the roll only once it completes). */
  writtenRows: number;
  /** People already on the roll. */
  duplicateRows: number;
  /** Repeats of an earlier row of the same file. */
  fileDuplicateRows: number;
  errorRows: number;
  /** Rows imported with something left out (each named in the report). */
  warningRows: number;
  /** A CSV's detected text encoding; null for .xlsx (and before the file is read). */
  encoding: TextEncoding | null;
  failure: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}

/** What an import is told besides its file: which column is which, and where the people work. */
export interface ImportOptions {
  /** Field → the file's header for it; absent: the uploader's remembered choice, else the usual words. */
  mapping?: ImportMapping | undefined;
  /** A township or county for every row without a township code of its own. */
  workRegionCode?: string | undefined;
}

/** A job received and waiting to be run by `runImport`. */
export interface ReceivedImport {
  job: ImportJob;
  file: string;
  options: ImportOptions;
}

export const RUNNING: ImportRow['status'][] = ['queued', 'validating', 'writing'];

/** A mapping as the API takes it: field → the file's header for it. */
export const ImportMappingSchema = z.partialRecord(
  z.enum(IMPORT_FIELDS.map((f) => f.key) as [ImportField, ...ImportField[]]),
  z.string().trim().min(1).max(100),
);

/** A mapping sent as JSON text (in the query string: the body is the file). */
export function parseImportMapping(text: string | undefined): ImportMapping | undefined {
  const mapping = parseMappingText(text, ImportMappingSchema);
  if (mapping === null) throw memberErrors.invalid({ count: 1 }, { errors: [problem('querystring.mapping', 'import_mapping_invalid')] });
  return mapping;
}

export function toJob(r: ImportRow): ImportJob {
  return {
    id: r.id,
    orgId: r.orgId,
    staffName: r.staffName,
    fileName: r.fileName,
    format: r.format,
    mode: r.mode,
    status: r.status,
    progress: r.progress,
    totalRows: r.totalRows,
    processedRows: r.processedRows,
    writtenRows: r.writtenRows,
    duplicateRows: r.duplicateRows,
    fileDuplicateRows: r.fileDuplicateRows,
    errorRows: r.errorRows,
    warningRows: r.warningRows,
    encoding: (r.encoding as TextEncoding | null) ?? null,
    failure: r.failure,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
  };
}

export function importDir(p: Platform): string {
  return path.resolve(p.config.dataDir, 'imports');
}

export async function update(db: Db, id: string, set: Partial<typeof imports.$inferInsert>): Promise<void> {
  await db
    .update(imports)
    .set({ ...set, heartbeatAt: new Date() })
    .where(eq(imports.id, id));
}
