// Workers joining through the real H5 API: SMS sign-in, then an application.
import type { TestApp } from './app.js';

export { makeIdNumber } from '../../src/modules/members/testing.js';

let phoneCounter = 0;
/** A fresh mobile number per call within a test file. */
export function nextPhone(): string {
  phoneCounter += 1;
  return `139${String(10_000_000 + phoneCounter * 7919).slice(-8)}`;
}

export async function memberCookie(t: TestApp, phone: string): Promise<string> {
  const sent = await t.request({ method: 'POST', url: '/api/member/auth/sms-codes', body: { phone } });
  if (sent.statusCode !== 200) throw new Error(`sms code: ${sent.body}`);
  const signIn = await t.request({ method: 'POST', url: '/api/member/auth/sign-in', body: { phone, code: t.sms.lastCodeFor(phone) } });
  if (signIn.statusCode !== 200) throw new Error(`sign-in: ${signIn.body}`);
  const cookie = signIn.headers['set-cookie'];
  const raw = Array.isArray(cookie) ? cookie[0] : cookie;
  return (raw ?? '').split(';')[0] ?? '';
}

export interface JoinInput {
  name?: string;
  idNumber: string;
  trade?: string;
  workRegionCode?: string;
  employerName?: string | null;
  employerUscc?: string | null;
  workAddress?: string | null;
}

/** Signs a worker in with a new phone and submits an application; returns the response and the cookie. */
export async function join(t: TestApp, input: JoinInput, phone = nextPhone()) {
  const cookie = await memberCookie(t, phone);
  const response = await t.request({
    method: 'POST',
    url: '/api/member/applications',
    cookie,
    body: {
      name: input.name ?? '李明',
      idNumber: input.idNumber,
      trade: input.trade ?? 'food_delivery',
      workRegionCode: input.workRegionCode ?? '330603001',
      workAddress: input.workAddress ?? '柯桥街道笛扬路 88 号',
      ...(input.employerName !== undefined ? { employerName: input.employerName } : {}),
      ...(input.employerUscc !== undefined ? { employerUscc: input.employerUscc } : {}),
    },
  });
  return { response, cookie, phone };
}

/** A worker who joined and was approved by the 柯桥区 admin; returns ids and the member's cookie. */
export async function approvedMember(t: TestApp, input: JoinInput, phone = nextPhone()) {
  const joined = await join(t, input, phone);
  if (joined.response.statusCode !== 201) throw new Error(`join: ${joined.response.body}`);
  const applicationId = joined.response.json<{ application: { id: string } }>().application.id;
  const approve = await t.request({
    method: 'POST',
    url: `/api/console/member-applications/${applicationId}/approve`,
    cookie: await t.staffCookie('keqiao'),
    body: {},
  });
  if (approve.statusCode !== 200) throw new Error(`approve: ${approve.body}`);
  return { applicationId, memberId: approve.json<{ memberId: string }>().memberId, cookie: joined.cookie, phone };
}
