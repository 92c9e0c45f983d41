// The roll as .xlsx, streamed: rows are read in keyset pages and written as they come, so a district of
// a hundred thousand members never sits in memory. Personal data stays masked; the file names its
// exporter, and the export is in the audit log before the first byte leaves. Every row goes through
// addSafeRow: an employer or union name that starts like a formula is written as text.
import { shanghaiTimeText } from '../../../platform/time/shanghai.js';
import type { Writable } from 'node:stream';
import { addSafeRow, addSafeWorksheet, loadExcel } from '../../../platform/files/excel.js';
import { and, desc, sql, type SQL } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import type { Actor } from '../../../platform/audit/audit.js';
import type { Platform } from '../../../platform/context.js';
import { shanghaiDay } from '../../../platform/db/columns.js';
import { inTransaction, type Db } from '../../../platform/db/tx.js';
import { t } from '../../../platform/i18n/i18n.js';
import { regionFullName } from '../../../platform/regions/regions.js';
import { getOrg } from '#modules/orgs';
import { members } from '../schema.js';
import { auditForOrg, type MemberRow } from './common.js';
import { rollConditions, toMembers, type RollFilter } from './roll.js';

const PAGE = 2000;

const COLUMNS = [
  ['memberNo', 18],
  ['name', 10],
  ['gender', 6],
  ['birthDate', 12],
  ['idNumber', 22],
  ['phone', 14],
  ['trade', 12],
  ['newForm', 10],
  ['employer', 24],
  ['workRegion', 30],
  ['union', 28],
  ['status', 8],
  ['joinedAt', 12],
  ['source', 10],
] as const;

export type ExportFilter = Omit<RollFilter, 'sort' | 'cursor' | 'limit'>;

/** Checks scope and filters and writes the audit record; the caller then streams with `writeRollXlsx`. */
export async function startRollExport(
  db: Db,
  p: Platform,
  actor: Actor,
  scope: Scope,
  filter: ExportFilter,
  reason: string,
): Promise<{ count: number }> {
  const conditions = await rollConditions(db, p, scope, filter);
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(members)
    .where(and(...conditions));
  const count = row?.n ?? 0;
  const orgId = filter.orgId ?? scope.orgId;
  await inTransaction(db, (tx) =>
    auditForOrg(tx, actor, orgId, {
      action: 'members.export',
      targetType: 'org',
      targetId: orgId,
      reason,
      details: { filter: { ...filter }, rows: count },
    }),
  );
  return { count };
}

export async function writeRollXlsx(
  db: Db,
  p: Platform,
  actor: Actor,
  scope: Scope,
  filter: ExportFilter,
  out: Writable,
  now = new Date(),
): Promise<number> {
  const conditions = await rollConditions(db, p, scope, filter);
  const union = await getOrg(db, scope, filter.orgId ?? scope.orgId);
  const workbook = new (await loadExcel()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = actor.name ?? '';
  workbook.created = now;
  const sheet = addSafeWorksheet(workbook, t('members.export.sheet'));
  sheet.columns = COLUMNS.map(([key, width]) => ({ key, width }));
  addSafeRow(sheet, [t('members.export.title', { union: union.name })]).commit();
  addSafeRow(sheet, [t('members.export.byline', { name: actor.name ?? '', time: shanghaiTimeText(now) })]).commit();
  addSafeRow(sheet, [t('members.export.masked')]).commit();
  const header = addSafeRow(
    sheet,
    COLUMNS.map(([key]) => t(`members.export.column.${key}`)),
  );
  header.font = { bold: true };
  header.commit();
  let written = 0;
  let cursor: { at: Date; id: string } | null = null;
  for (;;) {
    const where: SQL[] = cursor
      ? [...conditions, sql`(${members.joinedAt}, ${members.id}) < (${cursor.at}, ${cursor.id}::uuid)`]
      : conditions;
    const rows = await db
      .select()
      .from(members)
      .where(and(...where))
      .orderBy(desc(members.joinedAt), desc(members.id))
      .limit(PAGE);
    if (rows.length === 0) break;
    for (const m of await toMembers(db, p, rows)) {
      addSafeRow(sheet, [
        m.memberNo,
        m.nameMasked ?? '',
        m.gender ? t(`members.gender.${m.gender}`) : '',
        m.birthDate ? m.birthDate.slice(0, 4) : '',
        m.idNumberMasked ?? '',
        m.phoneMasked ?? '',
        t(`orgs.trade.${m.trade}`),
        m.newForm ? t('members.export.yes') : t('members.export.no'),
        m.employerName ?? '',
        regionFullName(m.workRegionCode),
        m.orgName,
        t(`members.status.${m.status}`),
        shanghaiDay(m.joinedAt),
        t(`members.source.${m.source}`),
      ]).commit();
      written += 1;
    }
    const last: MemberRow | undefined = rows[rows.length - 1];
    if (!last || rows.length < PAGE) break;
    cursor = { at: last.joinedAt, id: last.id };
  }
  await workbook.commit();
  return written;
}
