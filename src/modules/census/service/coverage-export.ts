// The coverage table as .xlsx: the dashboard's areas and trades, as staff take them into a report.
import type { Writable } from 'node:stream';
import type { Scope } from '../../../platform/access/access.js';
import type { Actor } from '../../../platform/audit/audit.js';
import { inTransaction, type Db } from '../../../platform/db/tx.js';
import { addSafeRow, addSafeWorksheet, loadExcel } from '../../../platform/files/excel.js';
import { t } from '../../../platform/i18n/i18n.js';
import type { Trade } from '#modules/orgs';
import { auditForOrg } from './common.js';
import { coverageReport, type CoverageFigures, type CoverageReport } from './coverage.js';

const COLUMNS = [
  ['name', 24],
  ['census', 10],
  ['members', 10],
  ['rate', 10],
  ['probable', 12],
  ['notYetMembers', 10],
  ['rollMembers', 10],
  ['joinedThisYear', 12],
  ['joinedNewFormThisYear', 16],
] as const;

const rate = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
const cells = (name: string, f: CoverageFigures) => [
  name,
  f.census,
  f.members,
  rate(f.rate),
  f.probable,
  f.notYetMembers,
  f.rollMembers,
  f.joinedThisYear,
  f.joinedNewFormThisYear,
];

/** The report to export, its scope checked and the export audited before a byte is written. */
export async function startCoverageExport(
  db: Db,
  actor: Actor,
  scope: Scope,
  query: { region?: string | undefined; trade?: Trade | undefined },
): Promise<CoverageReport> {
  const report = await coverageReport(db, scope, query);
  await inTransaction(db, (tx) =>
    auditForOrg(tx, actor, scope.orgId, {
      action: 'census.coverage_export',
      targetType: 'region',
      targetId: report.area.code,
      details: { ...query },
    }),
  );
  return report;
}

/** Writes the workbook (areas, then trades, each with its total) to `out`. */
export async function writeCoverageXlsx(report: CoverageReport, actor: Actor, out: Writable): Promise<void> {
  const workbook = new (await loadExcel()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = actor.name ?? '';
  const title = t('census.export.coverage_title', {
    area: report.area.name || t('census.export.all_areas'),
    trade: report.trade ? t(`orgs.trade.${report.trade}`) : t('census.export.all_trades'),
  });
  const sheets = [
    {
      name: t('census.export.by_area'),
      first: t('census.export.column.area'),
      rows: report.children.map((c) => cells(c.key === report.area.code ? t('census.export.not_finer') : c.name, c)),
    },
    {
      name: t('census.export.by_trade'),
      first: t('census.export.column.trade'),
      rows: report.trades.map((c) => cells(t(`orgs.trade.${c.key}`), c)),
    },
  ];
  for (const s of sheets) {
    const sheet = addSafeWorksheet(workbook, s.name);
    sheet.columns = COLUMNS.map(([key, width]) => ({ key, width }));
    addSafeRow(sheet, [title]).commit();
    const header = addSafeRow(sheet, [s.first, ...COLUMNS.slice(1).map(([key]) => t(`census.export.column.${key}`))]);
    header.font = { bold: true };
    header.commit();
    for (const row of s.rows) addSafeRow(sheet, row).commit();
    addSafeRow(sheet, cells(t('census.export.total'), report.totals)).commit();
    sheet.commit();
  }
  await workbook.commit();
}
