// Dynamic management (动态管理): every filed household is reviewed by its due day (yearly; quarterly
// for 意外致困). A review re-checks the household and ends in continuing, a change of category, or 解困
// (the household leaves the files, its members free to be filed again should hardship return).
import { and, count, eq, gte, lt, lte, sql } from 'drizzle-orm';
import type { Scope } from '../../../platform/access/access.js';
import { recordAudit, type Actor } from '../../../platform/audit/audit.js';
import { smsAfterCommit } from '../../../platform/auth/sms.js';
import type { Platform } from '../../../platform/context.js';
import { inTransaction, type Db } from '../../../platform/db/tx.js';
import { t } from '../../../platform/i18n/i18n.js';
import { shanghaiDay } from '../../../platform/time/shanghai.js';
import { findOrgById, orgIdsInScope } from '#modules/orgs';
import { hardshipErrors } from '../errors.js';
import { addMonths, reviewDueDay, type HardshipCategory } from '../rules.js';
import { hardshipFiles, hardshipHouseholdIds } from '../schema.js';
import { decryptApplicant } from './crypto.js';
import { addStep, fileRow, getFile, recheckHousehold, type FileDetail, type HouseholdRecheck } from './files.js';

export interface PeriodicReview {
  outcome: 'continue' | 'change' | 'exit';
  reason: string;
  /** The new category, for a change. */
  category?: HardshipCategory | null;
  /** The household as the review found it: re-checked and classified again before the outcome. */
  recheck?: HouseholdRecheck | undefined;
}

export async function reviewPeriodically(
  p: Platform,
  actor: Actor,
  scope: Scope,
  fileId: string,
  input: PeriodicReview,
  now = new Date(),
): Promise<FileDetail> {
  const today = shanghaiDay(now);
  await inTransaction(p.db, async (tx) => {
    const row = await fileRow(tx, scope, fileId, true);
    if (row.status !== 'filed') {
      throw hardshipErrors.stepRefused({ status: t(`hardship.status.${row.status}`), step: t('hardship.step.periodic_review') });
    }
    const org = await findOrgById(tx, row.orgId);
    if (!org) throw hardshipErrors.notFound();
    const recheck = input.recheck ? await recheckHousehold(p, tx, row, org, input.recheck, today) : null;
    let category = row.category;
    if (input.outcome === 'change') {
      if (!input.category || input.category === row.category) throw hardshipErrors.categoryRequired();
      category = input.category;
    }
    if (input.outcome === 'exit') {
      await tx
        .update(hardshipFiles)
        .set({ status: 'exited', closedOn: today, reviewDueOn: null, updatedAt: now })
        .where(eq(hardshipFiles.id, row.id));
      await tx.update(hardshipHouseholdIds).set({ open: false }).where(eq(hardshipHouseholdIds.fileId, row.id));
      await addStep(tx, actor, row.id, actor.orgId, 'exited', input.reason, { on: today, ...(recheck ? { recheck } : {}) });
      smsAfterCommit(tx, p, decryptApplicant(p, row).phone, 'hardship_status', {
        number: row.fileNumber,
        status: t('hardship.status.exited'),
      });
    } else {
      const due = reviewDueDay(category ?? 'relative', today);
      await tx.update(hardshipFiles).set({ category, reviewDueOn: due, updatedAt: now }).where(eq(hardshipFiles.id, row.id));
      await addStep(tx, actor, row.id, actor.orgId, 'periodic_review', input.reason, {
        outcome: input.outcome,
        from: row.category,
        to: category,
        nextDue: due,
        ...(recheck ? { recheck } : {}),
      });
    }
    await recordAudit(tx, actor, {
      action: `hardship.review_${input.outcome}`,
      targetType: 'hardship_file',
      targetId: row.id,
      orgId: row.orgId,
      orgPath: org.path,
      reason: input.reason,
      details: { fileNumber: row.fileNumber, category },
    });
  });
  return getFile(p, scope, fileId);
}

export interface FilesOverview {
  /** Filed this calendar year (新识别). */
  foundThisYear: number;
  exitedThisYear: number;
  filed: number;
  inProcess: number;
  /** Filed households whose review falls due within 30 days, and those past it. */
  reviewsDue: number;
  reviewsOverdue: number;
}

/** What the console's hardship overview counts for a subtree. */
export async function filesOverview(db: Db, scope: Scope, now = new Date()): Promise<FilesOverview> {
  const today = shanghaiDay(now);
  const yearStart = `${today.slice(0, 4)}-01-01`;
  const soon = addMonths(today, 1);
  const inScope = sql`${hardshipFiles.orgId} in ${orgIdsInScope(scope)}`;
  const n = async (...where: ReturnType<typeof eq>[]) =>
    (
      await db
        .select({ n: count() })
        .from(hardshipFiles)
        .where(and(inScope, ...where))
    )[0]?.n ?? 0;
  const [foundThisYear, exitedThisYear, filed, inProcess, reviewsDue, reviewsOverdue] = await Promise.all([
    n(gte(hardshipFiles.filedOn, yearStart)),
    n(eq(hardshipFiles.status, 'exited'), gte(hardshipFiles.closedOn, yearStart)),
    n(eq(hardshipFiles.status, 'filed')),
    n(sql`${hardshipFiles.status} in ('applied', 'visited', 'reviewed', 'under_notice')`),
    n(eq(hardshipFiles.status, 'filed'), gte(hardshipFiles.reviewDueOn, today), lte(hardshipFiles.reviewDueOn, soon)),
    n(eq(hardshipFiles.status, 'filed'), lt(hardshipFiles.reviewDueOn, today)),
  ]);
  return { foundThisYear, exitedThisYear, filed, inProcess, reviewsDue, reviewsOverdue };
}
