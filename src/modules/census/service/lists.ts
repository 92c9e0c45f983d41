// A census list and the job that imports it: the row, the preview before, the upload queued, the reads after.
import path from 'node:path';
import type { Readable } from 'node:stream';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Scope } from '../../../platform/access/access.js';
import type { Actor } from '../../../platform/audit/audit.js';
import type { Platform } from '../../../platform/context.js';
import { uuidv7 } from '../../../platform/db/columns.js';
import type { Database } from '../../../platform/db/client.js';
import { inTransaction, type Db } from '../../../platform/db/tx.js';
import { parseMappingText } from '../../../platform/files/mappings.js';
import { problemReportCsv } from '../../../platform/files/reports.js';
import { previewTable, TableReadError, type TableFormat, type TextEncoding } from '../../../platform/files/table.js';
import { dropUpload, saveUpload } from '../../../platform/files/uploads.js';
import { t } from '../../../platform/i18n/i18n.js';
import { findRegion, regionFullName } from '../../../platform/regions/regions.js';
import { getOrg, orgIdsInScope, TRADES, type Trade } from '#modules/orgs';
import { censusErrors } from '../errors.js';
import { CENSUS_FIELDS, type CensusField } from '../rules.js';
import { listErrors, lists, sources } from '../schema.js';
import { areaOf, auditForOrg, replacedBy, requireWithinArea } from './common.js';
import { columnsOf, suggestFor } from './columns.js';
import { endOrphanedLists } from './orphans.js';
import { getSource } from './sources.js';

export const LIST_MAX_ROWS = 1_000_000;
export const RUNNING: ListRow['status'][] = ['queued', 'validating', 'writing'];

export type ListRow = typeof lists.$inferSelect;
export type CensusMapping = Partial<Record<CensusField, string>>;

export interface CensusList {
  id: string;
  orgId: string;
  sourceId: string;
  sourceName: string;
  regionCode: string;
  regionName: string;
  trade: Trade | null;
  fileName: string;
  format: 'csv' | 'xlsx';
  mode: 'all_or_nothing' | 'valid_rows';
  status: ListRow['status'];
  /** 0–100 by bytes read; the counting at the end is the last percent. */
  progress: number;
  totalRows: number;
  processedRows: number;
  writtenRows: number;
  errorRows: number;
  fileDuplicateRows: number;
  warningRows: number;
  newPeople: number;
  matchedPeople: number;
  probablePeople: number;
  encoding: TextEncoding | null;
  failure: string | null;
  staffName: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  replacedAt: Date | null;
}

export const CensusMappingSchema = z.partialRecord(
  z.enum(CENSUS_FIELDS.map((f) => f.key) as [CensusField, ...CensusField[]]),
  z.string().trim().min(1).max(100),
);

/** A mapping sent as JSON text (in the query string: the body is the file). */
export function parseCensusMapping(text: string | undefined): CensusMapping | undefined {
  const mapping = parseMappingText(text, CensusMappingSchema);
  if (mapping === null) {
    throw censusErrors.invalid(
      { count: 1 },
      { errors: [{ field: 'querystring.mapping', code: 'census.mapping_invalid', message: t('problems.census.mapping_invalid') }] },
    );
  }
  return mapping;
}

export function toList(r: ListRow, sourceName: string): CensusList {
  return {
    id: r.id,
    orgId: r.orgId,
    sourceId: r.sourceId,
    sourceName,
    regionCode: r.regionCode,
    regionName: regionFullName(r.regionCode),
    trade: (r.trade as Trade | null) ?? null,
    fileName: r.fileName,
    format: r.format,
    mode: r.mode,
    status: r.status,
    progress: r.progress,
    totalRows: r.totalRows,
    processedRows: r.processedRows,
    writtenRows: r.writtenRows,
    errorRows: r.errorRows,
    fileDuplicateRows: r.fileDuplicateRows,
    warningRows: r.warningRows,
    newPeople: r.newPeople,
    matchedPeople: r.matchedPeople,
    probablePeople: r.probablePeople,
    encoding: (r.encoding as TextEncoding | null) ?? null,
    failure: r.failure,
    staffName: r.staffName,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    replacedAt: r.replacedAt,
  };
}

/** Where uploads wait for their job: the imports folder the roll's imports use too. */
export const uploadDir = (p: Platform): string => path.resolve(p.config.dataDir, 'imports');

/** An upload to the imports folder; a file too large or empty is the list's error. */
async function saveListUpload(p: Platform, name: string, body: Readable, maxBytes: number): Promise<{ file: string; bytes: number }> {
  try {
    return await saveUpload(uploadDir(p), name, body, maxBytes);
  } catch (error) {
    if (error instanceof TableReadError) throw censusErrors.listUnreadable({ reason: error.reason }, { cause: error });
    throw error;
  }
}

