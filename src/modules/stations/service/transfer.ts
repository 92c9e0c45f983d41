// A union's station list in and out of Excel: imported from the .xlsx or .csv an office keeps (GB18030
// CSVs, title rows, blank rows and its own headers included: platform/files reads them), exported as
// .xlsx in the same columns, so an exported list, corrected, imports again.
//
// A station list is hundreds of rows (温州: 489), a few thousand at most: unlike the members' roll of a
// million, it is read whole, checked whole, and written in one transaction — all of it or, if any row
// is bad, none of it, with every bad row reported (row, column, code, message). A station already in
// the list's union under the same name is updated, not added again.
import { shanghaiTimeText } from '../../../platform/time/shanghai.js';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { and, inArray, sql } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { notifyChange } from '../../../platform/cache/changes.js';
import type { Platform } from '../../../platform/context.js';
import { uuidv7 } from '../../../platform/db/columns.js';
import { inTransaction, type Db, type Tx } from '../../../platform/db/tx.js';
import type { FieldProblem } from '../../../platform/errors/app-error.js';
import { addSafeRow, addSafeWorksheet, loadExcel } from '../../../platform/files/excel.js';
import { rememberedMapping, rememberMapping } from '../../../platform/files/mappings.js';
import {
  cellsByField,
  detectFileEncoding,
  previewTable,
  readTable,
  resolveMapping,
  suggestMapping,
  TableReadError,
  type ColumnMapping,
  type ColumnSpec,
  type TableFormat,
  type TextEncoding,
} from '../../../platform/files/table.js';
import { dropUpload, saveUpload } from '../../../platform/files/uploads.js';
import { t } from '../../../platform/i18n/i18n.js';
import { findRegion, regionInAddress } from '../../../platform/regions/regions.js';
import { codePointLength, isCleanLine } from '../../../platform/text/text.js';
import { getOrg, getOrgsByIds, searchOrgs, type Org } from '#modules/orgs';
import { stationTransferErrors } from '../errors.js';
import {
  AMENITY_WORDS,
  formatAmenities,
  formatHours,
  halfWidth,
  KIND_WORDS,
  parseAmenities,
  parseArea,
  parseHours,
  parseKind,
  parsePhone,
  parsePoint,
} from '../import-rules.js';
import { AMENITIES, STATION_KINDS } from '../rules.js';
import { stations } from '../schema.js';
import { listStations, type StationFilter } from './read.js';
import { checkStation, writeImportedStations, type ImportedStation, type StationInput } from './write.js';

/** The kind of import whose column mappings each uploader is offered again (platform/files/mappings.ts). */
export const STATION_IMPORT_KIND = 'stations.list';
/** More than any union's list (温州: 489); a larger file is a mistake, or a province's to split. */
export const STATION_IMPORT_MAX_ROWS = 5000;

/** The list's columns as the export writes them (and the import reads them first). */
export const STATION_COLUMNS = {
  name: '名称',
  kind: '类型',
  host: '承建单位',
  union: '所属工会',
  unionCode: '工会代码',
  regionCode: '所在地区代码',
  address: '地址',
  lng: '经度',
  lat: '纬度',
  point: '坐标',
  hours: '开放时间',
  amenities: '设施',
  areaM2: '面积（㎡）',
  phone: '电话',
} as const;
export type StationField = keyof typeof STATION_COLUMNS;
export type StationMapping = ColumnMapping<StationField>;

