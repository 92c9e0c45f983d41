// Renewal reminders (续保提醒): a month before an active enrolment's cycle ends, its member gets one SMS,
// unless the person is already enrolled for the next cycle. Run daily; each enrolment is reminded once.
import { and, eq, isNull, lte, sql } from 'drizzle-orm';
import { getMemberAccountPhone } from '../../../platform/auth/member-sign-in.js';
import type { Platform } from '../../../platform/context.js';
import { inTransaction, type Db } from '../../../platform/db/tx.js';
import { shanghaiDay } from '../../../platform/time/shanghai.js';
import { getMembersByIds } from '#modules/members';
import { mutualAidEnrolments } from '../schema.js';
import { loadPlans } from './plans.js';

export const REMIND_DAYS_BEFORE = 30;

export async function remindRenewals(db: Db, p: Pick<Platform, 'sms' | 'log' | 'cipher'>, now: Date): Promise<number> {
  const horizon = shanghaiDay(new Date(now.getTime() + REMIND_DAYS_BEFORE * 86_400_000));
  const today = shanghaiDay(now);
  let sent = 0;
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
        ),
      )
      .limit(500);
    if (due.length === 0) return sent;
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
      const accountId = members.get(enrolment.memberId)?.accountId;
      const phone = accountId ? await getMemberAccountPhone({ db, cipher: p.cipher }, accountId) : null;
      // Marked first, in its own transaction: a crash after it loses one reminder, never sends two.
      await inTransaction(db, (tx) =>
        tx.update(mutualAidEnrolments).set({ remindedAt: now }).where(eq(mutualAidEnrolments.id, enrolment.id)),
      );
      if (!phone) continue;
      await p.sms
        .send(phone, 'mutual_aid_renewal', { plan: plans.get(enrolment.planId)?.name ?? '', end: enrolment.cycleEnd })
        .then(() => (sent += 1))
        .catch((error: unknown) => p.log.warn({ err: error }, 'mutual-aid: renewal reminder not sent'));
    }
  }
}