export interface ListPreview {
  encoding: TextEncoding | null;
  headers: string[];
  samples: string[][];
  /** Field → header, as offered: the source's mapping last time, else the usual words. */
  mapping: CensusMapping;
}

/**
 * The mapping step's view of a file: its encoding, headers, first rows, and the mapping to offer —
 * the one confirmed for the source's last list, else the headers' usual words. Nothing is kept.
 */
export async function previewList(
  db: Db,
  p: Platform,
  scope: Scope,
  input: { body: Readable; format: TableFormat; truncated: boolean; maxBytes: number; sourceId?: string | undefined },
): Promise<ListPreview> {
  const remembered = input.sourceId ? (await getSource(db, scope, input.sourceId)).mapping : {};
  const { file } = await saveListUpload(p, `preview-${uuidv7()}.${input.format}`, input.body, input.maxBytes);
  try {
    const preview = await previewTable(file, input.format, { rows: 5, truncated: input.truncated });
    return { ...preview, mapping: suggestFor(preview.headers, remembered) };
  } catch (error) {
    if (error instanceof TableReadError) throw censusErrors.listUnreadable({ reason: error.reason }, { cause: error });
    throw error;
  } finally {
    await dropUpload(file);
  }
}

/** What an upload says about its list besides the file. */
export interface ListInput {
  sourceId: string;
  /** The county or township the list covers. */
  regionCode: string;
  /** The trade of every row, when the file has no trade column. */
  trade?: Trade | undefined;
  mode: 'all_or_nothing' | 'valid_rows';
  fileName: string;
  mapping?: CensusMapping | undefined;
}

export interface ReceivedList {
  list: CensusList;
  file: string;
  mapping: CensusMapping | undefined;
}

/** A county or township within the uploader's area: a list of another area is refused before its upload is kept. */
function checkListArea(code: string, area: string): string {
  const region = findRegion(code.trim());
  if (!region || (region.level !== 'township' && region.level !== 'county')) {
    throw censusErrors.invalid(
      { count: 1 },
      { errors: [{ field: 'querystring.regionCode', code: 'census.area_invalid', message: t('problems.census.area_invalid') }] },
    );
  }
  return requireWithinArea(region.code, area);
}

/** The list an upload would replace, as the mapping step names it before the user confirms. */
export interface ReplacedList {
  id: string;
  fileName: string;
  finishedAt: Date | null;
  /** The people it counts now: they stop counting unless another list names them. */
  writtenRows: number;
  staffName: string | null;
}

/**
 * The list an upload of this source, area and trade would replace once counted, or null (counting is
 * serialised and replaces every earlier list, so at most one is ever found).
 */
export async function findReplacedList(
  db: Db,
  scope: Scope,
  input: { sourceId: string; regionCode: string; trade?: Trade | null | undefined },
): Promise<ReplacedList | null> {
  const source = await getSource(db, scope, input.sourceId);
  const regionCode = checkListArea(input.regionCode, await areaOf(db, scope));
  const trade = input.trade ?? null;
  const [row] = await db
    .select({
      id: lists.id,
      fileName: lists.fileName,
      finishedAt: lists.finishedAt,
      writtenRows: lists.writtenRows,
      staffName: lists.staffName,
    })
    .from(lists)
    .where(replacedBy({ sourceId: source.id, regionCode, trade }))
    .orderBy(desc(lists.id))
    .limit(1);
  return row ?? null;
}

/**
 * Receives a list's upload (streamed to disk) and queues its job; the caller runs `runList` without
 * awaiting it and answers 202 with the list to poll. A list of the same union still importing refuses
 * it; one whose process died is ended first, so it never stands in the way.
 */