/** Each column with the other headers that mean it in the lists union offices keep. */
export const STATION_FIELDS: readonly ColumnSpec<StationField>[] = [
  { key: 'name', label: STATION_COLUMNS.name, synonyms: ['驿站名称', '站点名称', '站名', '阵地名称', '名称（全称）'], required: true },
  { key: 'kind', label: STATION_COLUMNS.kind, synonyms: ['驿站类型', '站点类型', '类别', '驿站类别'], required: true },
  { key: 'host', label: STATION_COLUMNS.host, synonyms: ['依托单位', '建设单位', '承办单位', '共建单位', '所在单位', '依托场所'] },
  { key: 'union', label: STATION_COLUMNS.union, synonyms: ['工会', '主管工会', '所属工会名称', '建设工会', '管理工会'] },
  { key: 'unionCode', label: STATION_COLUMNS.unionCode, synonyms: ['工会统一社会信用代码', '工会编号', '工会信用代码'] },
  {
    key: 'regionCode',
    label: STATION_COLUMNS.regionCode,
    synonyms: ['地区代码', '区划代码', '行政区划代码', '街道代码', '乡镇代码', '所在区划代码'],
  },
  { key: 'address', label: STATION_COLUMNS.address, synonyms: ['详细地址', '站点地址', '驿站地址', '所在地址', '位置'], required: true },
  { key: 'lng', label: STATION_COLUMNS.lng, synonyms: ['经度（GCJ-02）', '经度(高德)', 'lng', 'longitude', 'X坐标'] },
  { key: 'lat', label: STATION_COLUMNS.lat, synonyms: ['纬度（GCJ-02）', '纬度(高德)', 'lat', 'latitude', 'Y坐标'] },
  { key: 'point', label: STATION_COLUMNS.point, synonyms: ['经纬度', '坐标（高德）', '高德坐标', '位置坐标'] },
  { key: 'hours', label: STATION_COLUMNS.hours, synonyms: ['营业时间', '服务时间', '开放时段', '开放时长'], required: true },
  { key: 'amenities', label: STATION_COLUMNS.amenities, synonyms: ['服务设施', '配套设施', '功能', '服务功能', '设施设备', '服务项目'] },
  { key: 'areaM2', label: STATION_COLUMNS.areaM2, synonyms: ['面积', '面积（平方米）', '面积(㎡)', '建筑面积', '使用面积'] },
  { key: 'phone', label: STATION_COLUMNS.phone, synonyms: ['联系电话', '服务电话', '联系方式', '电话号码', '值班电话'] },
];

/** A mapping as the routes take it: field → the file's header for it. */
export const STATION_FIELD_KEYS = STATION_FIELDS.map((f) => f.key) as [StationField, ...StationField[]];

function importDir(p: Platform): string {
  return path.resolve(p.config.dataDir, 'imports');
}

const unreadable = (reason: string, cause?: unknown) => stationTransferErrors.importUnreadable({ reason }, cause ? { cause } : {});

