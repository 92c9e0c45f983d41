import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/harness/app.js';
import { approvedMember, join, makeIdNumber, memberCookie, nextPhone } from '../../../test/harness/members.js';
import { signRequest } from '../../platform/auth/partner-client.js';
import { verifyAuditChain } from '../../platform/audit/audit.js';
import { isValidMemberNo } from './rules.js';
import { applications, members } from './schema.js';
import { remindOverdueReviews } from './service/applications/reminders.js';
import { cardKeyring } from './service/card.js';
import { purgeExpiredPersonalData } from './service/status.js';

// 柯桥 numbers from the seed page: the 饿了么 hub's own union, the district's courier federation, the streets.
const KEQIAO_STREET = '330603001';
const KEYAN_STREET = '330603002';
const ELEME_USCC = '91330603MA2JP8Q4AK';

function verifyCard(t: TestApp, token: string) {
  const s = signRequest(t.demo.partnerKey!, { method: 'POST', path: '/partner/v1/cards/verify', body: { token } });
  return t.app.inject({ method: 'POST', url: s.path, headers: { ...s.headers, 'content-type': 'application/json' }, payload: s.body });
}

describe('joining online', () => {
  const h = useTestApp();

  it('places a courier of 柯桥 with the district courier federation, a rider of 柯岩 with the street union, and a 饿了么 rider with the hub union', async () => {
    const { t } = h;
    const cookie = await memberCookie(t, nextPhone());
    const preview = async (body: Record<string, unknown>) =>
      (await t.request({ method: 'POST', url: '/api/member/join/placement', cookie, body })).json();
    expect(await preview({ trade: 'courier', workRegionCode: KEQIAO_STREET })).toMatchObject({
      orgName: '柯桥区快递行业工会联合会',
      rule: 'industry_federation',
      matchedRegionCode: '330603',
    });
    expect(await preview({ trade: 'food_delivery', workRegionCode: KEYAN_STREET })).toMatchObject({
      orgName: '柯岩街道总工会',
      rule: 'township_union',
    });
    expect(await preview({ trade: 'food_delivery', workRegionCode: KEQIAO_STREET, employerUscc: ELEME_USCC })).toMatchObject({
      orgName: '饿了么柯桥配送站工会',
      rule: 'employer_union',
    });
    const nowhere = await t.request({
      method: 'POST',
      url: '/api/member/join/placement',
      cookie,
      body: { trade: 'courier', workRegionCode: '110101001' },
    });
    expect(nowhere.statusCode).toBe(422);
    expect(nowhere.json().code).toBe('members.no_union_for_place');
  });

  it('derives gender and birth date from the ID, and shows the placement on the application', async () => {
    const { t } = h;
    const { response, cookie } = await join(t, { idNumber: makeIdNumber('330621', '19900307', 124), trade: 'courier' });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    // The answer is masked from the form as submitted; read back, from what was stored: the same.
    const stored = (await t.request({ method: 'GET', url: '/api/member/membership', cookie })).json().application;
    expect(body.application).toEqual(stored);
    expect(body.application.phoneMasked).toMatch(/^1\d{2}\*{4}\d{4}$/);
    expect(body.application.workAddressMasked).toMatch(/\*/);
    expect(body.outcome).toBe('submitted');
    expect(body.application).toMatchObject({
      status: 'pending',
      gender: 'female',
      birthDate: '1990-03-07',
      orgName: '柯桥区快递行业工会联合会',
      placementRule: 'industry_federation',
      nameMasked: '李*',
    });
    expect(body.application.idNumberMasked).toMatch(/^3306\*{10}\d{3}[\dX]$/);
  });

  it('names every bad field in Chinese: checksum, impossible date, unknown region, under 16, bad region level', async () => {
    const { t } = h;
    const good = makeIdNumber('330621', '19900307', 125);
    const wrongCheck = `${good.slice(0, 17)}${good[17] === '0' ? '1' : '0'}`;
    const cases: [string, string][] = [
      [wrongCheck, 'members.id_number_checksum'],
      [makeIdNumber('330621', '19900230', 125), 'members.id_number_date'],
      [makeIdNumber('990621', '19900307', 125), 'members.id_number_region'],
      [makeIdNumber('330621', `${new Date().getFullYear() - 15}0101`, 125), 'members.under_age'],
      ['33062119900307', 'members.id_number_format'],
    ];
    const cookie = await memberCookie(t, nextPhone());
    for (const [idNumber, code] of cases) {
      const r = await t.request({
        method: 'POST',
        url: '/api/member/applications',
        cookie,
        body: { name: '王五', idNumber, trade: 'courier', workRegionCode: KEQIAO_STREET },
      });
      expect(r.statusCode, idNumber).toBe(400);
      expect(r.json().code).toBe('members.invalid');
      expect(r.json().errors).toEqual([expect.objectContaining({ field: 'body.idNumber', code })]);
      expect(r.json().errors[0].message).toMatch(/[\u4e00-\u9fff]/);
    }
    const county = await t.request({
      method: 'POST',
      url: '/api/member/applications',
      cookie,
      body: { name: 'x', idNumber: good, trade: 'courier', workRegionCode: '330603000' },
    });
    expect(
      county
        .json()
        .errors.map((e: { code: string }) => e.code)
        .sort(),
    ).toEqual(['members.name_invalid', 'members.work_region_invalid']);
    const [open] = await t.platform.db.select({ n: sql<number>`count(*)::int` }).from(members);
    expect(open?.n).toBe(0);
  });

  it('accepts an ID typed in full-width digits and Ｘ, and knows it as the same person as the ASCII one', async () => {
    const { t } = h;
    const idNumber = makeIdNumber('330621', '19950612', 357);
    const fullWidth = idNumber.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect(fullWidth).toMatch(/^[０-９]{17}[０-９Ｘ]$/);
    const first = await join(t, { idNumber: fullWidth });
    expect(first.response.statusCode, first.response.body).toBe(201);
    expect(first.response.json().application).toMatchObject({ birthDate: '1995-06-12', gender: 'male' });
    expect(first.response.json().application.idNumberMasked).toMatch(/^3306\*{10}357X$/);
    const again = await join(t, { idNumber });
    expect(again.response.statusCode).toBe(409);
    expect(again.response.json().code).toBe('members.application_open');
  });

  it('refuses a second application of the same person, and after approval names the union that holds them (masked)', async () => {
    const { t } = h;
    const idNumber = makeIdNumber('330621', '19880512', 311);
    const first = await join(t, { idNumber, trade: 'courier' });
    expect(first.response.statusCode).toBe(201);
    const again = await join(t, { idNumber, trade: 'courier' });
    expect(again.response.statusCode).toBe(409);
    expect(again.response.json().code).toBe('members.application_open');

    const approve = await t.request({
      method: 'POST',
      url: `/api/console/member-applications/${first.response.json().application.id as string}/approve`,
      cookie: await t.staffCookie('keqiao'),
      body: { reason: '材料齐全' },
    });
    expect(approve.statusCode).toBe(200);
    const memberNo = (await t.request({ method: 'GET', url: '/api/member/membership', cookie: first.cookie })).json().member.memberNo;
    expect(isValidMemberNo(memberNo)).toBe(true);
    expect(memberNo.startsWith('33')).toBe(true);
    expect(t.sms.sent.at(-1)).toMatchObject({ phone: first.phone, template: 'member_approved' });

    const third = await join(t, { idNumber, trade: 'food_delivery', workRegionCode: KEYAN_STREET });
    expect(third.response.statusCode).toBe(409);
    expect(third.response.json().code).toBe('members.already_member');
    expect(third.response.json().title).toContain('柯桥区****工会联合会');
  });

  it('lets exactly one of ten simultaneous submissions of one ID through', async () => {
    const { t } = h;
    const idNumber = makeIdNumber('330621', '19920101', 517);
    const cookies = await Promise.all(Array.from({ length: 10 }, () => memberCookie(t, nextPhone())));
    const answers = await Promise.all(
      cookies.map((cookie) =>
        t.request({
          method: 'POST',
          url: '/api/member/applications',
          cookie,
          body: { name: '赵六', idNumber, trade: 'courier', workRegionCode: KEQIAO_STREET },
        }),
      ),
    );
    const codes = answers.map((a) => a.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(9);
  });

  it('holds a probable duplicate (same name and birth date in the same city) for a reviewer, who overrides or merges with a reason', async () => {
    const { t } = h;
    const keqiao = await t.staffCookie('keqiao');
    const existing = await approvedMember(t, { name: '周杰', idNumber: makeIdNumber('330621', '19850808', 213) });
    // The same person, entered with a different (valid) ID: an import typo, typically.
    const held = await join(t, { name: '周杰', idNumber: makeIdNumber('330621', '19850808', 215) });
    const app = (
      await t.request({
        method: 'GET',
        url: `/api/console/member-applications/${held.response.json().application.id as string}`,
        cookie: keqiao,
      })
    ).json();
    expect(app.status).toBe('held_duplicate');
    expect(app.duplicateOf).toEqual([
      expect.objectContaining({ memberId: existing.memberId, reasons: ['name_birth_city'], nameMasked: '周*' }),
    ]);
    expect(app.duplicatesElsewhere).toBe(0);
    const approveHeld = await t.request({
      method: 'POST',
      url: `/api/console/member-applications/${app.id as string}/approve`,
      cookie: keqiao,
      body: {},
    });
    expect(approveHeld.json().code).toBe('members.not_held');

    const merge = await t.request({
      method: 'POST',
      url: `/api/console/member-applications/${app.id as string}/merge`,
      cookie: keqiao,
      body: { memberId: existing.memberId, reason: '核实为同一人，原身份证号录入错误' },
    });
    expect(merge.statusCode).toBe(200);
    expect(merge.json()).toMatchObject({ status: 'approved', memberId: existing.memberId });
    const page = (await t.request({ method: 'GET', url: `/api/console/members/${existing.memberId}`, cookie: keqiao })).json();
    expect(page.timeline.map((e: { kind: string }) => e.kind)).toEqual(['joined', 'merged']);
    expect(page.member.idNumberMasked.endsWith(makeIdNumber('330621', '19850808', 215).slice(-4))).toBe(true);

    const other = await join(t, { name: '周杰', idNumber: makeIdNumber('330621', '19850808', 217) });
    const override = await t.request({
      method: 'POST',
      url: `/api/console/member-applications/${other.response.json().application.id as string}/override`,
      cookie: keqiao,
      body: { reason: '已电话核实，同名同生日的另一人' },
    });
    expect(override.json().status).toBe('pending');
  });

  it('tells an applicant held as a probable duplicate only that the application waits for review, nothing of the other person', async () => {
    const { t } = h;
    const existing = await approvedMember(t, { name: '李四', idNumber: makeIdNumber('330621', '19870404', 411) });
    const memberNo = (await t.request({ method: 'GET', url: '/api/member/membership', cookie: existing.cookie })).json().member
      .memberNo as string;
    const held = await join(t, { name: '李四', idNumber: makeIdNumber('330621', '19870404', 413) });
    expect(held.response.statusCode).toBe(201);
    const answers = [held.response.json(), (await t.request({ method: 'GET', url: '/api/member/membership', cookie: held.cookie })).json()];
    expect(answers[0]).toMatchObject({ outcome: 'submitted', application: { status: 'pending' } });
    expect(answers[1]).toMatchObject({ member: null, application: { status: 'pending' } });
    for (const answer of answers) {
      const text = JSON.stringify(answer);
      expect(text).not.toContain(existing.memberId);
      expect(text).not.toContain(memberNo);
      expect(text).not.toMatch(/duplicate/i);
    }
    // The hold is real: the reviewer sees it.
    const inConsole = await t.request({
      method: 'GET',
      url: `/api/console/member-applications/${answers[0].application.id as string}`,
      cookie: await t.staffCookie('keqiao'),
    });
    expect(inConsole.json()).toMatchObject({ status: 'held_duplicate', duplicateOf: [{ memberId: existing.memberId }] });
    const withdrawn = await t.request({
      method: 'POST',
      url: `/api/member/applications/${answers[0].application.id as string}/withdraw`,
      cookie: held.cookie,
    });
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn' });
    expect(JSON.stringify(withdrawn.json())).not.toContain(existing.memberId);
  });

  it('shows a reviewer of a sibling district that a probable duplicate exists elsewhere, without naming it', async () => {
    const { t } = h;
    // On the roll in 柯桥; the same name and birth date apply in 越城 (the same city, 绍兴).
    const existing = await approvedMember(t, { name: '王五', idNumber: makeIdNumber('330621', '19890505', 515) });
    const memberNo = (await t.request({ method: 'GET', url: '/api/member/membership', cookie: existing.cookie })).json().member
      .memberNo as string;
    const held = await join(t, {
      name: '王五',
      idNumber: makeIdNumber('330621', '19890505', 517),
      workRegionCode: '330602002',
      workAddress: '府山街道解放北路 1 号',
    });
    const id = held.response.json().application.id as string;
    const yuecheng = await t.staffCookie('yuecheng');

    const seen = await t.request({ method: 'GET', url: `/api/console/member-applications/${id}`, cookie: yuecheng });
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({ status: 'held_duplicate', duplicateOf: [], duplicatesElsewhere: 1 });
    const listed = (
      await t.request({ method: 'GET', url: '/api/console/member-applications?status=held_duplicate', cookie: yuecheng })
    ).json();
    expect(listed.items.find((a: { id: string }) => a.id === id)).toMatchObject({ duplicateOf: [], duplicatesElsewhere: 1 });
    for (const text of [seen.body, JSON.stringify(listed)]) {
      expect(text).not.toContain(existing.memberId);
      expect(text).not.toContain(memberNo);
      expect(text).not.toContain('柯桥');
    }
    // Nor can the hold be used to reach the member: a merge into it is not found.
    const merge = await t.request({
      method: 'POST',
      url: `/api/console/member-applications/${id}/merge`,
      cookie: yuecheng,
      body: { memberId: existing.memberId, reason: '核实为同一人' },
    });
    expect(merge.statusCode).toBe(404);

    // The province, whose scope holds both, sees who it is.
    const province = await t.request({
      method: 'GET',
      url: `/api/console/member-applications/${id}`,
      cookie: await t.staffCookie('zhejiang'),
    });
    expect(province.json()).toMatchObject({
      duplicateOf: [{ memberId: existing.memberId, memberNo, nameMasked: '王*', reasons: ['name_birth_city'] }],
      duplicatesElsewhere: 0,
    });
    // The sibling's reviewer may still decide it is another person.
    const override = await t.request({
      method: 'POST',
      url: `/api/console/member-applications/${id}/override`,
      cookie: yuecheng,
      body: { reason: '已电话核实，同名同生日的另一人' },
    });
    expect(override.json()).toMatchObject({ status: 'pending', duplicatesElsewhere: 1 });
  });

  it('auto-approves where the union turned it on, and rejects with a reason and an SMS elsewhere', async () => {
    const { t } = h;
    const keqiao = await t.staffCookie('keqiao');
    const keyan = (await t.request({ method: 'GET', url: `/api/console/orgs?q=${encodeURIComponent('柯岩街道')}`, cookie: keqiao })).json()
      .items[0];
    const put = await t.request({
      method: 'PUT',
      url: `/api/console/member-settings/${keyan.id as string}`,
      cookie: keqiao,
      body: { autoApprove: true, reviewSlaHours: 24 },
    });
    expect(put.statusCode).toBe(200);
    const auto = await join(t, { idNumber: makeIdNumber('330621', '19930303', 411), workRegionCode: KEYAN_STREET });
    expect(auto.response.json()).toMatchObject({ outcome: 'approved', application: { status: 'approved', orgName: '柯岩街道总工会' } });
    const card = await t.request({ method: 'GET', url: '/api/member/card', cookie: auto.cookie });
    expect(card.statusCode).toBe(200);

    const rejected = await join(t, { idNumber: makeIdNumber('330621', '19930303', 413) });
    const reject = await t.request({
      method: 'POST',
      url: `/api/console/member-applications/${rejected.response.json().application.id as string}/reject`,
      cookie: keqiao,
      body: { reason: '不属于本工会服务范围' },
    });
    expect(reject.json()).toMatchObject({ status: 'rejected', decisionReason: '不属于本工会服务范围' });
    expect(t.sms.sent.at(-1)).toMatchObject({ template: 'member_rejected', params: { reason: '不属于本工会服务范围' } });
  });

  it('reminds about applications past their review deadline once, then again a day later, and lists them as overdue', async () => {
    const { t } = h;
    const keqiao = await t.staffCookie('keqiao');
    const late = await join(t, { idNumber: makeIdNumber('330621', '19960606', 631) });
    const id = late.response.json().application.id as string;
    await t.platform.db
      .update(applications)
      .set({ reviewDueAt: new Date(Date.now() - 3_600_000) })
      .where(eq(applications.id, id));
    const now = new Date();
    expect(await remindOverdueReviews(t.platform.db, now)).toBeGreaterThanOrEqual(1);
    expect(await remindOverdueReviews(t.platform.db, new Date(now.getTime() + 3_600_000))).toBe(0);
    expect(await remindOverdueReviews(t.platform.db, new Date(now.getTime() + 25 * 3_600_000))).toBeGreaterThanOrEqual(1);
    const overdue = (await t.request({ method: 'GET', url: '/api/console/member-applications?overdue=true', cookie: keqiao })).json();
    expect(overdue.items.find((a: { id: string }) => a.id === id)).toMatchObject({ overdue: true, reminders: 2 });
    expect(overdue.counts.overdue).toBeGreaterThanOrEqual(1);
    const audit = (await t.request({ method: 'GET', url: '/api/console/audit?action=members.review_overdue', cookie: keqiao })).json();
    expect(audit.items.length).toBeGreaterThanOrEqual(2);
  });

  it('bulk-approves and says which could not be approved and why', async () => {
    const { t } = h;
    const keqiao = await t.staffCookie('keqiao');
    const a = await join(t, { idNumber: makeIdNumber('330621', '19940404', 611) });
    const b = await join(t, { idNumber: makeIdNumber('330621', '19940404', 613) });
    const idA = a.response.json().application.id as string;
    const idB = b.response.json().application.id as string;
    await t.request({
      method: 'POST',
      url: `/api/console/member-applications/${idB}/reject`,
      cookie: keqiao,
      body: { reason: '重复申请' },
    });
    const bulk = await t.request({
      method: 'POST',
      url: '/api/console/member-applications/bulk-approve',
      cookie: keqiao,
      body: { ids: [idA, idB] },
    });
    expect(bulk.json()).toEqual({
      approved: [idA],
      failed: [{ id: idB, code: 'members.application_decided', message: expect.stringMatching(/已处理/) }],
    });
  });
});

describe('what the join form and the review queue are offered', () => {
  const h = useTestApp();

  it('offers the employers that have their own union by the employer’s name, with the union it is', async () => {
    const { t } = h;
    const cookie = await memberCookie(t, nextPhone());
    const { items } = (await t.request({ method: 'GET', url: '/api/member/join/employers?q=饿了么', cookie })).json();
    expect(items).toEqual([
      expect.objectContaining({ employerName: '饿了么柯桥配送站', unionName: '饿了么柯桥配送站工会', uscc: ELEME_USCC }),
    ]);
  });

  it('lists the applications of one union of the subtree, and answers 404 for a union outside it', async () => {
    const { t } = h;
    await join(t, { idNumber: makeIdNumber('330621', '19910101', 532), trade: 'food_delivery', employerUscc: ELEME_USCC });
    await join(t, { idNumber: makeIdNumber('330621', '19910101', 554), trade: 'food_delivery', workRegionCode: KEYAN_STREET });
    const keqiao = await t.staffCookie('keqiao');
    const cookie = await memberCookie(t, nextPhone());
    const hub = (
      await t.request({
        method: 'POST',
        url: '/api/member/join/placement',
        cookie,
        body: { trade: 'food_delivery', workRegionCode: KEQIAO_STREET, employerUscc: ELEME_USCC },
      })
    ).json();
    const list = (
      await t.request({ method: 'GET', url: `/api/console/member-applications?orgId=${hub.orgId as string}`, cookie: keqiao })
    ).json();
    expect(list.items.length).toBeGreaterThan(0);
    expect(new Set(list.items.map((a: { orgName: string }) => a.orgName))).toEqual(new Set(['饿了么柯桥配送站工会']));
    const sibling = await t.request({
      method: 'GET',
      url: `/api/console/member-applications?orgId=${hub.orgId as string}`,
      cookie: await t.staffCookie('yuecheng'),
    });
    expect(sibling.statusCode).toBe(404);
  });
});

describe('the probable-duplicate hold on both write paths of a join', () => {
  const h = useTestApp();

  it('flags the same applicant for the same reason on the one-statement path and on the auto-approving union’s path', async () => {
    const { t } = h;
    const keqiao = await t.staffCookie('keqiao');
    const existing = await approvedMember(t, { name: '吴五', idNumber: makeIdNumber('330621', '19800808', 301), trade: 'food_delivery' });
    const heldReasons = async (idNumber: string) => {
      const { response } = await join(t, { name: '吴五', idNumber, trade: 'food_delivery' });
      expect(response.statusCode).toBe(201);
      const id = response.json().application.id as string;
      const app = (await t.request({ method: 'GET', url: `/api/console/member-applications/${id}`, cookie: keqiao })).json();
      expect(app.status).toBe('held_duplicate');
      return app.duplicateOf.map((d: { memberId: string; reasons: string[] }) => ({ memberId: d.memberId, reasons: d.reasons }));
    };
    // A union that reviews by hand: the join is one INSERT … SELECT that screens in SQL.
    const fast = await heldReasons(makeIdNumber('330621', '19800808', 313));
    // An auto-approving union: the join takes the locked path, which screens before it approves.
    const settings = await t.request({
      method: 'PUT',
      url: `/api/console/member-settings/${t.demo.keqiaoStreet.id}`,
      cookie: keqiao,
      body: { autoApprove: true, reviewSlaHours: 48 },
    });
    expect(settings.statusCode).toBe(200);
    const careful = await heldReasons(makeIdNumber('330621', '19800808', 325));
    expect(fast).toEqual([{ memberId: existing.memberId, reasons: ['name_birth_city'] }]);
    expect(careful).toEqual(fast);
  });
});

describe('the member card', () => {
  const h = useTestApp();

  it('issues a signed token a partner verifies online and offline; refuses expired, forged, and left members', async () => {
    const { t } = h;
    const m = await approvedMember(t, { name: '钱七', idNumber: makeIdNumber('330621', '19910909', 711) });
    const card = (await t.request({ method: 'GET', url: '/api/member/card', cookie: m.cookie })).json();
    expect(card).toMatchObject({ nameMasked: '钱*', orgName: '柯桥街道总工会', refreshSeconds: 60 });
    const ok = await verifyCard(t, card.token);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      valid: true,
      memberNo: card.memberNo,
      nameMasked: '钱*',
      status: 'active',
      orgName: '柯桥街道总工会',
    });

    // A card check is read-only: the same signed request sent again (a flaky counter network) gets the
    // same answer, while a replayed state-changing call is still refused (partners/routes.test.ts).
    const s = signRequest(t.demo.partnerKey!, { method: 'POST', path: '/partner/v1/cards/verify', body: { token: card.token } });
    const send = () =>
      t.app.inject({ method: 'POST', url: s.path, headers: { ...s.headers, 'content-type': 'application/json' }, payload: s.body });
    expect((await send()).statusCode).toBe(200);
    expect((await send()).json()).toMatchObject({ valid: true, memberNo: card.memberNo });

    // Offline: the published key alone checks the signature.
    const { keys } = (await t.request({ method: 'GET', url: '/api/cards/keys' })).json();
    const { createPublicKey, verify } = await import('node:crypto');
    const [prefix, payload, signature] = (card.token as string).split('.') as [string, string, string];
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: keys[0].publicKey }, format: 'jwk' });
    expect(verify(null, Buffer.from(`${prefix}.${payload}`), key, Buffer.from(signature, 'base64url'))).toBe(true);

    const expired = cardKeyring(t.platform).issue(card.memberNo, new Date(Date.now() - 120_000), 90).token;
    expect((await verifyCard(t, expired)).json().code).toBe('members.card_token_expired');
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), e: 9_999_999_999 }),
    ).toString('base64url');
    const forged = await verifyCard(t, `${prefix}.${forgedPayload}.${signature}`);
    expect(forged.statusCode).toBe(422);
    expect(forged.json().code).toBe('members.card_token_forged');
    expect((await verifyCard(t, 'https://example.com/not-a-card')).json().code).toBe('members.card_token_malformed');

    expect(
      (await t.request({ method: 'POST', url: '/api/member/leave', cookie: m.cookie, body: { reason: '不再从事外卖工作' } })).statusCode,
    ).toBe(204);
    const left = await verifyCard(t, card.token);
    expect(left.json()).toMatchObject({ code: 'members.card_member_inactive', title: '该会员卡已失效：会员已退会' });
    expect((await verifyCard(t, `GH1.${'x'.repeat(2000)}.y`)).json().code).toBe('members.card_token_malformed');
    expect((await t.request({ method: 'GET', url: '/api/member/card', cookie: m.cookie })).json().code).toBe('members.not_a_member');
  });
});

