// Receiving an upload: the preview before, and the job queued with its file kept on disk.
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { and, inArray, sql } from 'drizzle-orm';
import type { Scope } from '../../../../platform/access/access.js';
import type { Actor } from '../../../../platform/audit/audit.js';
import type { Platform } from '../../../../platform/context.js';
import { uuidv7 } from '../../../../platform/db/columns.js';
import type { Database } from '../../../../platform/db/client.js';
import { inTransaction, type Db } from '../../../../platform/db/tx.js';
import { rememberedMapping } from '../../../../platform/files/mappings.js';
import { saveUpload } from '../../../../platform/files/uploads.js';
import { previewTable, suggestMapping, TableReadError, type TableFormat, type TextEncoding } from '../../../../platform/files/table.js';
import { findRegion } from '../../../../platform/regions/regions.js';
import { getOrg, orgIdsInScope } from '#modules/orgs';
import { memberErrors } from '../../errors.js';
import { imports } from '../../schema.js';
import { auditForOrg } from '../common.js';
import { IMPORT_FIELDS, ROLL_IMPORT_KIND, type ImportMapping } from './rows.js';
import { problem } from '../validate.js';
import { type ImportRow, type ImportOptions, type ReceivedImport, RUNNING, toJob, importDir } from './job.js';
import { endOrphanedImports } from './orphans.js';

/** An upload to the imports folder; a file too large or empty is the import's error. */
async function saveImportUpload(p: Platform, name: string, body: Readable, maxBytes: number): Promise<{ file: string; bytes: number }> {
  try {
    return await saveUpload(importDir(p), name, body, maxBytes);
  } catch (error) {
    if (error instanceof TableReadError) throw memberErrors.importUnreadable({ reason: error.reason }, { cause: error });
    throw error;
  }
}

/** A township or county the uploader set for the whole file; anything else is refused before the upload is kept. */
function checkFileRegion(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  const region = findRegion(code.trim());
  if (!region || (region.level !== 'township' && region.level !== 'county')) {
    throw memberErrors.invalid({ count: 1 }, { errors: [problem('querystring.workRegionCode', 'import_file_region_invalid')] });
  }
  return region.code;
}

export interface ImportPreview {
  encoding: TextEncoding | null;
  headers: string[];
  samples: string[][];
  /** Field → header, as offered: the uploader's choice last time, else the usual words. */
  mapping: ImportMapping;
}

/**
 * The mapping step's view of a file before it is imported: its encoding, headers and first rows, and
 * the mapping to offer. The browser sends only the first bytes of a CSV (`truncated`), an .xlsx
 * whole; nothing is kept.
 */
export async function previewImport(
  db: Db,
  p: Platform,
  actor: Actor,
  input: { body: Readable; format: TableFormat; truncated: boolean; maxBytes: number },
): Promise<ImportPreview> {
  const { file } = await saveImportUpload(p, `preview-${uuidv7()}.${input.format}`, input.body, input.maxBytes);
  try {
    const preview = await previewTable(file, input.format, { rows: 5, truncated: input.truncated });
    const remembered = actor.kind === 'staff' && actor.id ? await rememberedMapping(db, actor.id, ROLL_IMPORT_KIND) : {};
    return { ...preview, mapping: suggestMapping(preview.headers, IMPORT_FIELDS, remembered) };
  } catch (error) {
    if (error instanceof TableReadError) throw memberErrors.importUnreadable({ reason: error.reason }, { cause: error });
    throw error;
  } finally {
    await rm(file, { force: true });
  }
}

/**
 * Receives the upload (streamed to disk, at most `maxBytes`) and queues the job; the caller starts
 * `runImport` without awaiting it and answers 202 with the job to poll. An import of the same subtree
 * still running refuses it; one whose process died is ended first, so it never stands in the way.
 */
export async function receiveImport(
  database: Database,
  p: Platform,
  actor: Actor,
  scope: Scope,
  input: {
    body: Readable;
    fileName: string;
    format: 'csv' | 'xlsx';
    mode: 'all_or_nothing' | 'valid_rows';
    orgId?: string | undefined;
    maxBytes: number;
  } & ImportOptions,
): Promise<ReceivedImport> {
  const { db } = database;
  const org = await getOrg(db, scope, input.orgId ?? scope.orgId);
  const workRegionCode = checkFileRegion(input.workRegionCode);
  await endOrphanedImports(database, p);
  const running = await db
    .select({ id: imports.id })
    .from(imports)
    .where(
      and(
        inArray(imports.orgId, orgIdsInScope(scope)),
        inArray(imports.status, RUNNING),
        // A job from before owners were recorded counts while its heartbeat is fresh.
        sql`(${imports.owner} is not null or ${imports.heartbeatAt} > now() - interval '2 minutes')`,
      ),
    )
    .limit(1);
  if (running.length > 0) throw memberErrors.importRunning();
  // Our work must be visible as ours before it exists, or another instance would end it as orphaned.
  await database.presence.announce();
  const id = uuidv7();
  const { file, bytes } = await saveImportUpload(p, `${id}.${input.format}`, input.body, input.maxBytes);
  const [row] = await inTransaction(db, async (tx) => {
    const inserted = await tx
      .insert(imports)
      .values({
        id,
        orgId: org.id,
        staffId: actor.kind === 'staff' ? actor.id : null,
        staffName: actor.name,
        fileName: input.fileName,
        format: input.format,
        mode: input.mode,
        status: 'queued',
        instanceId: p.config.instanceId,
        owner: database.presence.token,
        heartbeatAt: new Date(),
      })
      .returning();
    await auditForOrg(tx, actor, org.id, {
      action: 'members.import',
      targetType: 'member_import',
      targetId: id,
      details: {
        fileName: input.fileName,
        mode: input.mode,
        bytes,
        mapping: input.mapping ?? null,
        workRegionCode: workRegionCode ?? null,
      },
    });
    return inserted;
  });
  return { job: toJob(row as ImportRow), file, options: { mapping: input.mapping, workRegionCode } };
}