async function saveStationUpload(p: Platform, format: TableFormat, body: Readable, maxBytes: number): Promise<string> {
  try {
    return (await saveUpload(importDir(p), `stations-${uuidv7()}.${format}`, body, maxBytes)).file;
  } catch (error) {
    if (error instanceof TableReadError) throw unreadable(error.reason, error);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// The preview: what the mapping step shows.

export interface StationImportPreview {
  encoding: TextEncoding | null;
  headers: string[];
  samples: string[][];
  /** Field → header, as offered: the uploader's choice last time, else the usual words. */
  mapping: StationMapping;
}

/** A file's encoding, headers and first rows, and the column mapping to offer; nothing is kept. */
export async function previewStationImport(
  db: Db,
  p: Platform,
  actor: Actor,
  input: { body: Readable; format: TableFormat; truncated: boolean; maxBytes: number },
): Promise<StationImportPreview> {
  const file = await saveStationUpload(p, input.format, input.body, input.maxBytes);
  try {
    const preview = await previewTable(file, input.format, { rows: 5, truncated: input.truncated });
    const remembered = actor.kind === 'staff' && actor.id ? await rememberedMapping(db, actor.id, STATION_IMPORT_KIND) : {};
    return { ...preview, mapping: suggestMapping(preview.headers, STATION_FIELDS, remembered) };
  } catch (error) {
    if (error instanceof TableReadError) throw unreadable(error.reason, error);
    throw error;
  } finally {
    await dropUpload(file);
  }
}

// ---------------------------------------------------------------------------------------------
// Reading and checking the rows.

interface RawRow {
  row: number;
  cells: Partial<Record<StationField, string>>;
}

type RowProblem = FieldProblem & { row: number; column: string };

/** The header's fields, or why the file cannot be imported with them. */
function columnsOf(header: string[], mapping: StationMapping): Map<number, StationField> {
  const resolved = resolveMapping(header, STATION_FIELDS, mapping);
  if (resolved.unknown.length > 0) {
    throw unreadable(t('problems.files.mapped_header_missing', { headers: resolved.unknown.join('、') }));
  }
  const missing: string[] = resolved.missing.map((k) => STATION_COLUMNS[k]);
  const fields = new Set(resolved.columns.values());
  if (!fields.has('point') && !(fields.has('lng') && fields.has('lat'))) missing.push(t('problems.stations.import_coordinates_column'));
  if (missing.length > 0) throw unreadable(t('problems.stations.import_missing_columns', { columns: missing.join('、') }));
  return resolved.columns;
}

/** The rows of the file, each cell under its field, and the headers the file gave the fields. */
async function readRows(
  db: Db,
  actor: Actor,
  file: string,
  format: TableFormat,
  encoding: TextEncoding | null,
  given: StationMapping | undefined,
): Promise<{ rows: RawRow[]; headers: Partial<Record<StationField, string>> }> {
  let columns: Map<number, StationField> | null = null;
  const headers: Partial<Record<StationField, string>> = {};
  const rows: RawRow[] = [];
  const staffId = actor.kind === 'staff' ? actor.id : null;
  try {
    for await (const { row, cells } of readTable(file, format, encoding ? { encoding } : {})) {
      if (!columns) {
        const mapping =
          given ?? suggestMapping(cells, STATION_FIELDS, staffId ? await rememberedMapping(db, staffId, STATION_IMPORT_KIND) : {});
        columns = columnsOf(cells, mapping);
        for (const [i, field] of columns) headers[field] = cells[i] ?? STATION_COLUMNS[field];
        if (given && staffId) await rememberMapping(db, staffId, STATION_IMPORT_KIND, cells, given);
        continue;
      }
      if (rows.length >= STATION_IMPORT_MAX_ROWS) {
        throw unreadable(t('problems.stations.import_too_many_rows', { max: STATION_IMPORT_MAX_ROWS }));
      }
      rows.push({ row, cells: cellsByField(cells, columns) });
    }
  } catch (error) {
    if (error instanceof TableReadError) throw unreadable(error.reason, error);
    throw error;
  }
  if (rows.length === 0) throw unreadable(t('problems.stations.import_empty'));
  return { rows, headers };
}

/** The unions rows name, looked up once each in the uploader's subtree: by name, by credit code, or by id. */
class Unions {
  private readonly found = new Map<string, Org[]>();

  constructor(
    private readonly db: Db,
    private readonly scope: Scope,
  ) {}

  async named(text: string): Promise<Org[]> {
    const key = halfWidth(text);
    let orgs = this.found.get(key);
    if (!orgs) {
      if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key)) {
        orgs = await getOrg(this.db, this.scope, key.toLowerCase()).then(
          (org) => [org],
          () => [],
        );
      } else {
        const code = key.toUpperCase();
        orgs = (await searchOrgs(this.db, this.scope, { q: key, status: 'active', limit: 20 })).filter(
          (o) => o.name === key || o.uscc === code,
        );
      }
      this.found.set(key, orgs);
    }
    return orgs;
  }
}

interface CheckedRow {
  row: number;
  union: Org;
  input: StationInput;
}

/** Where a check's field problem goes in the file. */
const FIELD_OF_PROBLEM: Record<string, StationField> = {
  gcj02: 'lng',
  regionCode: 'regionCode',
  hours: 'hours',
  amenities: 'amenities',
};

const AMENITY_LIST = () => AMENITIES.map((a) => AMENITY_WORDS[a][0]).join('、');