describe('transfer, status and retention', () => {
  const h = useTestApp();

  it('moves a member when the receiving union accepts and the old one releases; number and history follow', async () => {
    const { t } = h;
    const keqiao = await t.staffCookie('keqiao');
    const m = await approvedMember(t, { name: '孙八', idNumber: makeIdNumber('330621', '19870707', 811), trade: 'food_delivery' });
    const before = (await t.request({ method: 'GET', url: '/api/member/membership', cookie: m.cookie })).json().member;

    const same = await t.request({
      method: 'POST',
      url: '/api/member/transfers',
      cookie: m.cookie,
      body: { trade: 'food_delivery', workRegionCode: KEQIAO_STREET, reason: '试试' },
    });
    expect(same.json().code).toBe('members.transfer_same_union');

    // The work place changes to 柯岩: the system proposes a transfer, the member confirms it.
    const work = await t.request({
      method: 'POST',
      url: '/api/member/work',
      cookie: m.cookie,
      body: { trade: 'food_delivery', workRegionCode: KEYAN_STREET },
    });
    const proposed = work.json().proposedTransfer;
    expect(proposed).toMatchObject({ status: 'proposed', initiatedBy: 'system', toOrgName: '柯岩街道总工会' });
    const confirmed = await t.request({ method: 'POST', url: `/api/member/transfers/${proposed.id as string}/confirm`, cookie: m.cookie });
    expect(confirmed.json().status).toBe('requested');

    // Each row of the console's lists says what the asking staff may do with it: the street union
    // (the releasing side) may release or reject, not accept; the district above both sides may do either.
    const listed = async (cookie: string) =>
      (await t.request({ method: 'GET', url: '/api/console/member-transfers?direction=out', cookie }))
        .json()
        .items.find((x: { id: string }) => x.id === proposed.id);
    expect(await listed(await t.staffCookie('keqiao.street'))).toMatchObject({ canAccept: false, canRelease: true, canReject: true });
    expect(await listed(keqiao)).toMatchObject({ canAccept: true, canRelease: true, canReject: true });
    expect(await listed(await t.staffCookie('yuecheng'))).toBeUndefined();

    const accept = await t.request({
      method: 'POST',
      url: `/api/console/member-transfers/${proposed.id as string}/accept`,
      cookie: keqiao,
      body: {},
    });
    expect(accept.json()).toMatchObject({ status: 'requested' });
    expect(await listed(keqiao)).toMatchObject({ canAccept: false, canRelease: true, canReject: true });
    const release = await t.request({
      method: 'POST',
      url: `/api/console/member-transfers/${proposed.id as string}/release`,
      cookie: keqiao,
      body: {},
    });
    expect(release.json()).toMatchObject({ status: 'completed' });

    const after = (await t.request({ method: 'GET', url: '/api/member/membership', cookie: m.cookie })).json().member;
    expect(after).toMatchObject({ memberNo: before.memberNo, orgName: '柯岩街道总工会', id: before.id });
    const page = (await t.request({ method: 'GET', url: `/api/console/members/${m.memberId}`, cookie: keqiao })).json();
    expect(page.timeline.map((e: { kind: string }) => e.kind)).toEqual(['joined', 'work_changed', 'transferred']);
    expect(page.timeline[2]).toMatchObject({ fromOrgName: '柯桥街道总工会', toOrgName: '柯岩街道总工会' });
    expect(t.sms.sent.at(-1)).toMatchObject({ template: 'member_transfer_completed' });
    // The worker sees the same history in the H5, newest first, without the names of the staff who acted.
    const history = (await t.request({ method: 'GET', url: '/api/member/membership/history', cookie: m.cookie })).json().items;
    expect(history.map((e: { kind: string }) => e.kind)).toEqual(['transferred', 'work_changed', 'joined']);
    expect(history[0]).toMatchObject({ fromOrgName: '柯桥街道总工会', toOrgName: '柯岩街道总工会' });
    expect(Object.keys(history[0]).sort()).toEqual(['at', 'fromOrgName', 'id', 'kind', 'reason', 'toOrgName']);
    // Someone who never joined has no history, and someone signed out gets none.
    const stranger = await memberCookie(t, nextPhone());
    expect((await t.request({ method: 'GET', url: '/api/member/membership/history', cookie: stranger })).json()).toEqual({ items: [] });
    expect((await t.request({ method: 'GET', url: '/api/member/membership/history' })).statusCode).toBe(401);
  });

  it('suspends, reinstates, records a death; refuses what the status does not allow; keeps every record', async () => {
    const { t } = h;
    const keqiao = await t.staffCookie('keqiao');
    const m = await approvedMember(t, { name: '吴九', idNumber: makeIdNumber('330621', '19860606', 911) });
    const act = (action: string, reason = '经核实') =>
      t.request({ method: 'POST', url: `/api/console/members/${m.memberId}/status`, cookie: keqiao, body: { action, reason } });
    expect((await act('reinstate')).json().code).toBe('members.status_change_not_allowed');
    expect((await act('suspend', '长期联系不上')).json().status).toBe('suspended');
    expect((await act('reinstate', '已恢复联系')).json().status).toBe('active');
    expect((await act('record_death', '家属告知')).json().status).toBe('deceased');
    expect((await act('reinstate')).json().code).toBe('members.status_change_not_allowed');
    const page = (await t.request({ method: 'GET', url: `/api/console/members/${m.memberId}`, cookie: keqiao })).json();
    expect(page.timeline.map((e: { kind: string; reason: string | null }) => [e.kind, e.reason])).toEqual([
      ['joined', null],
      ['suspended', '长期联系不上'],
      ['reinstated', '已恢复联系'],
      ['deceased', '家属告知'],
    ]);
    // A deceased person's ID cannot join again.
    expect((await join(t, { name: '吴九', idNumber: makeIdNumber('330621', '19860606', 911) })).response.json().code).toBe(
      'members.deceased',
    );
  });

  it('purges the personal fields of members who left more than the retention period ago, keeping number and audit', async () => {
    const { t } = h;
    const keqiao = await t.staffCookie('keqiao');
    const m = await approvedMember(t, { name: '郑十', idNumber: makeIdNumber('330621', '19840404', 111) });
    await t.request({ method: 'POST', url: '/api/member/leave', cookie: m.cookie, body: { reason: '回老家了' } });
    const fourYearsAgo = new Date(Date.now() - 4 * 365 * 86_400_000);
    await t.platform.db.update(members).set({ statusChangedAt: fourYearsAgo }).where(eq(members.id, m.memberId));
    expect(await purgeExpiredPersonalData(t.platform.db, new Date(), 3)).toBe(1);
    const [row] = await t.platform.db.select().from(members).where(eq(members.id, m.memberId));
    expect(row).toMatchObject({
      nameCipher: null,
      idNumberCipher: null,
      phoneCipher: null,
      idIndex: null,
      accountId: null,
      status: 'left',
    });
    expect(isValidMemberNo(row!.memberNo)).toBe(true);
    const revealed = await t.request({
      method: 'POST',
      url: `/api/console/members/${m.memberId}/reveal`,
      cookie: keqiao,
      body: { reason: '核对' },
    });
    expect(revealed.json()).toEqual({ name: null, idNumber: null, phone: null, workAddress: null });
    expect((await verifyAuditChain(t.platform.db)).ok).toBe(true);
    // The ID is free again: the person may rejoin as a new member.
    expect((await join(t, { name: '郑十', idNumber: makeIdNumber('330621', '19840404', 111) })).response.statusCode).toBe(201);
  });

  it('filters the roll, finds a member by 身份证号, and audits a reveal with its reason', async () => {
    const { t } = h;
    const keqiao = await t.staffCookie('keqiao');
    const idNumber = makeIdNumber('330621', '19890101', 171);
    const m = await approvedMember(t, { name: '冯十一', idNumber, trade: 'courier' });
    const byId = (await t.request({ method: 'GET', url: `/api/console/members?q=${idNumber}`, cookie: keqiao })).json();
    expect(byId.total).toBe(1);
    expect(byId.items[0]).toMatchObject({
      id: m.memberId,
      nameMasked: '冯*一',
      trade: 'courier',
      newForm: true,
      orgName: '柯桥区快递行业工会联合会',
    });
    // The same member by number and by phone, oldest first too, and nobody when a filter excludes them.
    for (const q of [byId.items[0].memberNo, m.phone, `${idNumber}&sort=joined_asc`]) {
      const found = (await t.request({ method: 'GET', url: `/api/console/members?q=${q}`, cookie: keqiao })).json();
      expect(found).toMatchObject({ total: 1, totalCapped: false, nextCursor: null, items: [{ id: m.memberId }] });
    }
    const filteredOut = (
      await t.request({ method: 'GET', url: `/api/console/members?q=${idNumber}&trade=food_delivery`, cookie: keqiao })
    ).json();
    expect(filteredOut).toMatchObject({ total: 0, items: [] });
    const couriers = (await t.request({ method: 'GET', url: '/api/console/members?trade=courier&status=active', cookie: keqiao })).json();
    expect(couriers.items.every((x: { trade: string }) => x.trade === 'courier')).toBe(true);
    const junk = await t.request({ method: 'GET', url: '/api/console/members?q=abc', cookie: keqiao });
    expect(junk.json().errors[0].code).toBe('members.search_unrecognised');

    const revealed = await t.request({
      method: 'POST',
      url: `/api/console/members/${m.memberId}/reveal`,
      cookie: keqiao,
      body: { reason: '办理医疗互助需要核对身份' },
    });
    expect(revealed.json()).toMatchObject({ name: '冯十一', idNumber });
    const audit = (await t.request({ method: 'GET', url: '/api/console/audit?action=members.reveal', cookie: keqiao })).json();
    expect(audit.items[0]).toMatchObject({ action: 'members.reveal', targetId: m.memberId, reason: '办理医疗互助需要核对身份' });

    const stats = (await t.request({ method: 'GET', url: `/api/console/members/stats?orgId=${t.demo.keqiao.id}`, cookie: keqiao })).json();
    expect(stats.node.members).toBeGreaterThanOrEqual(1);
    const federation = stats.children.find((c: { orgName: string }) => c.orgName === '柯桥区快递行业工会联合会');
    expect(federation).toMatchObject({ newFormMembers: expect.any(Number) });
    expect(federation.members).toBeGreaterThanOrEqual(1);
  });

  it('exports the roll as a streamed .xlsx: masked, with the exporter named in the file, audited with the reason', async () => {
    const { t } = h;
    const keqiao = await t.staffCookie('keqiao');
    const idNumber = makeIdNumber('330621', '19950505', 191);
    await approvedMember(t, { name: '陈十二', idNumber, trade: 'courier' });
    const noReason = await t.request({ method: 'GET', url: '/api/console/members/export.xlsx', cookie: keqiao });
    expect(noReason.statusCode).toBe(400);
    const r = await t.request({
      method: 'GET',
      url: `/api/console/members/export.xlsx?trade=courier&reason=${encodeURIComponent('年度会员统计上报')}`,
      cookie: keqiao,
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const text = (row: number) => (sheet.getRow(row).values as unknown[]).filter(Boolean).map(String);
    expect(text(2).join('')).toContain('柯桥区总工会管理员');
    expect(text(4)).toContain('会员号');
    const rows = Array.from({ length: sheet.rowCount - 4 }, (_, i) => text(i + 5));
    const mine = rows.find((cells) => cells.includes('陈*二'));
    expect(mine).toBeDefined();
    expect(mine).toContain(`${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`);
    expect(mine).toContain('快递员');
    expect(rows.join()).not.toContain(idNumber);
    const audit = (await t.request({ method: 'GET', url: '/api/console/audit?action=members.export', cookie: keqiao })).json();
    expect(audit.items[0]).toMatchObject({ reason: '年度会员统计上报', details: { rows: rows.length } });
  });
});
