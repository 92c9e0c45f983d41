// An import from a file on disk, for the CLI.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { Scope } from '../../../../platform/access/access.js';
import type { Actor } from '../../../../platform/audit/audit.js';
import type { Platform } from '../../../../platform/context.js';
import type { Database } from '../../../../platform/db/client.js';
import type { TableFormat } from '../../../../platform/files/table.js';
import type { ImportJob, ImportOptions } from './job.js';
import { receiveImport } from './receive.js';
import type { ImportProgress } from './progress.js';
import { runImport } from './run.js';

/**
 * Imports a file from disk (the CLI's `gonghui import members`): received and run as an upload is,
 * the progress told as it goes. Ends first any import whose process died.
 */
export async function importRollFile(
  database: Database,
  p: Platform,
  actor: Actor,
  scope: Scope,
  input: {
    file: string;
    mode: 'all_or_nothing' | 'valid_rows';
    orgId?: string | undefined;
    onReceived?: (job: ImportJob) => void;
    onProgress?: (progress: ImportProgress) => void;
  } & ImportOptions,
): Promise<ImportJob> {
  const format: TableFormat = input.file.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
  const received = await receiveImport(database, p, actor, scope, {
    body: createReadStream(input.file),
    fileName: path.basename(input.file),
    format,
    mode: input.mode,
    orgId: input.orgId,
    mapping: input.mapping,
    workRegionCode: input.workRegionCode,
    maxBytes: p.config.memberImportLimitBytes,
  });
  input.onReceived?.(received.job);
  return runImport(database, p, actor, scope, received, { onProgress: input.onProgress });
}