/**
 * One row checked: every cell read (a bad one reported, the others still read, so that the report
 * names all of a row's problems at once), then the station checked as the console's form is.
 */
async function checkRow(
  raw: RawRow,
  column: (field: StationField) => string,
  unions: Unions,
  fallback: Org,
): Promise<{ ok: true; row: CheckedRow } | { ok: false; problems: RowProblem[] }> {
  const problems: RowProblem[] = [];
  const c = raw.cells;
  const report = (field: StationField, code: string, params: Record<string, unknown> = {}) =>
    problems.push({
      row: raw.row,
      column: column(field),
      field,
      code: `stations.${code}`,
      message: t(`problems.stations.${code}`, params),
    });

  const name = halfWidth(c.name ?? '');
  if (!isCleanLine(name) || codePointLength(name) < 2 || codePointLength(name) > 60) report('name', 'import_name_invalid');
  const kind = parseKind(c.kind ?? '');
  if (!kind.ok) report('kind', kind.code, kind.params);
  const host = halfWidth(c.host ?? '');
  if (codePointLength(host) > 100 || !isCleanLine(host)) report('host', 'import_host_too_long');
  const address = halfWidth(c.address ?? '');
  if (!isCleanLine(address) || codePointLength(address) < 2 || codePointLength(address) > 200) report('address', 'import_address_invalid');

  // The union: its code (credit code or id) if the row gives one, else its name, else the import's own.
  let union: Org | null = fallback;
  const named = halfWidth(c.unionCode ?? '') || halfWidth(c.union ?? '');
  if (named) {
    const field: StationField = halfWidth(c.unionCode ?? '') ? 'unionCode' : 'union';
    const found = await unions.named(named);
    union = found.length === 1 ? (found[0] ?? null) : null;
    if (found.length === 0) report(field, 'import_union_unknown', { value: named });
    if (found.length > 1) report(field, 'import_union_ambiguous', { value: named, count: found.length });
  }

  let regionCode: string | null = null;
  const code = halfWidth(c.regionCode ?? '').replace(/\s+/g, '');
  if (code) {
    const region = /^\d{6}(\d{3})?$/.test(code) ? findRegion(code) : null;
    if (region && (region.level === 'county' || region.level === 'township')) regionCode = code;
    else report('regionCode', 'import_region_invalid', { value: code });
  } else if (union) {
    // The street or town the address names within the union's area, else the union's own area.
    const inAddress = address ? regionInAddress(address, union.regionCode) : null;
    const own = findRegion(union.regionCode);
    if (inAddress && (inAddress.level === 'county' || inAddress.level === 'township')) regionCode = inAddress.code;
    else if (own && (own.level === 'county' || own.level === 'township')) regionCode = own.code;
    else report('regionCode', 'import_region_required', { org: union.name });
  }

  const point = parsePoint(c.lng ?? '', c.lat ?? '', c.point ?? '');
  if (!point.ok) report(c.point?.trim() ? 'point' : 'lng', point.code, point.params);
  const hours = parseHours(c.hours ?? '');
  if (!hours.ok) report('hours', hours.code, hours.params);
  const amenities = parseAmenities(c.amenities ?? '');
  for (const p of amenities.problems) report('amenities', p.code, { amenities: AMENITY_LIST(), ...p.params });
  const area = parseArea(c.areaM2 ?? '');
  if (!area.ok) report('areaM2', area.code, area.params);
  const phone = parsePhone(c.phone ?? '');
  if (!phone.ok) report('phone', phone.code, phone.params);

  if (problems.length > 0 || !kind.ok || !union || !regionCode || !point.ok || !hours.ok || !area.ok || !phone.ok) {
    return { ok: false, problems };
  }
  const input: StationInput = {
    orgId: union.id,
    name,
    kind: kind.value,
    host: host || null,
    address,
    regionCode,
    gcj02: point.value,
    hours: hours.value,
    amenities: amenities.value.amenities,
    amenityHours: amenities.value.amenityHours,
    areaM2: area.value,
    phone: phone.value,
  };
  // What the console's form would refuse: a point abroad, a region outside the union's, overlapping hours.
  for (const problem of checkStation(input, union)) {
    const field = FIELD_OF_PROBLEM[problem.field.split('.')[0] ?? ''] ?? 'amenities';
    problems.push({ ...problem, row: raw.row, column: column(c.point?.trim() && field === 'lng' ? 'point' : field), field });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, row: { row: raw.row, union, input } };
}

