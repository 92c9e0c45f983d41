// Reading imports: one job, the subtree's latest, the error report as CSV.
import type { Db } from '../../../../platform/db/tx.js';
import { csvCell } from '../../../../platform/files/excel.js';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Scope } from '../../../../platform/access/access.js';
import type { Platform } from '../../../../platform/context.js';
import type { Database } from '../../../../platform/db/client.js';
import { t } from '../../../../platform/i18n/i18n.js';
import { orgIdsInScope } from '#modules/orgs';
import { memberErrors } from '../../errors.js';
import { importErrors, imports } from '../../schema.js';
import { type ImportJob, RUNNING, toJob } from './job.js';
import { endOrphanedImports } from './orphans.js';

export async function getImportUnscoped(db: Db, id: string): Promise<ImportJob> {
  const [row] = await db.select().from(imports).where(eq(imports.id, id));
  if (!row) throw memberErrors.importNotFound();
  return toJob(row);
}

/**
 * One import of the subtree. Given the database, a job that looks running but whose process is gone
 * is ended first, so the console never shows a dead job as "writing 62%".
 */
export async function getImport(db: Db, p: Platform, scope: Scope, id: string, database?: Database): Promise<ImportJob> {
  const read = async () => {
    const [row] = await db
      .select()
      .from(imports)
      .where(and(eq(imports.id, id), inArray(imports.orgId, orgIdsInScope(scope))));
    if (!row) throw memberErrors.importNotFound();
    return row;
  };
  const row = await read();
  if (!database || !RUNNING.includes(row.status)) return toJob(row);
  return (await endOrphanedImports(database, p)).includes(id) ? toJob(await read()) : toJob(row);
}

/** The subtree's latest imports (running ones whose process is gone ended first). */
export async function listImports(database: Database, p: Platform, scope: Scope): Promise<ImportJob[]> {
  const { db } = database;
  await endOrphanedImports(database, p);
  const rows = await db
    .select()
    .from(imports)
    .where(inArray(imports.orgId, orgIdsInScope(scope)))
    .orderBy(desc(imports.startedAt))
    .limit(20);
  return rows.map(toJob);
}

/** The error report as CSV lines (with a BOM, so Excel opens it as UTF-8), streamed in pages. */
export async function* importErrorsCsv(db: Db, p: Platform, scope: Scope, id: string): AsyncGenerator<string> {
  await getImport(db, p, scope, id);
  yield `\uFEFF${t('members.import.errors_header')}\n`;
  let after = 0;
  for (;;) {
    const page = await db
      .select()
      .from(importErrors)
      .where(and(eq(importErrors.importId, id), sql`${importErrors.row} > ${after}`))
      .orderBy(asc(importErrors.row))
      .limit(5000);
    if (page.length === 0) return;
    // Rows are whole: a row's problems are never split across pages.
    const lastRow = page.length === 5000 ? (page[page.length - 1]?.row ?? 0) - 1 : Number.MAX_SAFE_INTEGER;
    const lines = page.filter((e) => e.row <= lastRow).map((e) => [e.row, e.column, e.code, e.message].map(csvCell).join(','));
    if (lines.length === 0) return;
    yield `${lines.join('\n')}\n`;
    after = Math.min(lastRow, page[page.length - 1]?.row ?? lastRow);
  }
}
