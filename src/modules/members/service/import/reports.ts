// Reading imports: one job, the subtree's latest, the error report as CSV.
import type { Db } from '../../../../platform/db/tx.js';
import { problemReportCsv } from '../../../../platform/files/reports.js';
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

/** The error report as CSV lines (platform/files/reports.ts). */
export async function* importErrorsCsv(db: Db, p: Platform, scope: Scope, id: string): AsyncGenerator<string> {
  await getImport(db, p, scope, id);
  yield* problemReportCsv(t('members.import.errors_header'), (after, limit) =>
    db
      .select({ row: importErrors.row, column: importErrors.column, code: importErrors.code, message: importErrors.message })
      .from(importErrors)
      .where(and(eq(importErrors.importId, id), sql`${importErrors.row} > ${after}`))
      .orderBy(asc(importErrors.row))
      .limit(limit),
  );
}
