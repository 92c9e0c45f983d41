// Factories for hardship rows, for tests only: a household taken through the whole process to 建档, and
// an aid batch for it paid from a fund of the province's that came down to 柯桥.
import { expect } from 'vitest';
import type { TestApp } from '../../../test/harness/app.js';
import { makeIdNumber, nextPhone } from '../../../test/harness/members.js';
import { approveFile } from './service/process.js';

const yuan = (n: number) => Math.round(n * 100);
const DAY = 86_400_000;

export async function staffCall(t: TestApp, username: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown) {
  return t.request({ method, url, cookie: await t.staffCookie(username), ...(body !== undefined ? { body } : {}) });
}

/** A household filed at 柯桥 by the whole process (柯桥's threshold set first); its applicant signs in with `phone`. */
export async function filedHousehold(
  t: TestApp,
  serial: number,
  phone = nextPhone(),
): Promise<{ id: string; fileNumber: string; phone: string }> {
  await staffCall(t, 'keqiao', 'PUT', `/api/console/hardship-settings/${t.demo.keqiao.id}`, {
    minimumLivingFen: yuan(1_000),
    noticeDays: 1,
  });
  const idNumber = makeIdNumber('330621', '19850312', serial);
  const made = await staffCall(t, 'keqiao', 'POST', '/api/console/hardship-files', {
    orgId: t.demo.keqiao.id,
    applicant: { name: `王建${String.fromCharCode(0x4e00 + serial)}`, idNumber, phone },
    members: [
      { name: '王建军', relation: 'self', age: 45, health: 'serious_illness', schooling: 'not_applicable', monthlyIncomeFen: yuan(900) },
    ],
    declaredSize: 1,
    declaredMonthlyIncomeFen: yuan(900),
    causes: [{ cause: 'illness', since: '2026-02-01' }],
    bankAccount: { bank: '中国农业银行柯桥支行', accountNo: `6228 4803 3800 ${String(1000 + serial)}` },
  });
  expect(made.statusCode, made.body).toBe(201);
  const file = made.json<{ id: string; fileNumber: string }>();
  const base = `/api/console/hardship-files/${file.id}`;
  for (const [path, body] of [
    ['visit', { visitedOn: '2026-12-01', visitors: ['王干事'], checklist: [{ item: '收入核实', ok: true }] }],
    ['review', { decision: 'pass', reason: '核查属实' }],
    ['notice', {}],
  ] as const) {
    const step = await staffCall(t, 'keqiao', 'POST', `${base}/${path}`, body);
    expect(step.statusCode, step.body).toBe(200);
  }
  await approveFile(t.platform, keqiaoActor(t), keqiaoScope(t), file.id, new Date(Date.now() + 7 * DAY));
  return { id: file.id, fileNumber: file.fileNumber, phone };
}

/** 柯桥's staff, for a use case called on a day of the test's choosing rather than through HTTP today. */
export function keqiaoActor(t: TestApp) {
  return {
    kind: 'staff' as const,
    id: null,
    name: '柯桥区总工会管理员',
    orgId: t.demo.keqiao.id,
    orgPath: t.demo.keqiao.path,
    requestId: null,
    ip: null,
  };
}

export function keqiaoScope(t: TestApp) {
  return { orgId: t.demo.keqiao.id, path: t.demo.keqiao.path };
}

/** 浙江's 送温暖资金 with 10,000 yuan, 2,500 of it allocated to 柯桥, and 柯桥's 送温暖 item paid from it. */
export async function warmthAid(t: TestApp): Promise<{ fundId: string; itemId: string }> {
  const { province, keqiao } = t.demo;
  const fund = (
    await staffCall(t, 'zhejiang', 'POST', '/api/console/funds', {
      orgId: province.id,
      name: '送温暖资金',
      purpose: 'warmth',
      sources: ['全总下拨'],
    })
  ).json<{ id: string; sources: { id: string }[] }>();
  await staffCall(t, 'zhejiang', 'POST', `/api/console/funds/${fund.id}/receipts`, {
    sourceId: fund.sources[0]?.id,
    orgId: province.id,
    amountFen: yuan(10_000),
  });
  await staffCall(t, 'zhejiang', 'POST', `/api/console/funds/${fund.id}/allocations`, {
    fromOrgId: province.id,
    toOrgId: keqiao.id,
    amountFen: yuan(2_500),
  });
  const item = await staffCall(t, 'keqiao', 'POST', '/api/console/hardship-aid-items', {
    orgId: keqiao.id,
    code: 'winter_warmth',
    name: '送温暖慰问金',
    kind: 'winter',
    fundId: fund.id,
    defaultAmountFen: yuan(1_000),
    maxAmountFenPerYear: yuan(2_000),
    maxTimesPerYear: 1,
  });
  expect(item.statusCode, item.body).toBe(201);
  return { fundId: fund.id, itemId: item.json<{ id: string }>().id };
}