// ---------------------------------------------------------------------------------------------
// The import.

export interface StationImportInput {
  body: Readable;
  fileName: string;
  format: TableFormat;
  /** The union of rows that name none (default: the uploader's own); it must lie in their subtree. */
  orgId?: string | undefined;
  /** Field → the file's header; absent: the uploader's remembered choice, else the usual words. */
  mapping?: StationMapping | undefined;
  maxBytes: number;
}

export interface StationImportResult {
  total: number;
  created: number;
  updated: number;
  /** A CSV's detected text encoding; null for .xlsx. */
  encoding: TextEncoding | null;
}

/** The same station, as the list and the database know it: its union and its name. */
const stationKey = (orgId: string, name: string) => `${orgId}\u0000${name}`;

/**
 * Imports a station list: read, every row checked, then in one transaction the rows' stations
 * created or updated, audited once as an import, the nearest-station index told. Any bad row — a
 * cell that does not read, a union outside the subtree, a station twice in the file — rejects the
 * whole file (422, every bad row in `errors[]`), and nothing is written.
 */
export async function importStations(
  db: Db,
  p: Platform,
  actor: Actor,
  scope: Scope,
  input: StationImportInput,
): Promise<StationImportResult> {
  const fallback = await getOrg(db, scope, input.orgId ?? scope.orgId);
  const file = await saveStationUpload(p, input.format, input.body, input.maxBytes);
  let read: Awaited<ReturnType<typeof readRows>>;
  let encoding: TextEncoding | null = null;
  try {
    encoding = input.format === 'csv' ? await detectFileEncoding(file) : null;
    read = await readRows(db, actor, file, input.format, encoding, input.mapping);
  } finally {
    await dropUpload(file);
  }
  const column = (field: StationField) => read.headers[field] ?? STATION_COLUMNS[field];
  const unions = new Unions(db, scope);
  const problems: RowProblem[] = [];
  const checked: CheckedRow[] = [];
  const firstRowOf = new Map<string, number>();
  for (const raw of read.rows) {
    const result = await checkRow(raw, column, unions, fallback);
    if (!result.ok) {
      problems.push(...result.problems);
      continue;
    }
    const key = stationKey(result.row.union.id, result.row.input.name);
    const first = firstRowOf.get(key);
    if (first !== undefined) {
      problems.push({
        row: raw.row,
        column: column('name'),
        field: 'name',
        code: 'stations.import_duplicate_in_file',
        message: t('problems.stations.import_duplicate_in_file', { row: first }),
      });
    } else {
      firstRowOf.set(key, raw.row);
      checked.push(result.row);
    }
  }

  return inTransaction(db, async (tx) => {
    // Two imports (or an import and the form) naming the same union's stations take turns, so the same
    // name is never added twice. In a fixed order: two imports of overlapping unions never deadlock.
    const orgIds = [...new Set(checked.map((r) => r.union.id))].sort();
    for (const orgId of orgIds) await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`stations.import:${orgId}`}))`);
    const existing = await stationsNamed(tx, orgIds, [...new Set(checked.map((r) => r.input.name))]);
    const items: ImportedStation[] = [];
    for (const row of checked) {
      const same = existing.get(stationKey(row.union.id, row.input.name)) ?? [];
      if (same.length > 1) {
        problems.push({
          row: row.row,
          column: column('name'),
          field: 'name',
          code: 'stations.import_name_ambiguous',
          message: t('problems.stations.import_name_ambiguous', { org: row.union.name, count: same.length, name: row.input.name }),
        });
      }
      items.push({ id: same[0] ?? null, input: row.input });
    }
    if (problems.length > 0) {
      problems.sort((a, b) => a.row - b.row);
      const rows = new Set(problems.map((x) => x.row)).size;
      throw stationTransferErrors.importRejected({ rows }, { errors: problems });
    }
    const written = await writeImportedStations(tx, items);
    await recordAudit(tx, actor, {
      action: 'stations.import',
      targetType: 'org',
      targetId: fallback.id,
      orgId: fallback.id,
      orgPath: fallback.path,
      details: {
        fileName: input.fileName,
        format: input.format,
        total: read.rows.length,
        created: written.created,
        updated: written.updated,
        mapping: input.mapping ?? null,
      },
    });
    await notifyStations(tx, [...written.created, ...written.updated]);
    return { total: read.rows.length, created: written.created.length, updated: written.updated.length, encoding };
  });
}

/** The ids of the stations of `orgIds` with one of `names`, by union and name. */
async function stationsNamed(tx: Tx, orgIds: string[], names: string[]): Promise<Map<string, string[]>> {
  const byKey = new Map<string, string[]>();
  if (orgIds.length === 0) return byKey;
  const rows = await tx
    .select({ id: stations.id, orgId: stations.orgId, name: stations.name })
    .from(stations)
    .where(and(inArray(stations.orgId, orgIds), inArray(stations.name, names)))
    // Held to the commit: the form cannot rename or re-place one of them under the import.
    .for('update');
  for (const r of rows) byKey.set(stationKey(r.orgId, r.name), [...(byKey.get(stationKey(r.orgId, r.name)) ?? []), r.id]);
  return byKey;
}

// A list of a few stations names each one to the nearest-station index; a large one says "reload".
const NOTIFY_EACH_UP_TO = 100;

async function notifyStations(tx: Tx, ids: readonly string[]): Promise<void> {
  if (ids.length > NOTIFY_EACH_UP_TO) await notifyChange(tx, 'stations', '*');
  else for (const id of ids) await notifyChange(tx, 'stations', id);
}

// ---------------------------------------------------------------------------------------------
// The export.

export type StationExportFilter = Omit<StationFilter, 'cursor' | 'limit'>;

const EXPORT_PAGE = 500;

// The export's columns: the import's (a combined 坐标 column is only read), then the status, which an
// import leaves as it is.
const EXPORT_COLUMNS: [StationField | 'status', number][] = [
  ['name', 28],
  ['kind', 12],
  ['host', 24],
  ['union', 24],
  ['unionCode', 38],
  ['regionCode', 14],
  ['address', 36],
  ['lng', 13],
  ['lat', 13],
  ['hours', 36],
  ['amenities', 44],
  ['areaM2', 11],
  ['phone', 16],
  ['status', 10],
];

/** Checks the scope and filters (a union outside the subtree is 404) and records the export; the caller then streams. */
export async function startStationExport(db: Db, actor: Actor, scope: Scope, filter: StationExportFilter): Promise<{ count: number }> {
  const { total } = await listStations(db, scope, { ...filter, limit: 1 });
  const org = await getOrg(db, scope, filter.orgId ?? scope.orgId);
  await inTransaction(db, (tx) =>
    recordAudit(tx, actor, {
      action: 'stations.export',
      targetType: 'org',
      targetId: org.id,
      orgId: org.id,
      orgPath: org.path,
      details: { filter: { ...filter }, rows: total },
    }),
  );
  return { count: total };
}

/** The subtree's stations (filtered as the list) as .xlsx, written to `out` a page at a time. */
export async function writeStationsXlsx(
  db: Db,
  actor: Actor,
  scope: Scope,
  filter: StationExportFilter,
  out: Writable,
  now = new Date(),
): Promise<number> {
  const union = await getOrg(db, scope, filter.orgId ?? scope.orgId);
  const workbook = new (await loadExcel()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = actor.name ?? '';
  workbook.created = now;
  const sheet = addSafeWorksheet(workbook, t('stations.export.sheet'));
  sheet.columns = EXPORT_COLUMNS.map(([key, width]) => ({ key, width }));
  // Two lines above the header, each in one cell: the import skips them as a title.
  addSafeRow(sheet, [t('stations.export.title', { union: union.name })]).commit();
  addSafeRow(sheet, [t('stations.export.byline', { name: actor.name ?? '', time: shanghaiTimeText(now) })]).commit();
  const header = addSafeRow(
    sheet,
    EXPORT_COLUMNS.map(([key]) => (key === 'status' ? t('stations.export.status_column') : STATION_COLUMNS[key])),
  );
  header.font = { bold: true };
  header.commit();
  const orgs = new Map<string, Org>();
  let written = 0;
  let cursor: string | undefined;
  for (;;) {
    const page = await listStations(db, scope, { ...filter, cursor, limit: EXPORT_PAGE });
    const unknown = [...new Set(page.items.map((s) => s.orgId))].filter((id) => !orgs.has(id));
    for (const org of await getOrgsByIds(db, unknown)) orgs.set(org.id, org);
    for (const s of page.items) {
      const org = orgs.get(s.orgId);
      addSafeRow(sheet, [
        s.name,
        KIND_WORDS[s.kind][0] ?? s.kind,
        s.host ?? '',
        org?.name ?? '',
        org?.uscc ?? s.orgId,
        s.regionCode,
        s.address,
        s.gcj02.lng,
        s.gcj02.lat,
        formatHours(s.hours),
        formatAmenities(s.amenities, s.amenityHours),
        s.areaM2 ?? '',
        s.phone ?? '',
        t(`stations.status_label.${s.status}`),
      ]).commit();
      written += 1;
    }
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  await workbook.commit();
  return written;
}

/** An empty list to fill in: the columns, one example row (seed 002's 骑手之家), and how each column is written. */
export async function stationTemplateXlsx(): Promise<Buffer> {
  const workbook = new (await loadExcel()).Workbook();
  const sheet = addSafeWorksheet(workbook, t('stations.export.sheet'));
  const columns = EXPORT_COLUMNS.filter(([key]) => key !== 'status' && key !== 'unionCode') as [StationField, number][];
  sheet.columns = columns.map(([key, width]) => ({ key, width }));
  addSafeRow(
    sheet,
    columns.map(([key]) => STATION_COLUMNS[key]),
  ).font = { bold: true };
  const example: Partial<Record<StationField, string | number>> = {
    name: '柯桥骑手之家',
    kind: KIND_WORDS.rider_home[0],
    host: '中国铁塔柯桥分公司',
    union: '柯桥区总工会',
    regionCode: '330603001',
    address: '柯桥街道笛扬路 1 号',
    lng: 120.4926,
    lat: 30.0823,
    hours: '每天 08:00-20:00',
    amenities: formatAmenities(['water', 'rest', 'charging', 'microwave', 'air_conditioning', 'sofa', 'battery_swap'], {
      battery_swap: { alwaysOpen: true },
    }),
    areaM2: 300,
    phone: '0575-85123456',
  };
  addSafeRow(
    sheet,
    columns.map(([key]) => example[key] ?? ''),
  );
  const notes = addSafeWorksheet(workbook, t('stations.template.notes_sheet'));
  notes.columns = [{ width: 18 }, { width: 100 }];
  for (const key of ['kind', 'union', 'region', 'point', 'hours', 'amenities'] as const) {
    addSafeRow(notes, [
      t(`stations.template.${key}_label`),
      t(`stations.template.${key}`, {
        kinds: STATION_KINDS.map((k) => KIND_WORDS[k][0]).join('、'),
        amenities: AMENITY_LIST(),
      }),
    ]);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
