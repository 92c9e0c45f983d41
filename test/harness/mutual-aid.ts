// Factories for mutual-aid tests: 绍兴's plan on 乌鲁木齐's rules, members
// of 柯桥 enrolled through the H5 (the instant provider of the test configuration), a hospital partner.
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { TestApp } from './app.js';
import { signRequest, type PartnerCredentials } from '../../src/platform/auth/partner-client.js';
import { makeIdNumber, newMember } from '../../src/modules/members/testing.js';
import { newPartner } from '../../src/modules/partners/testing.js';
import { URUMQI_PLAN, XINKANG_PLAN, type PlanRule } from '../../src/modules/mutual-aid/rules.js';

export async function staffCall(t: TestApp, username: string, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown) {
  return t.request({ method, url, cookie: await t.staffCookie(username), ...(body !== undefined ? { body } : {}) });
}

let plans = 0;

/** A plan of 绍兴市总工会 (covering 柯桥 and 越城), on 乌鲁木齐's rules unless told otherwise, started on 1 January. */
export async function newPlan(
  t: TestApp,
  overrides: { rule?: PlanRule; secondReviewAboveFen?: number; samplePct?: number; startOn?: string; name?: string } = {},
): Promise<{ id: string; fundId: string; code: string }> {
  plans += 1;
  const code = `T${String.fromCharCode(65 + (plans % 26))}${String.fromCharCode(65 + (Math.floor(plans / 26) % 26))}`;
  const made = await staffCall(t, 'zhejiang', 'POST', '/api/console/mutual-aid-plans', {
    orgId: t.demo.city.id,
    name: overrides.name ?? `职工医疗互助保障${plans}`,
    code,
    rule: overrides.rule ?? URUMQI_PLAN,
    startOn: overrides.startOn ?? '2026-01-01',
    secondReviewAboveFen: overrides.secondReviewAboveFen ?? 1_000_000,
    samplePct: overrides.samplePct ?? 0,
  });
  expect(made.statusCode, made.body).toBe(201);
  return made.json<{ id: string; fundId: string; code: string }>();
}

export const xinkang = (t: TestApp) => newPlan(t, { rule: XINKANG_PLAN, name: '女性馨康互助保障' });

let people = 0;
const GIVEN = ['国', '平', '华', '明', '强', '伟', '芳', '敏', '静', '磊', '洋', '勇', '艳', '杰', '涛'];

/**
 * A 柯桥 member born on `birth` (YYYYMMDD) with their H5 cookie and 身份证号. A test that reads the name
 * back names them; otherwise the name is drawn so that no two are probable duplicates on the roll.
 */
export async function member(t: TestApp, options: { birth?: string; gender?: 'male' | 'female'; name?: string } = {}) {
  people += 1;
  const gender = options.gender ?? 'male';
  // The 17th digit is odd for a man, even for a woman.
  const serial = 100 + people * 2 + (gender === 'male' ? 1 : 0);
  const idNumber = makeIdNumber('330621', options.birth ?? '19880312', serial);
  const name =
    options.name ??
    `${gender === 'male' ? '王' : '李'}${GIVEN[people % GIVEN.length] ?? '明'}${GIVEN[Math.floor(people / GIVEN.length) % GIVEN.length] ?? '华'}`;
  const m = await newMember(t.platform, { idNumber, name });
  return { ...m, idNumber, name };
}

/** Money into a plan's fund from the province (contributions alone are small in a test). */
export async function fundPlan(t: TestApp, plan: { fundId: string }, yuanAmount: number) {
  const funds = await staffCall(t, 'zhejiang', 'GET', '/api/console/funds');
  const sourceId = funds.json<{ items: { id: string; sources: { id: string }[] }[] }>().items.find((f) => f.id === plan.fundId)
    ?.sources[0]?.id;
  const receipt = await staffCall(t, 'zhejiang', 'POST', `/api/console/funds/${plan.fundId}/receipts`, {
    sourceId,
    orgId: t.demo.city.id,
    amountFen: yuanAmount * 100,
  });
  expect(receipt.statusCode, receipt.body).toBe(201);
}

/** The member asks to enrol themselves in a plan: the answer as it comes, for a test of a refusal. */
export const enrol = (t: TestApp, planId: string, m: { cookie: string; idNumber: string; name: string }, shares = 1) =>
  t.request({
    method: 'POST',
    url: '/api/member/mutual-aid/enrolments',
    cookie: m.cookie,
    body: { planId, relation: 'self', insured: { name: m.name, idNumber: m.idNumber }, shares, employed: true, healthDeclared: true },
  });

/** The member enrols themselves in a plan and pays (instantly, in tests); answers the enrolment. */
export async function enrolled(t: TestApp, planId: string, m: { cookie: string; idNumber: string; name: string }, shares = 1) {
  const res = await enrol(t, planId, m, shares);
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ enrolment: { id: string; status: string; enrolledOn: string; certificateNo: string } }>().enrolment;
}

export const bill = (yuan: { total: number; inScope: number; above?: number; selfPaid?: number }) => ({
  totalFen: yuan.total * 100,
  inScopeSelfPaidFen: yuan.inScope * 100,
  aboveCeilingFen: (yuan.above ?? 0) * 100,
  selfPaidFen: (yuan.selfPaid ?? yuan.inScope + (yuan.above ?? 0)) * 100,
});

export function claimBody(enrolmentId: string, admittedOn: string, figures: ReturnType<typeof bill>) {
  return {
    enrolmentId,
    admittedOn,
    dischargedOn: admittedOn,
    figures,
    hospital: '绍兴市人民医院',
    diagnosis: '急性阑尾炎',
    bankAccount: { bank: '中国工商银行柯桥支行', accountNo: '6222 0212 3456 7890 123' },
  };
}

export const ALL_CHECKED = { identity: true, enrolment: true, invoice: true, discharge_summary: true, amounts: true, bank_account: true };

/** A hospital partner signed up by 柯桥 (under 绍兴's plan). */
export async function hospital(t: TestApp, name = '柯桥区人民医院') {
  return newPartner(t.platform, t.demo.keqiao, { name, kind: 'hospital' });
}

export async function partnerCall(
  t: TestApp,
  creds: PartnerCredentials,
  request: { method: 'GET' | 'POST'; path: string; body?: unknown; idempotencyKey?: string },
) {
  const s = signRequest(creds, {
    ...request,
    ...(request.method === 'POST' ? { idempotencyKey: request.idempotencyKey ?? randomUUID() } : {}),
  });
  return t.app.inject({ method: s.method as 'POST', url: s.path, headers: s.headers, ...(s.body ? { payload: s.body } : {}) });
}

export const settle = (t: TestApp, creds: PartnerCredentials, body: unknown, idempotencyKey?: string) =>
  partnerCall(t, creds, {
    method: 'POST',
    path: '/partner/v1/mutual-aid/settlements',
    body,
    ...(idempotencyKey ? { idempotencyKey } : {}),
  });
