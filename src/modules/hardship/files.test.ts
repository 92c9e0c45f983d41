// A hardship file from the H5 application to 建档, over HTTP as the H5 and the console call it: the rule
// classifies the household with its reasons, staff visit, review, publish the notice and approve, the
// worker follows each step; bad figures, a second open file and the wrong level are refused.
import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/harness/app.js';
import { makeIdNumber, memberCookie, nextPhone } from '../../../test/harness/members.js';
import { approveFile } from './service/process.js';

const yuan = (n: number) => Math.round(n * 100);
const DAY = 86_400_000;

function household(idNumber: string, childId: string | null = null) {
  return {
    applicant: { name: '张建华', idNumber },
    members: [
      { name: '张建华', relation: 'self', age: 41, health: 'healthy', schooling: 'not_applicable', monthlyIncomeFen: yuan(2_400) },
      { name: '李秀英', relation: 'spouse', age: 39, health: 'unable_to_work', schooling: 'not_applicable', monthlyIncomeFen: 0 },
      { name: '张小明', idNumber: childId, relation: 'child', age: 10, health: 'healthy', schooling: 'primary', monthlyIncomeFen: 0 },
    ],
    declaredSize: 3,
    declaredMonthlyIncomeFen: yuan(2_400),
    causes: [{ cause: 'illness', since: '2026-03-01' }],
  };
}

async function settings(t: TestApp, noticeDays = 5) {
  const set = await t.request({
    method: 'PUT',
    url: `/api/console/hardship-settings/${t.demo.keqiao.id}`,
    cookie: await t.staffCookie('keqiao'),
    body: { minimumLivingFen: yuan(1_000), relativeMultiple: 1.5, noticeDays },
  });
  expect(set.statusCode, set.body).toBe(200);
}

