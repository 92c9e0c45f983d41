// Renewal reminders (续保提醒): a month before an active enrolment's cycle ends, its member gets one SMS,
// unless the person is already enrolled for the next cycle. Run daily; each enrolment is reminded once.
import { and, asc, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import { getMemberAccountPhone } from '../../../platform/auth/member-sign-in.js';
import type { Platform } from '../../../platform/context.js';
import { inTransaction, type Db } from '../../../platform/db/tx.js';
import { shanghaiDay } from '../../../platform/time/shanghai.js';
import { getMembersByIds } from '#modules/members';
import { mutualAidEnrolments } from '../schema.js';
import { loadPlans } from './plans.js';

export const REMIND_DAYS_BEFORE = 30;
const CHUNK = 5_000;

export async function remindRenewals(db: Db, p: Pick<Platform, 'sms' | 'log' | 'cipher'>, now: Date): Promise<number> {
  const horizon = shanghaiDay(new Date(now.getTime() + REMIND_DAYS_BEFORE * 86_400_000));
  const today = shanghaiDay(now);
  let sent = 0;
  // One pass over the enrolments in id order, 5,000 at a time: a whole roll reaches its month at once (a
  // union enrols its members on the same day), and each reading costs the whole anti-join (~0.25 s for
  // 40,000 on the embedded database, whose single connection every request waits for meanwhile).
  let after: string | null = null;
  for (;;) {
    const due = await db
      .select({
        id: mutualAidEnrolments.id,
        planId: mutualAidEnrolments.planId,
        memberId: mutualAidEnrolments.memberId,
        cycleEnd: mutualAidEnrolments.cycleEnd,
      })
      .from(mutualAidEnrolments)
      .where(
        and(
          eq(mutualAidEnrolments.status, 'active'),
          isNull(mutualAidEnrolments.remindedAt),
          lte(mutualAidEnrolments.cycleEnd, horizon),
          sql`${mutualAidEnrolments.cycleEnd} >= ${today}`,
          // Not for a person already enrolled in the plan's next cycle.
          sql`not exists (select 1 from ${mutualAidEnrolments} n where n.plan_id = ${mutualAidEnrolments.planId}
                 and n.id_index = ${mutualAidEnrolments.idIndex} and n.cycle_start > ${mutualAidEnrolments.cycleEnd} and n.status <> 'cancelled')`,
          after ? gt(mutualAidEnrolments.id, after) : undefined,
        ),
      )
      .orderBy(asc(mutualAidEnrolments.id))
      .limit(CHUNK);
    if (due.length === 0) return sent;
    after = due[due.length - 1]?.id ?? null;
    // Marked first, the chunk in one transaction: a crash after it loses their reminders, never sends two.
    await inTransaction(db, (tx) =>
      tx
        .update(mutualAidEnrolments)
        .set({ remindedAt: now })
        .where(
          inArray(
            mutualAidEnrolments.id,
            due.map((d) => d.id),
          ),
        ),
    );
    const plans = await loadPlans(
      db,
      due.map((d) => d.planId),
    );
    const members = new Map(
      (
        await getMembersByIds(
          db,
          due.map((d) => d.memberId),
        )
      ).map((m) => [m.id, m]),
    );
    for (const enrolment of due) {
      // A member put on the roll by a list, who never signed in, has no phone to text.
      const accountId = members.get(enrolment.memberId)?.accountId;
      const phone = accountId ? await getMemberAccountPhone({ db, cipher: p.cipher }, accountId) : null;
      if (!phone) continue;
      await p.sms
        .send(phone, 'mutual_aid_renewal', { plan: plans.get(enrolment.planId)?.name ?? '', end: enrolment.cycleEnd })
        .then(() => (sent += 1))
        .catch((error: unknown) => p.log.warn({ err: error }, 'mutual-aid: renewal reminder not sent'));
    }
  }
}
