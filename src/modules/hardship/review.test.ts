// Dynamic management: a periodic review re-checks the household as it is now. 王建军 found work (3,000
// yuan a month against 柯桥's relative line of 1,500): the rule no longer finds hardship, the review
// says so, and the household exits (解困脱困); a recheck whose figures do not add up changes nothing; an
// exited file takes no review, and the household can apply again.
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/harness/app.js';
import { makeIdNumber } from '../../../test/harness/members.js';
import { listReviewsDue } from './service/reminders.js';
import { reviewPeriodically } from './service/review.js';
import { filedHousehold, keqiaoActor, keqiaoScope, staffCall as call } from './testing.js';

const yuan = (n: number) => Math.round(n * 100);

describe('periodic review', () => {
  const h = useTestApp();

  it('re-checks the household, records what the rule says now, exits it, and frees it to apply again', async () => {
    const { t } = h;
    const file = await filedHousehold(t, 301);
    const base = `/api/console/hardship-files/${file.id}`;
    const self = { name: '王建军', relation: 'self', age: 46, health: 'chronic_illness', schooling: 'not_applicable' };
    const recheck = (monthlyIncomeFen: number, declaredMonthlyIncomeFen = monthlyIncomeFen) => ({
      members: [{ ...self, monthlyIncomeFen }],
      declaredSize: 1,
      declaredMonthlyIncomeFen,
      causes: [{ cause: 'illness', since: '2026-02-01' }],
    });

    // Figures that do not add up: refused with the field named, and the file is as it was.
    const before = (await call(t, 'keqiao', 'GET', base)).json();
    const wrong = await call(t, 'keqiao', 'POST', `${base}/periodic-review`, {
      outcome: 'continue',
      reason: '年度复核',
      recheck: recheck(yuan(3_000), yuan(2_000)),
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors.map((e: { code: string }) => e.code)).toEqual(['hardship.income_mismatch']);
    const unchanged = (await call(t, 'keqiao', 'GET', base)).json();
    expect([unchanged.steps.length, unchanged.household.perCapitaFen, unchanged.reviewDueOn]).toEqual([
      before.steps.length,
      before.household.perCapitaFen,
      before.reviewDueOn,
    ]);

    // A wife who came to live with him, her 身份证号 held by this file from now on; a later recheck that
    // names her by her place in the file (the console shows names and numbers masked) keeps it.
    const wifeId = makeIdNumber('330621', '19870506', 302);
    const wife = { name: '李秀兰', relation: 'spouse', age: 39, health: 'healthy', schooling: 'not_applicable', monthlyIncomeFen: 0 };
    const withWife = (her: object) => ({
      ...recheck(yuan(900)),
      members: [
        { ...self, monthlyIncomeFen: yuan(900) },
        { ...wife, ...her },
      ],
      declaredSize: 2,
    });
    const kept = await call(t, 'keqiao', 'POST', `${base}/periodic-review`, {
      outcome: 'continue',
      reason: '年度复核',
      recheck: withWife({ idNumber: wifeId }),
    });
    expect(kept.statusCode, kept.body).toBe(200);
    expect([kept.json().householdSize, kept.json().household.perCapitaFen]).toEqual([2, yuan(450)]);
    const second = await call(t, 'keqiao', 'POST', `${base}/periodic-review`, {
      outcome: 'continue',
      reason: '季度走访',
      recheck: withWife({ name: '', recordedIndex: 1 }),
    });
    expect(second.statusCode, second.body).toBe(200);
    const nobody = await call(t, 'keqiao', 'POST', `${base}/periodic-review`, {
      outcome: 'continue',
      reason: '季度走访',
      recheck: withWife({ recordedIndex: 5 }),
    });
    expect(nobody.json().errors.map((e: { field: string }) => e.field)).toEqual(['members.1.recordedIndex']);
    const herOwn = await call(t, 'keqiao', 'POST', '/api/console/hardship-files', {
      orgId: t.demo.keqiao.id,
      applicant: { name: '李秀兰', idNumber: wifeId, phone: '13905759999' },
      members: [{ ...wife, relation: 'self' }],
      declaredSize: 1,
      declaredMonthlyIncomeFen: 0,
      causes: [{ cause: 'illness', since: '2026-02-01' }],
    });
    expect([herOwn.statusCode, herOwn.json().code]).toEqual([409, 'hardship.file_open']);

    // Income now 3,000 yuan: above the relative line, the rule finds no hardship; the review exits the household.
    const exited = await call(t, 'keqiao', 'POST', `${base}/periodic-review`, {
      outcome: 'exit',
      reason: '已稳定就业，收入超过相对困难线',
      recheck: recheck(yuan(3_000)),
    });
    expect(exited.statusCode, exited.body).toBe(200);
    const after = exited.json();
    expect(after.status).toBe('exited');
    expect(after.household.perCapitaFen).toBe(yuan(3_000));
    expect(after.household.explanation.at(-1).text).toBe('人均月收入 3,000.00 元高于相对困难线 1,500.00 元，不认定为困难职工家庭');
    const step = after.steps.at(-1);
    expect([step.kind, step.reason, step.details.recheck]).toEqual([
      'exited',
      '已稳定就业，收入超过相对困难线',
      { computedCategory: null, perCapitaFen: yuan(3_000) },
    ]);

    // An exited file takes no review; the household may apply again should hardship return.
    const again = await call(t, 'keqiao', 'POST', `${base}/periodic-review`, { outcome: 'continue', reason: '再次复核' });
    expect([again.statusCode, again.json().code]).toEqual([409, 'hardship.step_refused']);
    const reapplied = await call(t, 'keqiao', 'POST', '/api/console/hardship-files', {
      orgId: t.demo.keqiao.id,
      applicant: { name: '王建军', idNumber: makeIdNumber('330621', '19850312', 301), phone: file.phone },
      members: [{ ...self, health: 'serious_illness', monthlyIncomeFen: yuan(500) }],
      declaredSize: 1,
      declaredMonthlyIncomeFen: yuan(500),
      causes: [{ cause: 'illness', since: '2026-11-01' }],
    });
    expect(reapplied.statusCode, reapplied.body).toBe(201);
  });

  it('lists each union its reviews due within a month and overdue, daily, in its own subtree only', async () => {
    const { t } = h;
    const first = await filedHousehold(t, 311);
    const second = await filedHousehold(t, 312);
    const dueOn = (await call(t, 'keqiao', 'GET', `/api/console/hardship-files/${first.id}`)).json().reviewDueOn as string;
    const at = (day: string, days: number) => new Date(Date.parse(`${day}T04:00:00Z`) + days * 86_400_000);
    const notices = async (username: string) => (await call(t, username, 'GET', '/api/console/hardship-review-notices')).json();
    const keqiaoNotice = async () => (await notices('keqiao')).find((n: { orgId: string }) => n.orgId === t.demo.keqiao.id);

    // Ten days before the due day: both households (filed the same day) are on 柯桥's list, due.
    await listReviewsDue(t.platform.db, at(dueOn, -10));
    const listed = await keqiaoNotice();
    expect([listed.orgName, listed.due, listed.overdue]).toEqual(['柯桥区总工会', 2, 0]);
    expect(listed.files.map((f: { fileNumber: string; state: string }) => [f.fileNumber, f.state])).toEqual(
      [first, second].map((f) => [f.fileNumber, 'due']).sort(),
    );
    // The sibling district sees none of it; the province sees 柯桥's list.
    expect(await notices('yuecheng')).toEqual([]);
    expect((await notices('zhejiang')).map((n: { orgId: string }) => n.orgId)).toContain(t.demo.keqiao.id);

    // The second household is reviewed on the list's next day: the next run leaves the first alone, and
    // after its due day it is overdue.
    const review = { outcome: 'continue' as const, reason: '年度复核' };
    await reviewPeriodically(t.platform, keqiaoActor(t), keqiaoScope(t), second.id, review, at(dueOn, -9));
    await listReviewsDue(t.platform.db, at(dueOn, 3));
    const overdue = await keqiaoNotice();
    expect([overdue.due, overdue.overdue, overdue.files.map((f: { fileId: string; state: string }) => [f.fileId, f.state])]).toEqual([
      0,
      1,
      [[first.id, 'overdue']],
    ]);

    // Reviewed too: 柯桥 has nothing left to do, and its list is gone.
    await reviewPeriodically(t.platform, keqiaoActor(t), keqiaoScope(t), first.id, review, at(dueOn, 4));
    await listReviewsDue(t.platform.db, at(dueOn, 5));
    expect(await keqiaoNotice()).toBeUndefined();
  });
});
