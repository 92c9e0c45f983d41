import { parse as parseCsv } from 'csv-parse/sync';
import type ExcelJS from 'exceljs';
import { addSafeRow, addSafeWorksheet, loadExcel } from '../../platform/files/excel.js';
import { codePointLength, isCleanLine } from '../../platform/text/text.js';
import { and, eq, inArray } from 'drizzle-orm';
import { withinScope, type Scope } from '../../platform/access/access.js';
import { recordAudit, type Actor, type AuditEntry } from '../../platform/audit/audit.js';
import { notifyChange } from '../../platform/cache/changes.js';
import { isAppError, type FieldProblem } from '../../platform/errors/app-error.js';
import { inTransaction, type Db, type Tx } from '../../platform/db/tx.js';
import { t } from '../../platform/i18n/i18n.js';
import { orgErrors } from './errors.js';
import { FORMATION_MODES, ORG_KINDS, TRADES, type FormationMode, type OrgKind, type Trade } from './rules.js';
import { orgs } from './schema.js';
import { insertOrgUnderParent, type Org } from './service/index.js';

// Organisation lists arrive from union staff as Excel or CSV with Chinese headers. Each row is checked
// on its own and every problem is reported with its row number (as Excel shows it) and column.

export const IMPORT_COLUMNS = [
  { key: 'name', header: '组织名称' },
  { key: 'kind', header: '组织类型' },
  { key: 'parent', header: '上级组织' },
  { key: 'regionCode', header: '行政区划代码' },
  { key: 'formationMode', header: '组建方式' },
  { key: 'trades', header: '覆盖行业' },
  { key: 'uscc', header: '统一社会信用代码' },
] as const;
type ColumnKey = (typeof IMPORT_COLUMNS)[number]['key'];

export const MAX_IMPORT_ROWS = 20_000;

export type ImportMode = 'all_or_nothing' | 'valid_rows';

export interface ImportReport {
  total: number;
  written: number;
  errors: FieldProblem[];
}

interface RawRow {
  row: number;
  cells: Partial<Record<ColumnKey, string>>;
}

const headerToKey = new Map<string, ColumnKey>(IMPORT_COLUMNS.map((c) => [c.header, c.key]));
for (const c of IMPORT_COLUMNS) headerToKey.set(c.key, c.key);

const label = (prefix: string, value: string) => t(`${prefix}.${value}`);
/** A code from our code or its zh-CN label; built on first use, once the module list's messages are installed. */
function byLabel<T extends string>(prefix: string, codes: readonly T[]): () => Map<string, T> {
  let map: Map<string, T> | undefined;
  return () => (map ??= new Map(codes.flatMap((code) => [[code, code] as [string, T], [label(prefix, code), code] as [string, T]])));
}
const kindByLabel = byLabel<OrgKind>('orgs.kind', ORG_KINDS);
const modeByLabel = byLabel<FormationMode>('orgs.formation_mode', FORMATION_MODES);
const tradeByLabel = byLabel<Trade>('orgs.trade', TRADES);

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result);
    return '';
  }
  return String(value);
}

function rowsFromMatrix(matrix: string[][]): RawRow[] {
  const [header, ...body] = matrix;
  if (!header) {
    throw orgErrors.importUnreadable({
      reason: t('problems.orgs.import_empty'),
    });
  }
  const keys = header.map((h) => headerToKey.get(h.trim()));
  const missing = IMPORT_COLUMNS.filter(
    (c) => (c.key === 'name' || c.key === 'kind' || c.key === 'parent' || c.key === 'regionCode') && !keys.includes(c.key),
  );
  if (missing.length > 0) {
    throw orgErrors.importUnreadable(
      {
        reason: t('problems.orgs.import_missing_columns', {
          columns: missing.map((c) => c.header).join('、'),
        }),
      },
      {
        errors: missing.map((c) => ({
          field: c.key,
          column: c.header,
          row: 1,
          code: 'orgs.import_missing_column',
          message: t('problems.orgs.import_missing_columns', {
            columns: c.header,
          }),
        })),
      },
    );
  }
  const rows: RawRow[] = [];
  body.forEach((cells, index) => {
    if (cells.every((c) => c.trim() === '')) return;
    const row: RawRow = { row: index + 2, cells: {} };
    keys.forEach((key, i) => {
      if (key) row.cells[key] = (cells[i] ?? '').trim();
    });
    rows.push(row);
  });
  if (rows.length > MAX_IMPORT_ROWS) throw orgErrors.importTooManyRows({ max: MAX_IMPORT_ROWS });
  return rows;
}

