// The review list (复核提醒, 动态管理): each union learns which of its filed households are due for review
// within a month and which are overdue. The job keeps one list per union, brought up to date every
// day and marked with its week; the console shows the lists of the staff member's subtree.
import { and, desc, eq, lt, lte, sql } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { inTransaction, type Db } from '../../../platform/db/tx.js';
import { shanghaiDay } from '../../../platform/time/shanghai.js';
import { orgIdsInScope, orgNamesByIds } from '#modules/orgs';
import { addMonths, weekStart } from '../rules.js';
import { hardshipFiles, hardshipReviewNotices, type ReviewNoticeFile } from '../schema.js';

/**
 * Lists the due and overdue reviews of every union keeping filed households, and drops the lists of
 * unions that have none left. The window is the console's file list's (`review=due`: to
 * a month from today), so the counts equal what the list's link opens. Returns how many unions have one.
 */
export async function listReviewsDue(db: Db, now = new Date()): Promise<number> {
  const today = shanghaiDay(now);
  const week = weekStart(today);
  const rows = await db
    .select({
      fileId: hardshipFiles.id,
      orgId: hardshipFiles.orgId,
      fileNumber: hardshipFiles.fileNumber,
      category: hardshipFiles.category,
      reviewDueOn: hardshipFiles.reviewDueOn,
    })
    .from(hardshipFiles)
    .where(and(eq(hardshipFiles.status, 'filed'), lte(hardshipFiles.reviewDueOn, addMonths(today, 1))))
    .orderBy(hardshipFiles.orgId, hardshipFiles.reviewDueOn, hardshipFiles.fileNumber);
  const byOrg = new Map<string, ReviewNoticeFile[]>();
  for (const row of rows) {
    const due = row.reviewDueOn as string;
    const file: ReviewNoticeFile = {
      fileId: row.fileId,
      fileNumber: row.fileNumber,
      category: row.category,
      reviewDueOn: due,
      state: due < today ? 'overdue' : 'due',
    };
    byOrg.set(row.orgId, [...(byOrg.get(row.orgId) ?? []), file]);
  }
  const lists = [...byOrg].map(([orgId, files]) => {
    const overdue = files.filter((f) => f.state === 'overdue').length;
    return { orgId, week, due: files.length - overdue, overdue, files, updatedAt: now };
  });
  await inTransaction(db, async (tx) => {
    for (let i = 0; i < lists.length; i += 500) {
      await tx
        .insert(hardshipReviewNotices)
        .values(lists.slice(i, i + 500))
        .onConflictDoUpdate({
          target: hardshipReviewNotices.orgId,
          set: { week, due: sql`excluded.due`, overdue: sql`excluded.overdue`, files: sql`excluded.files`, updatedAt: now },
        });
    }
    // Last week's lists, and a union's whose last due file was reviewed since the previous run: each
    // union sees only what it has to do now.
    await tx.delete(hardshipReviewNotices).where(lt(hardshipReviewNotices.updatedAt, now));
  });
  return byOrg.size;
}

export interface ReviewNotice {
  orgId: string;
  orgName: string;
  week: string;
  due: number;
  overdue: number;
  updatedAt: string;
  files: ReviewNoticeFile[];
}

/** The review lists of the unions in a staff member's subtree, the most overdue first. */
export async function listReviewNotices(db: Db, scope: Scope): Promise<ReviewNotice[]> {
  const rows = await db
    .select()
    .from(hardshipReviewNotices)
    .where(sql`${hardshipReviewNotices.orgId} in ${orgIdsInScope(scope)}`)
    .orderBy(desc(hardshipReviewNotices.overdue), desc(hardshipReviewNotices.due), hardshipReviewNotices.orgId);
  const orgs = await orgNamesByIds(
    db,
    rows.map((r) => r.orgId),
  );
  return rows.map((r) => ({
    orgId: r.orgId,
    orgName: orgs.get(r.orgId) ?? '',
    week: r.week,
    due: r.due,
    overdue: r.overdue,
    updatedAt: r.updatedAt.toISOString(),
    files: r.files,
  }));
}
