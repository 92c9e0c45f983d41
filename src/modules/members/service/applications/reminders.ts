// The review SLA job: reminders for applications past their deadline.
import { and, eq, lt, or, sql } from 'drizzle-orm';
import { systemActor } from '../../../../platform/audit/audit.js';
import { inTransaction, type Db } from '../../../../platform/db/tx.js';
import { applications } from '../../schema.js';
import { auditForOrg } from '../common.js';

/**
 * The SLA job: pending applications past their review deadline get a reminder (one at the deadline,
 * then one a day), recorded on the application and in the audit log, where the union's console
 * shows it as overdue. Returns how many were reminded.
 */
export async function remindOverdueReviews(db: Db, now: Date): Promise<number> {
  const dayAgo = new Date(now.getTime() - 24 * 3_600_000);
  return inTransaction(db, async (tx) => {
    const due = await tx
      .update(applications)
      .set({ lastRemindedAt: now, reminders: sql`${applications.reminders} + 1` })
      .where(
        and(
          eq(applications.status, 'pending'),
          lt(applications.reviewDueAt, now),
          or(sql`${applications.lastRemindedAt} is null`, lt(applications.lastRemindedAt, dayAgo)),
        ),
      )
      .returning({ id: applications.id, orgId: applications.orgId, reminders: applications.reminders });
    const byOrg = new Map<string, number>();
    for (const row of due) byOrg.set(row.orgId, (byOrg.get(row.orgId) ?? 0) + 1);
    for (const [orgId, count] of byOrg) {
      await auditForOrg(tx, systemActor('review-sla'), orgId, {
        action: 'members.review_overdue',
        targetType: 'org',
        targetId: orgId,
        details: { count },
      });
    }
    return due.length;
  });
}