export async function readImportFile(buffer: Buffer, kind: 'csv' | 'xlsx'): Promise<RawRow[]> {
  if (kind === 'csv') {
    let text = buffer.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    try {
      return rowsFromMatrix(
        parseCsv(text, {
          relax_column_count: true,
          skip_empty_lines: false,
        }),
      );
    } catch (error) {
      if (isAppError(error)) throw error;
      throw orgErrors.importUnreadable({ reason: (error as Error).message });
    }
  }
  const workbook = new (await loadExcel()).Workbook();
  try {
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  } catch (error) {
    throw orgErrors.importUnreadable({ reason: t('problems.orgs.import_not_xlsx') }, { cause: error });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) {
    throw orgErrors.importUnreadable({
      reason: t('problems.orgs.import_empty'),
    });
  }
  const matrix: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const values: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) values.push(cellText(row.getCell(c).value));
    matrix[rowNumber - 1] = values;
  });
  for (let i = 0; i < matrix.length; i++) matrix[i] ??= [];
  return rowsFromMatrix(matrix);
}

export async function importTemplate(): Promise<Buffer> {
  const workbook = new (await loadExcel()).Workbook();
  const sheet = addSafeWorksheet(workbook, '组织导入');
  addSafeRow(
    sheet,
    IMPORT_COLUMNS.map((c) => c.header),
  );
  addSafeRow(sheet, [
    '柯桥区快递行业工会联合会',
    label('orgs.kind', 'industry_federation'),
    '柯桥区总工会',
    '330603',
    label('orgs.formation_mode', 'industry'),
    label('orgs.trade', 'courier'),
    '',
  ]);
  sheet.columns.forEach((col) => {
    col.width = 24;
  });
  const notes = addSafeWorksheet(workbook, '填写说明');
  addSafeRow(notes, ['组织类型可填', ORG_KINDS.map((k) => label('orgs.kind', k)).join('、')]);
  addSafeRow(notes, ['组建方式可填', FORMATION_MODES.map((m) => label('orgs.formation_mode', m)).join('、')]);
  addSafeRow(notes, ['覆盖行业可填（多个用、分隔）', TRADES.map((x) => label('orgs.trade', x)).join('、')]);
  addSafeRow(notes, ['上级组织', '填写本单位或下级组织的全称；也可填写本文件中前面行的组织名称']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

interface ParsedRow {
  row: number;
  name: string;
  kind: OrgKind;
  parent: string;
  regionCode: string;
  formationMode: FormationMode | null;
  trades: Trade[];
  uscc: string | null;
}

function problem(row: number, key: ColumnKey, code: string, params: Record<string, unknown> = {}): FieldProblem {
  const column = IMPORT_COLUMNS.find((c) => c.key === key)?.header ?? key;
  return {
    row,
    column,
    field: key,
    code,
    message: t(`problems.${code}`, params),
  };
}

function parseRow(raw: RawRow): { ok: ParsedRow } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const c = raw.cells;
  const name = c.name ?? '';
  const nameLength = codePointLength(name);
  if (!isCleanLine(name)) {
    problems.push({ ...problem(raw.row, 'name', 'common.invalid_characters'), code: 'validation.invalid_characters' });
  } else if (nameLength < 2 || nameLength > 100) {
    problems.push(problem(raw.row, 'name', 'orgs.name_length'));
  }
  const kind = kindByLabel().get(c.kind ?? '');
  if (!kind) problems.push(problem(raw.row, 'kind', 'orgs.kind_unknown', { value: c.kind ?? '' }));
  if (!c.parent) problems.push(problem(raw.row, 'parent', 'orgs.parent_required'));
  const regionCode = c.regionCode ?? '';
  if (!/^(\d{2}|\d{4}|\d{6}|\d{9})$/.test(regionCode)) problems.push(problem(raw.row, 'regionCode', 'orgs.region_unknown'));
  let formationMode: FormationMode | null = null;
  if (c.formationMode) {
    formationMode = modeByLabel().get(c.formationMode) ?? null;
    if (!formationMode) {
      problems.push(
        problem(raw.row, 'formationMode', 'orgs.formation_mode_unknown', {
          value: c.formationMode,
        }),
      );
    }
  }
  const trades: Trade[] = [];
  for (const part of (c.trades ?? '').split(/[、,，;；\s]+/).filter(Boolean)) {
    const trade = tradeByLabel().get(part);
    if (trade) trades.push(trade);
    else problems.push(problem(raw.row, 'trades', 'orgs.trade_unknown', { value: part }));
  }
  if (problems.length > 0 || !kind) return { problems };
  return {
    ok: {
      row: raw.row,
      name,
      kind,
      parent: c.parent ?? '',
      regionCode,
      formationMode,
      trades,
      uscc: c.uscc || null,
    },
  };
}

// Errors thrown by a single row's insert are turned into row problems with the right column.
const FIELD_TO_COLUMN: Record<string, ColumnKey> = {
  kind: 'kind',
  parentId: 'parent',
  regionCode: 'regionCode',
  formationMode: 'formationMode',
  trades: 'trades',
  uscc: 'uscc',
  name: 'name',
};

function rowProblemsFrom(error: unknown, row: number): FieldProblem[] {
  if (!isAppError(error)) throw error;
  if (error.errors.length > 0) {
    return error.errors.map((e) => {
      const key = FIELD_TO_COLUMN[e.field] ?? 'name';
      return {
        ...e,
        row,
        field: key,
        column: IMPORT_COLUMNS.find((c) => c.key === key)?.header ?? key,
      };
    });
  }
  const key: ColumnKey = error.code === orgErrors.codes.usccTaken ? 'uscc' : error.code === orgErrors.codes.notFound ? 'parent' : 'name';
  return [problem(row, key, error.code)];
}

/**
 * Imports rows under the scope. Parents are named by full name (or id): an organisation already in
 * the scope, or one created by an earlier row of the same file. In 'all_or_nothing' mode one bad row
 * rolls everything back; in 'valid_rows' mode each good row is written (each in a savepoint).
 */
export async function importOrgs(db: Db, actor: Actor, scope: Scope, rawRows: RawRow[], mode: ImportMode): Promise<ImportReport> {
  const parsed: ParsedRow[] = [];
  const errors: FieldProblem[] = [];
  for (const raw of rawRows) {
    const result = parseRow(raw);
    if ('ok' in result) parsed.push(result.ok);
    else errors.push(...result.problems);
  }
  const outcome = await inTransaction(db, async (tx) => {
    const parentNames = [...new Set(parsed.map((r) => r.parent))];
    const known = await tx
      .select()
      .from(orgs)
      .where(and(withinScope(orgs.path, scope), inArray(orgs.name, parentNames)))
      // Held until commit: a parent cannot be moved or deactivated under the rows being written.
      .for('share');
    const byName = new Map<string, Org[]>();
    for (const o of known) byName.set(o.name, [...(byName.get(o.name) ?? []), o as Org]);
    let written = 0;
    const audit: AuditEntry[] = [];
    for (const row of parsed) {
      const candidates = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(row.parent)
        ? ((await tx
            .select()
            .from(orgs)
            .where(and(eq(orgs.id, row.parent), withinScope(orgs.path, scope)))) as Org[])
        : (byName.get(row.parent) ?? []);
      if (candidates.length !== 1) {
        errors.push(
          problem(row.row, 'parent', candidates.length === 0 ? 'orgs.parent_not_found' : 'orgs.parent_ambiguous', { value: row.parent }),
        );
        continue;
      }
      const parent = candidates[0] as Org;
      try {
        const rowAudit: AuditEntry[] = [];
        const created = await savepoint(tx, (inner) =>
          insertOrgUnderParent(inner, actor, parent, { ...row, parentId: parent.id }, rowAudit),
        );
        audit.push(...rowAudit);
        byName.set(created.name, [...(byName.get(created.name) ?? []), created]);
        written++;
      } catch (error) {
        errors.push(...rowProblemsFrom(error, row.row));
      }
    }
    errors.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    if (mode === 'all_or_nothing' && errors.length > 0) {
      // Throwing rolls back every row written so far.
      throw orgErrors.importRejected({ count: errors.length }, { errors });
    }
    // An import only creates organisations (each row already notified with its parent).
    await notifyChange(tx, 'orgs', 'create:import');
    // Appended last, so the audit head is locked only from here to the commit.
    for (const entry of audit) await recordAudit(tx, actor, entry);
    await recordAudit(tx, actor, {
      action: 'orgs.import',
      targetType: 'org',
      orgId: scope.orgId,
      orgPath: scope.path,
      details: { total: rawRows.length, written, failed: errors.length, mode },
    });
    return { total: rawRows.length, written, errors };
  });
  return outcome;
}

// A failing row must not poison the transaction (PostgreSQL aborts it on the first error), so each
// row gets a savepoint: bad rows are all collected, and the mode decides what commits.
async function savepoint<T>(tx: Tx, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return tx.transaction(fn);
}
