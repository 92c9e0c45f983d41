// Lists whose process is gone (killed, crashed, its machine lost): ended as failed, their staged rows
// deleted. Nothing of such a list was counted (counting is one transaction), so the same file can
// simply be uploaded again. Uploads left in the shared imports folder are the roll import's to sweep.
import { and, eq, inArray } from 'drizzle-orm';
import { systemActor } from '../../../platform/audit/audit.js';
import type { Platform } from '../../../platform/context.js';
import type { Database } from '../../../platform/db/client.js';
import { inTransaction } from '../../../platform/db/tx.js';
import { t } from '../../../platform/i18n/i18n.js';
import { lists, stagedRows } from '../schema.js';
import { auditForOrg } from './common.js';

// A list whose owner still answers but whose heartbeat stopped this long ago is stuck, and ended too.
const STUCK_AFTER_MS = 10 * 60_000;
const RUNNING = ['queued', 'validating', 'writing'] as const;

/** Ends every list whose process is gone or stuck; returns their ids. */
export async function endOrphanedLists(database: Database, p: Platform): Promise<string[]> {
  const { db } = database;
  const running = await db
    .select({ id: lists.id, owner: lists.owner, heartbeatAt: lists.heartbeatAt, orgId: lists.orgId, instanceId: lists.instanceId })
    .from(lists)
    .where(inArray(lists.status, [...RUNNING]));
  if (running.length === 0) return [];
  const gone = await database.presence.gone([...new Set(running.flatMap((r) => (r.owner ? [r.owner] : [])))]);
  const now = Date.now();
  const orphaned = running.filter(
    (r) => (r.owner !== null && gone.has(r.owner)) || !r.heartbeatAt || now - r.heartbeatAt.getTime() > STUCK_AFTER_MS,
  );
  const ended: string[] = [];
  for (const list of orphaned) {
    const at = list.heartbeatAt ? list.heartbeatAt.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) : '—';
    const done = await inTransaction(db, async (tx) => {
      const [row] = await tx
        .update(lists)
        .set({ status: 'failed', failure: t('problems.census.orphaned', { at }), writtenRows: 0, finishedAt: new Date() })
        .where(and(eq(lists.id, list.id), inArray(lists.status, [...RUNNING])))
        .returning({ id: lists.id });
      if (!row) return false;
      await tx.delete(stagedRows).where(eq(stagedRows.listId, list.id));
      await auditForOrg(tx, systemActor('census.lists'), list.orgId, {
        action: 'census.list_orphaned',
        targetType: 'census_list',
        targetId: list.id,
        details: { owner: list.owner, instanceId: list.instanceId, lastHeartbeatAt: list.heartbeatAt?.toISOString() ?? null },
      });
      return true;
    });
    if (done) {
      ended.push(list.id);
      p.log.warn({ listId: list.id, owner: list.owner }, 'census list orphaned by its process: ended');
    }
  }
  return ended;
}
