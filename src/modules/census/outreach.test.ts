// The outreach list, probable matches, SMS invitations credited when the worker joins, and targets.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/harness/app.js';
import { coverage, createSource, importList } from '../../../test/harness/census.js';
import { approvedMember, makeIdNumber } from '../../../test/harness/members.js';
import { newStaff } from '../staff/testing.js';
import { followRoll } from './service/index.js';

const id = (seq: number) => makeIdNumber('330603', '19920202', seq);
const phone = (seq: number) => `137${String(20_000_000 + seq).slice(-8)}`;
const NAMES = ['张伟', '王芳', '李强', '刘洋', '陈静', '杨磊', '赵敏', '黄勇'];

async function people(t: TestApp, query: string) {
  const response = await t.request({ method: 'GET', url: `/api/console/census/people?${query}`, cookie: await t.staffCookie('keqiao') });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ items: Record<string, unknown>[]; nextCursor: string | null; total: number; totalCapped: boolean }>();
}

describe('outreach', () => {
  const h = useTestApp();

  /** Eight couriers of 柯桥街道, two of them on the roll already; the list gives IDs and phones. */
  async function census(t: TestApp) {
    await approvedMember(t, { name: NAMES[0], idNumber: id(0), trade: 'courier' });
    await approvedMember(t, { name: NAMES[1], idNumber: id(1), trade: 'courier' });
    const source = await createSource(t, '柯桥区邮政管理局', 'market_regulation');
    const rows = NAMES.map((name, i) => `${name},${id(i)},${phone(i)},中通快递`);
    const list = await importList(
      t,
      ['姓名,身份证号,手机号,工作单位', ...rows].join('\n'),
      `sourceId=${source}&regionCode=330603001&trade=courier`,
    );
    expect(list).toMatchObject({ status: 'completed', writtenRows: 8, matchedPeople: 2 });
  }

  it('lists the people not yet members, masked, records contacts and assignment, and exports them masked and audited', async () => {
    const { t } = h;
    await census(t);
    const page = await people(t, 'limit=4');
    expect(page.items).toHaveLength(4);
    expect(page.nextCursor).not.toBeNull();
    // Every page says how many the filter holds, not how many it shows.
    expect(page).toMatchObject({ total: 6, totalCapped: false });
    const rest = await people(t, `limit=4&cursor=${page.nextCursor as string}`);
    expect(rest).toMatchObject({ total: 6, totalCapped: false, nextCursor: null });
    const all = [...page.items, ...rest.items];
    expect(all).toHaveLength(6);
    for (const person of all) {
      expect(person.nameMasked).toMatch(/\*/);
      expect(person.idNumberMasked).toMatch(/\*{4,}/);
      expect(person).toMatchObject({
        isMember: false,
        outreach: 'new',
        trade: 'courier',
        regionName: expect.stringContaining('柯桥街道'),
        lastInvitedAt: null,
      });
    }
    expect(await people(t, 'coverage=members')).toMatchObject({ total: 2, totalCapped: false, items: [{}, {}] });
    expect(await people(t, 'outreach=joined')).toMatchObject({ total: 0, totalCapped: false, items: [] });

    const cookie = await t.staffCookie('keqiao');
    const target = all[0]?.id as string;
    const contact = await t.request({
      method: 'POST',
      url: `/api/console/census/people/${target}/contacts`,
      cookie,
      body: { outcome: 'refused', note: '已有其他单位工会会籍' },
    });
    expect(contact.statusCode, contact.body).toBe(200);
    expect(contact.json()).toMatchObject({
      outreach: 'refused',
      assignedStaffName: '柯桥区总工会管理员',
      contacts: [{ outcome: 'refused' }],
    });
    expect((await people(t, 'outreach=refused')).items.map((p) => p.id)).toEqual([target]);

    const staff = (await t.request({ method: 'GET', url: '/api/console/staff?q=keqiao.street', cookie })).json().items[0];
    const assign = await t.request({
      method: 'POST',
      url: '/api/console/census/people/assign',
      cookie,
      body: { personIds: all.slice(1, 4).map((p) => p.id), staffId: staff.id },
    });
    expect(assign.json()).toEqual({ assigned: 3 });
    expect((await people(t, `assigned=${staff.id as string}`)).items).toHaveLength(3);

    const exported = await t.request({
      method: 'GET',
      url: `/api/console/census/people/export.xlsx?reason=${encodeURIComponent('入户走访')}`,
      cookie,
    });
    expect(exported.statusCode).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    expect(sheet.rowCount).toBe(2 + 6);
    const cells = (sheet.getRow(3).values as unknown[]).slice(1).map(String);
    expect(cells[1]).toMatch(/\*/);
    expect(cells.join(' ')).not.toContain(id(2));
    const audit = await t.request({ method: 'GET', url: '/api/console/audit?action=census.people_export', cookie });
    expect(audit.json().items[0]).toMatchObject({ action: 'census.people_export', reason: '入户走访' });
  });

  it('flags a phone-and-name match as probable until a reviewer confirms it, and never proposes a rejected one again', async () => {
    const { t } = h;
    await approvedMember(t, { name: '周杰', idNumber: id(40), trade: 'food_delivery' }, phone(40));
    await approvedMember(t, { name: '吴婷', idNumber: id(41), trade: 'food_delivery' }, phone(41));
    const source = await createSource(t, '美团柯桥站', 'platform');
    // The platform's list has no IDs: phone and name only.
    const list = await importList(
      t,
      ['姓名,手机号,行业', `周杰,${phone(40)},外卖骑手`, `吴婷,${phone(41)},外卖骑手`, `吴婷婷,${phone(40)},外卖骑手`].join('\n'),
      `sourceId=${source}&regionCode=330603001`,
    );
    expect(list).toMatchObject({ status: 'completed', writtenRows: 3, matchedPeople: 0, probablePeople: 2 });
    let report = await coverage(t, 'region=330603001');
    expect(report.totals).toMatchObject({ census: 3, members: 0, probable: 2 });

    const probable = (await people(t, 'coverage=probable')).items;
    expect(probable).toHaveLength(2);
    const cookie = await t.staffCookie('keqiao');
    const [first, second] = probable as [{ id: string }, { id: string }];
    const confirmed = await t.request({ method: 'POST', url: `/api/console/census/people/${first.id}/match/confirm`, cookie, body: {} });
    expect(confirmed.json()).toMatchObject({ match: 'confirmed', isMember: true, member: { status: 'active' } });
    const rejected = await t.request({ method: 'POST', url: `/api/console/census/people/${second.id}/match/reject`, cookie, body: {} });
    expect(rejected.json()).toMatchObject({ match: null, isMember: false, member: null });
    const again = await t.request({ method: 'POST', url: `/api/console/census/people/${second.id}/match/reject`, cookie, body: {} });
    expect(again.json()).toMatchObject({ status: 409, code: 'census.match_not_probable' });
    report = await coverage(t, 'region=330603001');
    expect(report.totals).toMatchObject({ census: 3, members: 1, probable: 0 });
    // The same list again: the rejected pairing is not proposed a second time.
    await importList(t, ['姓名,手机号,行业', `吴婷,${phone(41)},外卖骑手`].join('\n'), `sourceId=${source}&regionCode=330603001`);
    expect((await people(t, 'coverage=probable')).items).toEqual([]);
  });

  it('invites by SMS with a link that prefills the H5 form, and credits the campaign when the worker joins', async () => {
    const { t } = h;
    await census(t);
    const cookie = await t.staffCookie('keqiao');
    const outreach = (await people(t, 'limit=50')).items;
    const members = (await people(t, 'coverage=members')).items;
    const sent = await t.request({
      method: 'POST',
      url: '/api/console/census/invitations',
      cookie,
      body: { personIds: [...outreach.slice(0, 2), ...members.slice(0, 1)].map((p) => p.id), campaign: '2026年快递员入会集中行动' },
    });
    const [first, second] = outreach as [Record<string, unknown>, Record<string, unknown>];
    const member = members[0] as Record<string, unknown>;
    // Who was sent one and who was not, masked as the list shows them, in the order chosen.
    expect(sent.json()).toEqual({
      sent: 2,
      skipped: { member: 1, noPhone: 0, recent: 0 },
      invited: [
        { personId: first.id, maskedName: first.nameMasked, maskedPhone: first.phoneMasked },
        { personId: second.id, maskedName: second.nameMasked, maskedPhone: second.phoneMasked },
      ],
      skippedPeople: [{ personId: member.id, maskedName: member.nameMasked, maskedPhone: member.phoneMasked, reason: 'member' }],
    });
    expect(String(first.phoneMasked)).toMatch(/^137\*{4}\d{4}$/);
    // The list and the drawer say when each was last invited; the others never were.
    const lastInvited = new Map((await people(t, 'limit=50')).items.map((p) => [p.id, p.lastInvitedAt]));
    expect(lastInvited.get(first.id)).toEqual(expect.any(String));
    expect(lastInvited.get(second.id)).toEqual(expect.any(String));
    expect([...lastInvited.values()].filter((at) => at === null)).toHaveLength(outreach.length - 2);
    const detail = (await t.request({ method: 'GET', url: `/api/console/census/people/${String(first.id)}`, cookie })).json();
    expect(detail.lastInvitedAt).toBe(detail.invitations[0].sentAt);
    const sms = t.sms.sent.filter((s) => s.template === 'census_invitation');
    expect(sms).toHaveLength(2);
    const link = String(sms[0]?.params.link);
    expect(link).toMatch(/\/join\?inv=[A-Za-z0-9_-]{22}$/);
    // Sent again within the week: nobody gets a second message.
    const twice = await t.request({
      method: 'POST',
      url: '/api/console/census/invitations',
      cookie,
      body: { personIds: [outreach[0]?.id], campaign: '重复' },
    });
    expect(twice.json()).toMatchObject({
      sent: 0,
      skipped: { recent: 1 },
      invited: [],
      skippedPeople: [{ personId: outreach[0]?.id, reason: 'recent' }],
    });

    const token = link.split('inv=')[1] as string;
    const opened = await t.request({ method: 'GET', url: `/api/member/census/invitations/${token}` });
    expect(opened.statusCode, opened.body).toBe(200);
    const prefill = opened.json();
    expect(prefill).toMatchObject({ trade: 'courier', workRegionCode: '330603001', employerName: '中通快递', union: '柯桥区总工会' });
    expect(prefill).not.toHaveProperty('idNumber');
    const unknown = await t.request({ method: 'GET', url: '/api/member/census/invitations/AAAAAAAAAAAAAAAAAAAAAA' });
    expect(unknown.json()).toMatchObject({ status: 404, code: 'census.invitation_not_found' });

    // The invited courier joins with the ID the census has for them; the roll's feed credits the campaign.
    const invited = NAMES.indexOf(prefill.name as string);
    expect(invited).toBeGreaterThanOrEqual(2);
    const before: number = (await coverage(t, 'region=330603001')).totals.members;
    await approvedMember(t, { name: prefill.name as string, idNumber: id(invited), trade: 'courier' });
    // The feed hands on a change once every older transaction of the server has ended (on a shared
    // PostgreSQL, other tests' too): followed until it arrives, as the job does every 10 s.
    await expect
      .poll(async () => {
        await followRoll(t.platform.db, t.platform);
        return (await coverage(t, 'region=330603001')).totals.members as number;
      })
      .toBe(before + 1);
    const campaigns = await t.request({ method: 'GET', url: '/api/console/census/invitations/campaigns', cookie });
    expect(campaigns.json().items).toEqual([
      expect.objectContaining({ campaign: '2026年快递员入会集中行动', sent: 2, opened: 1, joined: 1 }),
    ]);
    const joined = (await people(t, 'coverage=members&outreach=joined')).items;
    expect(joined).toHaveLength(1);
  });

  it('offers the subtree’s census staff to assign to, without the staff module’s role, and never a sibling district’s', async () => {
    const { t } = h;
    await census(t);
    const db = t.platform.db;
    const operator = await newStaff(db, t.demo.keqiao, { census: 'operator' }, { displayName: '柯桥摸排经办' });
    await newStaff(db, t.demo.keqiao, { members: 'admin' }, { displayName: '柯桥会员管理员' });
    const viewer = await newStaff(db, t.demo.keqiao, { census: 'viewer' }, { displayName: '柯桥摸排查看' });
    const picker = (cookie: string, q = '') =>
      t.request({ method: 'GET', url: `/api/console/census/assignable-staff?q=${encodeURIComponent(q)}`, cookie });

    // The staff module's own list is closed to a census operator; the picker is not.
    expect((await t.request({ method: 'GET', url: '/api/console/staff', cookie: operator.cookie })).statusCode).toBe(403);
    const offered = await picker(operator.cookie);
    expect(offered.statusCode, offered.body).toBe(200);
    const names = (offered.json().items as { name: string }[]).map((s) => s.name).sort();
    expect(names).toEqual(['柯桥摸排经办', '柯桥摸排查看', '柯桥区总工会管理员', '柯桥街道工会干事'].sort());
    expect(offered.json().items).toContainEqual({ id: operator.staff.id, name: '柯桥摸排经办', orgName: '柯桥区总工会', role: 'operator' });
    expect((await picker(operator.cookie, '街道')).json().items).toEqual([
      expect.objectContaining({ name: '柯桥街道工会干事', orgName: '柯桥街道总工会', role: 'admin' }),
    ]);
    // Assigning is the operator's; so is seeing whom to.
    expect((await picker(viewer.cookie)).statusCode).toBe(403);

    const street = (offered.json().items as { id: string; name: string }[]).find((s) => s.name === '柯桥街道工会干事');
    const person = (await people(t, 'limit=1')).items[0]?.id;
    const assign = await t.request({
      method: 'POST',
      url: '/api/console/census/people/assign',
      cookie: operator.cookie,
      body: { personIds: [person], staffId: street?.id },
    });
    expect(assign.json()).toEqual({ assigned: 1 });

    // The sibling district sees its own staff only, and 柯桥 never sees the sibling's.
    const sibling = (await picker(await t.staffCookie('yuecheng'))).json().items as { name: string }[];
    expect(sibling.map((s) => s.name)).toEqual(['越城区总工会管理员']);
    expect(names).not.toContain('越城区总工会管理员');
  });

  it('splits 柯桥区’s 4,000 target down to its streets, refuses a split that gives away more, and counts this year’s joins', async () => {
    const { t } = h;
    const cookie = await t.staffCookie('keqiao');
    const year = new Date().getFullYear();
    const put = (orgId: string, target: number | null) =>
      t.request({ method: 'PUT', url: '/api/console/census/targets', cookie, body: { orgId, year, target } });
    expect((await put(t.demo.keqiao.id, 4000)).statusCode).toBe(200);
    expect((await put(t.demo.keqiaoStreet.id, 1500)).statusCode).toBe(200);
    expect((await put(t.demo.keyanStreet.id, 1500)).statusCode).toBe(200);
    const over = await put(t.demo.huasheStreet.id, 1500);
    expect(over.json()).toMatchObject({ status: 409, code: 'census.target_split_over' });
    expect(over.json().title).toContain('500');
    expect((await put(t.demo.huasheStreet.id, 1000)).json()).toMatchObject({ node: { orgName: '华舍街道总工会', target: 1000 } });
    const split = (await t.request({ method: 'GET', url: `/api/console/census/targets?year=${year}`, cookie })).json();
    expect(split).toMatchObject({ node: { target: 4000, hasChildren: true }, unassigned: 0 });
    // Only 柯桥街道 has a union below it (饿了么柯桥配送站工会): the console drills into it alone.
    const drillable = (split.children as { orgId: string; hasChildren: boolean }[]).filter((c) => c.hasChildren).map((c) => c.orgId);
    expect(drillable).toEqual([t.demo.keqiaoStreet.id]);
    const street = (
      await t.request({ method: 'GET', url: `/api/console/census/targets?year=${year}&orgId=${t.demo.keqiaoStreet.id}`, cookie })
    ).json();
    expect(street.children).toEqual([expect.objectContaining({ orgName: '饿了么柯桥配送站工会', hasChildren: false })]);
    expect(split.children.map((c: { target: number | null }) => c.target)).toEqual(expect.arrayContaining([1500, 1500, 1000]));
    // The parent may not fall below what it gave away.
    expect((await put(t.demo.keqiao.id, 3000)).json()).toMatchObject({ code: 'census.target_split_over' });

    await approvedMember(t, { idNumber: id(60), trade: 'courier', workRegionCode: '330603001' });
    const report = (await t.request({ method: 'GET', url: `/api/console/census/targets?year=${year}`, cookie })).json();
    expect(report.node).toMatchObject({ orgName: '柯桥区总工会', target: 4000, joined: 1 });
    expect(report.node.progress).toBeCloseTo(1 / 4000);
    const sibling = await t.request({
      method: 'PUT',
      url: '/api/console/census/targets',
      cookie: await t.staffCookie('yuecheng'),
      body: { orgId: t.demo.keqiao.id, year, target: 1 },
    });
    expect(sibling.statusCode).toBe(404);
  });
});
