// Imports whose process is gone (or stuck), and uploads nothing will read again.
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import { systemActor } from '../../../../platform/audit/audit.js';
import type { Platform } from '../../../../platform/context.js';
import type { Database } from '../../../../platform/db/client.js';
import { inTransaction, type Db } from '../../../../platform/db/tx.js';
import { t } from '../../../../platform/i18n/i18n.js';
import { imports } from '../../schema.js';
import { discardStagedMembers } from '../bulk.js';
import { auditForOrg } from '../common.js';
import { RUNNING, importDir } from './job.js';

// A job whose owner still answers but whose heartbeat stopped this long ago is stuck, and ended too.
const STUCK_AFTER_MS = 10 * 60_000;

/**
 * Ends every import whose process is gone (killed, crashed, its machine lost): marked failed with
 * the reason, its staged rows and its uploaded file deleted. An all-or-nothing import has then
 * written nothing to the roll, so the same file can simply be imported again; a valid-rows import
 * keeps the rows it had written, and says so. Also deletes uploads left behind by jobs that ended.
 * Returns the ids of the jobs it ended.
 */
export async function endOrphanedImports(database: Database, p: Platform): Promise<string[]> {
  const { db } = database;
  const running = await db
    .select({
      id: imports.id,
      owner: imports.owner,
      heartbeatAt: imports.heartbeatAt,
      mode: imports.mode,
      writtenRows: imports.writtenRows,
      orgId: imports.orgId,
      instanceId: imports.instanceId,
    })
    .from(imports)
    .where(inArray(imports.status, RUNNING));
  const gone = await database.presence.gone([...new Set(running.flatMap((r) => (r.owner ? [r.owner] : [])))]);
  const now = Date.now();
  const orphaned = running.filter((r) => {
    const stuck = !r.heartbeatAt || now - r.heartbeatAt.getTime() > (r.owner ? STUCK_AFTER_MS : 2 * 60_000);
    return (r.owner !== null && gone.has(r.owner)) || stuck;
  });
  const ended: string[] = [];
  for (const job of orphaned) {
    const lastSign = job.heartbeatAt ? job.heartbeatAt.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—';
    const failure =
      job.mode === 'all_or_nothing'
        ? t('problems.members.import_orphaned_nothing_written', { at: lastSign })
        : t('problems.members.import_orphaned_rows_kept', { at: lastSign, written: job.writtenRows });
    const done = await inTransaction(db, async (tx) => {
      const [row] = await tx
        .update(imports)
        .set({
          status: 'failed',
          failure,
          finishedAt: new Date(),
          ...(job.mode === 'all_or_nothing' ? { writtenRows: 0 } : {}),
        })
        .where(and(eq(imports.id, job.id), inArray(imports.status, RUNNING)))
        .returning({ id: imports.id });
      if (!row) return false;
      await discardStagedMembers(tx, job.id);
      await auditForOrg(tx, systemActor('members.imports'), job.orgId, {
        action: 'members.import_orphaned',
        targetType: 'member_import',
        targetId: job.id,
        details: { owner: job.owner, instanceId: job.instanceId, lastHeartbeatAt: job.heartbeatAt?.toISOString() ?? null },
      });
      return true;
    });
    if (done) {
      ended.push(job.id);
      p.log.warn({ importId: job.id, owner: job.owner }, 'member import orphaned by its process: ended');
    }
  }
  await removeLeftoverUploads(db, p);
  return ended;
}

/**
 * Uploads in this instance's imports folder that no running job needs: those of jobs that ended, and
 * any other file an hour old (a preview or a job cut short before its row was written).
 */
async function removeLeftoverUploads(db: Db, p: Platform): Promise<void> {
  const dir = importDir(p);
  const names = await readdir(dir).catch(() => [] as string[]);
  if (names.length === 0) return;
  const idOf = (name: string) => /^([0-9a-f-]{36})\.(csv|xlsx)$/.exec(name)?.[1];
  const ids = names.map(idOf).filter((id): id is string => id !== undefined);
  const rows =
    ids.length > 0 ? await db.select({ id: imports.id, status: imports.status }).from(imports).where(inArray(imports.id, ids)) : [];
  const status = new Map(rows.map((r) => [r.id, r.status]));
  for (const name of names) {
    const id = idOf(name);
    const known = id === undefined ? undefined : status.get(id);
    let leftover = known !== undefined && !RUNNING.includes(known);
    if (known === undefined) {
      const modified = await stat(path.join(dir, name)).then(
        (s) => s.mtimeMs,
        () => Date.now(),
      );
      leftover = Date.now() - modified > 3_600_000;
    }
    if (leftover) await rm(path.join(dir, name), { force: true });
  }
}