export async function receiveList(
  database: Database,
  p: Platform,
  actor: Actor,
  scope: Scope,
  input: ListInput & { body: Readable; format: TableFormat; maxBytes: number },
): Promise<ReceivedList> {
  const { db } = database;
  const source = await getSource(db, scope, input.sourceId);
  const regionCode = checkListArea(input.regionCode, await areaOf(db, scope));
  if (input.trade !== undefined && !TRADES.includes(input.trade)) throw censusErrors.invalid({ count: 1 });
  await endOrphanedLists(database, p);
  const running = await db
    .select({ id: lists.id })
    .from(lists)
    .where(and(eq(lists.orgId, source.orgId), inArray(lists.status, RUNNING)))
    .limit(1);
  if (running.length > 0) throw censusErrors.listRunning();
  // Our work must be visible as ours before it exists, or another instance would end it as orphaned.
  await database.presence.announce();
  const id = uuidv7();
  const { file, bytes } = await saveListUpload(p, `${id}.${input.format}`, input.body, input.maxBytes);
  try {
    // A file without the columns a list needs is refused now, with the reason, rather than queued to fail.
    await checkHeader(file, input.format, input.mapping ?? null, source.mapping, input.trade ?? null);
    const row = await inTransaction(db, async (tx) => {
      const [inserted] = await tx
        .insert(lists)
        .values({
          id,
          provinceCode: regionCode.slice(0, 2),
          orgId: source.orgId,
          sourceId: source.id,
          regionCode,
          trade: input.trade ?? null,
          fileName: input.fileName,
          format: input.format,
          mode: input.mode,
          status: 'queued',
          staffId: actor.kind === 'staff' ? actor.id : null,
          staffName: actor.name,
          instanceId: p.config.instanceId,
          owner: database.presence.token,
          heartbeatAt: new Date(),
        })
        .returning();
      await auditForOrg(tx, actor, source.orgId, {
        action: 'census.list_upload',
        targetType: 'census_list',
        targetId: id,
        details: { fileName: input.fileName, source: source.name, regionCode, trade: input.trade ?? null, mode: input.mode, bytes },
      });
      return inserted as ListRow;
    });
    return { list: toList(row, source.name), file, mapping: input.mapping };
  } catch (error) {
    await dropUpload(file);
    throw error;
  }
}

async function checkHeader(
  file: string,
  format: TableFormat,
  mapping: CensusMapping | null,
  remembered: CensusMapping,
  trade: Trade | null,
) {
  try {
    const { headers } = await previewTable(file, format, { rows: 0 });
    columnsOf(headers, mapping ?? suggestFor(headers, remembered), trade);
  } catch (error) {
    if (error instanceof TableReadError) throw censusErrors.listUnreadable({ reason: error.reason }, { cause: error });
    throw error;
  }
}

async function sourceNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: sources.id, name: sources.name })
    .from(sources)
    .where(inArray(sources.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function getListUnscoped(db: Db, id: string): Promise<CensusList> {
  const [row] = await db.select().from(lists).where(eq(lists.id, id));
  if (!row) throw censusErrors.listNotFound();
  return toList(row, (await sourceNames(db, [row.sourceId])).get(row.sourceId) ?? '');
}

/**
 * One list of the subtree's unions. Given the database, a list that looks running but whose process
 * is gone is ended first, so the console never shows a dead job at 62 %.
 */
export async function getList(db: Db, p: Platform, scope: Scope, id: string, database?: Database): Promise<CensusList> {
  const read = async () => {
    const [row] = await db
      .select()
      .from(lists)
      .where(and(eq(lists.id, id), inArray(lists.orgId, orgIdsInScope(scope))));
    if (!row) throw censusErrors.listNotFound();
    return row;
  };
  let row = await read();
  if (database && RUNNING.includes(row.status) && (await endOrphanedLists(database, p)).includes(id)) row = await read();
  return toList(row, (await sourceNames(db, [row.sourceId])).get(row.sourceId) ?? '');
}

/** The subtree's lists, newest first, a page at a time (`before`: the last list's id of the page before). */
export async function listLists(
  database: Database,
  p: Platform,
  scope: Scope,
  page: { before?: string | undefined; limit: number },
): Promise<{ items: CensusList[]; nextCursor: string | null }> {
  const { db } = database;
  await endOrphanedLists(database, p);
  const rows = await db
    .select()
    .from(lists)
    .where(and(inArray(lists.orgId, orgIdsInScope(scope)), page.before ? sql`${lists.id} < ${page.before}` : undefined))
    .orderBy(desc(lists.id))
    .limit(page.limit + 1);
  const names = await sourceNames(
    db,
    rows.map((r) => r.sourceId),
  );
  const items = rows.slice(0, page.limit).map((r) => toList(r, names.get(r.sourceId) ?? ''));
  return { items, nextCursor: rows.length > page.limit ? (items.at(-1)?.id ?? null) : null };
}

/** The list's error report as CSV lines. */
export async function* listErrorsCsv(db: Db, p: Platform, scope: Scope, id: string): AsyncGenerator<string> {
  await getList(db, p, scope, id);
  yield* problemReportCsv(t('census.list.errors_header'), (after, limit) =>
    db
      .select({ row: listErrors.row, column: listErrors.column, code: listErrors.code, message: listErrors.message })
      .from(listErrors)
      .where(and(eq(listErrors.listId, id), sql`${listErrors.row} > ${after}`))
      .orderBy(asc(listErrors.row))
      .limit(limit),
  );
}

/** The union a list belongs to, within the caller's scope (for the routes' 404 of a sibling's list). */
export async function listOrg(db: Db, scope: Scope, list: CensusList) {
  return getOrg(db, scope, list.orgId);
}