describe('hardship files', () => {
  const h = useTestApp();

  it('a worker applies in the H5; staff visit, review, publish and approve; the worker sees each step and gets an SMS', async () => {
    const { t } = h;
    const phone = nextPhone();
    const worker = await memberCookie(t, phone);
    const body = {
      ...household(makeIdNumber('330621', '19850312', 31), makeIdNumber('330603', '20160501', 32)),
      orgId: t.demo.keqiaoStreet.id,
    };
    const early = await t.request({ method: 'POST', url: '/api/member/hardship-files', cookie: worker, body });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ code: 'hardship.threshold_missing' });
    await settings(t, 1);

    const applied = await t.request({ method: 'POST', url: '/api/member/hardship-files', cookie: worker, body });
    expect(applied.statusCode, applied.body).toBe(201);
    const file = applied.json();
    expect(file).toMatchObject({
      status: 'applied',
      category: 'deep',
      computedCategory: 'deep',
      isMember: false,
      applicantName: '张*华',
      householdSize: 3,
    });
    expect(file.fileNumber).toMatch(/^KN3306032026\d{6}$|^KN330603\d{4}\d{6}$/);
    expect(t.sms.sent.filter((m) => m.phone === phone).map((m) => m.template)).toContain('hardship_invite');

    const staff = await t.staffCookie('keqiao');
    const base = `/api/console/hardship-files/${file.id as string}`;
    const detail = (await t.request({ method: 'GET', url: base, cookie: staff })).json();
    // 2,400 yuan for three: 800 a head, under the 1,000 低保 line.
    expect(detail.household).toMatchObject({ perCapitaFen: 80_000, lines: { deepFen: 100_000, relativeFen: 150_000 } });
    expect(detail.household.explanation.map((s: { text: string }) => s.text).join(' ')).toContain(
      '人均月收入 800.00 元不高于低保标准 1,000.00 元，认定为深度困难',
    );
    expect(detail.household.members[2]).toMatchObject({ name: '张*明', idNumber: expect.stringMatching(/^3306\*+\d{2}$|\*/) });

    const steps = [
      await t.request({
        method: 'POST',
        url: `${base}/visit`,
        cookie: staff,
        body: {
          visitedOn: '2026-12-01',
          visitors: ['王干事', '李干事'],
          checklist: [{ item: '家庭收入核实', ok: true }],
          notes: '配偶卧床，家中无其他收入',
        },
      }),
      await t.request({ method: 'POST', url: `${base}/review`, cookie: staff, body: { decision: 'pass', reason: '核查属实' } }),
      await t.request({ method: 'POST', url: `${base}/notice`, cookie: staff, body: {} }),
      await t.request({ method: 'POST', url: `${base}/approve`, cookie: staff, body: {} }),
    ];
    expect(steps.map((s) => s.statusCode)).toEqual([200, 200, 200, 409]);
    expect(steps[3]!.json()).toMatchObject({ code: 'hardship.notice_not_over' });
    // The street union may review and publish, never approve: 建档 is a county union's decision.
    const street = await t.staffCookie('keqiao.street');
    const byStreet = await t.request({ method: 'POST', url: `${base}/approve`, cookie: street, body: {} });
    expect([byStreet.statusCode, byStreet.json().code]).toEqual([403, 'hardship.approval_level']);

    // The day after the notice ends, the county union approves.
    const keqiaoActor = {
      kind: 'staff' as const,
      id: null,
      name: '柯桥区总工会管理员',
      orgId: t.demo.keqiao.id,
      orgPath: t.demo.keqiao.path,
      requestId: null,
      ip: null,
    };
    const filed = await approveFile(
      t.platform,
      keqiaoActor,
      { orgId: t.demo.keqiao.id, path: t.demo.keqiao.path },
      file.id,
      new Date(Date.now() + 2 * DAY),
    );
    expect(filed).toMatchObject({ status: 'filed', category: 'deep' });
    expect(filed.reviewDueOn! > filed.filedOn!).toBe(true);

    const own = (await t.request({ method: 'GET', url: '/api/member/hardship-files', cookie: worker })).json();
    expect(own.items[0]).toMatchObject({ status: 'filed', fileNumber: file.fileNumber });
    expect(own.items[0].steps.map((s: { kind: string }) => s.kind)).toEqual([
      'applied',
      'visited',
      'reviewed',
      'notice_published',
      'filed',
    ]);
    expect(t.sms.sent.filter((m) => m.phone === phone && m.template === 'hardship_status').map((m) => m.params.status)).toEqual([
      '已入户核查',
      '审核通过',
      '公示中',
      '已建档',
    ]);
  });

  it('refuses figures that do not add up, a second open file for the same person, and a sibling district', async () => {
    const { t } = h;
    await settings(t);
    const staff = await t.staffCookie('keqiao');
    const idNumber = makeIdNumber('330621', '19850312', 41);
    const wrong = await t.request({
      method: 'POST',
      url: '/api/console/hardship-files',
      cookie: staff,
      body: {
        ...household(idNumber),
        orgId: t.demo.keqiao.id,
        applicant: { name: '张建华', idNumber, phone: nextPhone() },
        declaredMonthlyIncomeFen: yuan(3_000),
        declaredSize: 4,
      },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors.map((e: { field: string; code: string }) => `${e.field} ${e.code}`)).toEqual([
      'declaredSize hardship.size_mismatch',
      'declaredMonthlyIncomeFen hardship.income_mismatch',
    ]);
    const first = await t.request({
      method: 'POST',
      url: '/api/console/hardship-files',
      cookie: staff,
      body: { ...household(idNumber), orgId: t.demo.keqiao.id, applicant: { name: '张建华', idNumber, phone: nextPhone() } },
    });
    expect(first.statusCode, first.body).toBe(201);
    // The same man applies again through the street union: refused, naming the open file.
    const again = await t.request({
      method: 'POST',
      url: '/api/console/hardship-files',
      cookie: staff,
      body: { ...household(idNumber), orgId: t.demo.keqiaoStreet.id, applicant: { name: '张建华', idNumber, phone: nextPhone() } },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().title).toBe(
      `张*华已在困难档案 ${first.json().fileNumber as string} 中（柯桥区总工会），同一家庭成员只能有一份在档或在办的档案`,
    );
    const sibling = await t.staffCookie('yuecheng');
    expect(
      (await t.request({ method: 'GET', url: `/api/console/hardship-files/${first.json().id as string}`, cookie: sibling })).statusCode,
    ).toBe(404);
    expect((await t.request({ method: 'GET', url: '/api/console/hardship-files', cookie: sibling })).json().items).toEqual([]);
    // Rejected, the household may apply again.
    const rejected = await t.request({
      method: 'POST',
      url: `/api/console/hardship-files/${first.json().id as string}/reject`,
      cookie: staff,
      body: { reason: '收入已超过相对困难线' },
    });
    expect(rejected.json()).toMatchObject({ status: 'rejected' });
    const reapplied = await t.request({
      method: 'POST',
      url: '/api/console/hardship-files',
      cookie: staff,
      body: { ...household(idNumber), orgId: t.demo.keqiao.id, applicant: { name: '张建华', idNumber, phone: nextPhone() } },
    });
    expect(reapplied.statusCode).toBe(201);
  });
});
