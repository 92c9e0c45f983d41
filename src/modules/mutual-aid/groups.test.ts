// Group enrolment as a union office sends it: a GB18030 CSV with a title line, its own headers and a
// blank line, or an .xlsx. Any bad row (a stranger to the roll, someone over age, a number twice, a
// member of another district) and nobody is enrolled, every bad row named; a good list is enrolled at
// once with one contribution for its total, and the same people cannot be enrolled twice in the cycle.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/harness/app.js';
import { XLSX } from '../../../test/harness/imports.js';
import { encodeGbk } from '../../../test/support/gbk.js';
import { makeIdNumber, newMember } from '../members/testing.js';
import { enrol, enrolled, member, newPlan, staffCall as call } from '../../../test/harness/mutual-aid.js';
import { remindRenewals } from './service/reminders.js';

describe('mutual-aid group enrolment', () => {
  const h = useTestApp();

  const upload = async (t: typeof h.t, planId: string, body: Buffer, query: string, type = 'text/csv', staff = 'keqiao') =>
    t.request({
      method: 'POST',
      url: `/api/console/mutual-aid-plans/${planId}/groups?${query}`,
      cookie: await t.staffCookie(staff),
      body,
      headers: { 'content-type': type },
    });

  it('reports every bad row of an office’s GB18030 list and enrols nobody; enrols the corrected list with one contribution', async () => {
    const { t } = h;
    const plan = await newPlan(t);
    const a = await member(t, { birth: '19900101' });
    const b = await member(t, { birth: '19910202' });
    const old = await member(t, { birth: '19580303' });
    const stranger = makeIdNumber('330621', '19920404', 901);
    // A member of 越城, the sibling district: not 柯桥's to pay for.
    const yuechengId = makeIdNumber('330602', '19930505', 903);
    await newMember(t.platform, { idNumber: yuechengId, name: '赵越城', workRegionCode: '330602001' });
    const query = `orgId=${t.demo.keqiao.id}&payerName=${encodeURIComponent('柯桥区快递行业工会联合会')}&fileName=${encodeURIComponent('2026年团体参保名单.csv')}`;

    const bad = encodeGbk(
      [
        '柯桥区2026年职工医疗互助团体参保名单,,,,',
        '序号,职工姓名,身份证号码,所在单位,参保份数',
        `1,${a.name},${a.idNumber},中通快递柯桥网点,1`,
        ',,,,',
        `2,${b.name},${b.idNumber},中通快递柯桥网点,`,
        `3,${old.name},${old.idNumber},中通快递柯桥网点,1`,
        `4,张无名,${stranger},中通快递柯桥网点,1`,
        `5,${a.name},${a.idNumber},中通快递柯桥网点,1`,
        `6,赵越城,${yuechengId},越城某公司,1`,
        `7,钱多多,${b.idNumber.slice(0, 17)}0,中通快递柯桥网点,2`,
      ].join('\r\n'),
    );
    const refused = await upload(t, plan.id, bad, query);
    expect(refused.statusCode, refused.body).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'mutual-aid.group_refused' });
    expect(
      refused.json<{ errors: { row: number; column: string; code: string }[] }>().errors.map((e) => [e.row, e.column, e.code]),
    ).toEqual([
      [6, '身份证号', 'mutual-aid.age'],
      [8, '身份证号', 'mutual-aid.id_number_repeated'],
      [10, '身份证号', 'mutual-aid.id_number_checksum'],
      [7, '身份证号', 'mutual-aid.group_not_member'],
      [9, '身份证号', 'mutual-aid.group_outside'],
    ]);
    expect(refused.json<{ title: string }>().title).toContain('名单有 5 行不能参保');
    // Each row's message names the person the row gives, as the office wrote it.
    expect(refused.json<{ errors: { message: string }[] }>().errors.map((e) => e.message.split('：')[0])).toEqual([
      old.name,
      a.name,
      '钱多多',
      '张无名',
      '赵越城',
    ]);
    const none = await call(t, 'zhejiang', 'GET', `/api/console/mutual-aid-dashboard?planId=${plan.id}`);
    expect(none.json()).toMatchObject({ total: { enrolled: 0, contributionsFen: 0 } });

    const good = encodeGbk(
      [
        '序号,职工姓名,身份证号码,所在单位,参保份数',
        `1,${a.name},${a.idNumber},中通快递柯桥网点,1`,
        ',,,,',
        `2,${b.name},${b.idNumber},中通快递柯桥网点,`,
      ].join('\r\n'),
    );
    const enrolled = await upload(t, plan.id, good, query);
    expect(enrolled.statusCode, enrolled.body).toBe(201);
    expect(enrolled.json()).toMatchObject({ people: 2, totalFen: 22_000, payerName: '柯桥区快递行业工会联合会' });
    const dash = await call(t, 'zhejiang', 'GET', `/api/console/mutual-aid-dashboard?planId=${plan.id}`);
    expect(dash.json()).toMatchObject({ total: { enrolled: 2, byGroup: 2, contributionsFen: 22_000 } });
    const fund = await call(t, 'zhejiang', 'GET', `/api/console/funds/${plan.fundId}`);
    expect(JSON.stringify(fund.json())).toContain('"receivedFen":22000');
    // The member sees the enrolment the union paid for, with its certificate.
    const mine = await t.request({ method: 'GET', url: '/api/member/mutual-aid/enrolments', cookie: a.cookie });
    expect(mine.json()).toMatchObject({
      items: [{ status: 'active', channel: 'group', certificateNo: expect.stringMatching(/^[A-Z]+\d{12}$/) }],
    });

    // The same list again, now as an .xlsx: both are enrolled already.
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('名单');
    sheet.addRow(['姓名', '身份证号']);
    sheet.addRow([a.name, a.idNumber]);
    sheet.addRow([b.name, b.idNumber]);
    const again = await upload(t, plan.id, Buffer.from(await book.xlsx.writeBuffer()), query, XLSX);
    expect(again.statusCode, again.body).toBe(422);
    expect(again.json<{ errors: { row: number; code: string }[] }>().errors.map((e) => [e.row, e.code])).toEqual([
      [2, 'mutual-aid.group_already_enrolled'],
      [3, 'mutual-aid.group_already_enrolled'],
    ]);

    // A list without a column for the 身份证号 says which is missing.
    const noId = await upload(t, plan.id, encodeGbk(`姓名,电话\r\n${a.name},13900000000\r\n`), query);
    expect(noId.json<{ errors: { message: string }[] }>().errors[0]?.message).toContain('名单缺少列：身份证号');
    // 越城's staff cannot pay for 柯桥's people under 柯桥's name.
    const sibling = await upload(t, plan.id, good, query, 'text/csv', 'yuecheng');
    expect(sibling.statusCode).toBe(404);
  });

  it('reminds a member once, a month before the cycle ends, to renew', async () => {
    const { t } = h;
    // A plan whose cycle ends in 19 days, whatever today is.
    const end = new Date(Date.now() + 20 * 86_400_000);
    const startOn = `${end.getUTCFullYear() - 1}-${String(end.getUTCMonth() + 1).padStart(2, '0')}-${String(end.getUTCDate()).padStart(2, '0')}`;
    const plan = await newPlan(t, { startOn: startOn.endsWith('-02-29') ? startOn.replace('-29', '-28') : startOn });
    const m = await member(t, { birth: '19870707' });
    await enrolled(t, plan.id, m);
    t.sms.clear();
    // Six weeks before the end nothing is due yet.
    expect(await remindRenewals(t.platform.db, t.platform, new Date(Date.now() - 20 * 86_400_000))).toBe(0);
    expect(await remindRenewals(t.platform.db, t.platform, new Date())).toBe(1);
    expect(t.sms.sent).toMatchObject([
      { phone: m.phone, template: 'mutual_aid_renewal', params: { plan: expect.stringContaining('职工医疗互助保障') } },
    ]);
    // Once only.
    expect(await remindRenewals(t.platform.db, t.platform, new Date())).toBe(0);
    expect(t.sms.sent).toHaveLength(1);
  });

  it('closes a plan to new enrolments, for the union that runs it, with a reason; who is enrolled stays covered', async () => {
    const { t } = h;
    const plan = await newPlan(t);
    const m = await member(t, { birth: '19890909' });
    const enrolment = await enrolled(t, plan.id, m);
    const close = (staff: string, reason = '本年度计划结束') =>
      call(t, staff, 'POST', `/api/console/mutual-aid-plans/${plan.id}/close`, { reason });

    // 柯桥 sees 绍兴's plan but does not run it; 越城 is a sibling; a reason is required.
    expect((await close('keqiao')).statusCode).toBe(404);
    expect((await close('yuecheng')).statusCode).toBe(404);
    expect((await call(t, 'zhejiang', 'POST', `/api/console/mutual-aid-plans/${plan.id}/close`, {})).statusCode).toBe(400);
    const closed = await close('zhejiang');
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ id: plan.id, status: 'closed' });
    expect((await close('zhejiang')).json()).toMatchObject({ code: 'mutual-aid.plan_closed' });

    // No one enrols any more, alone or in a list; the one enrolled keeps the certificate.
    const late = await member(t, { birth: '19900110' });
    const refused = await enrol(t, plan.id, late);
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'mutual-aid.plan_closed' });
    const list = encodeGbk(['职工姓名,身份证号码', `${late.name},${late.idNumber}`].join('\r\n'));
    const query = `orgId=${t.demo.keqiao.id}&payerName=${encodeURIComponent('柯桥区总工会')}&fileName=list.csv`;
    expect((await upload(t, plan.id, list, query)).json()).toMatchObject({ code: 'mutual-aid.plan_closed' });
    const mine = await t.request({ method: 'GET', url: '/api/member/mutual-aid/enrolments', cookie: m.cookie });
    expect(mine.json<{ items: { id: string; status: string }[] }>().items).toMatchObject([{ id: enrolment.id, status: 'active' }]);

    const audit = await call(t, 'zhejiang', 'GET', '/api/console/audit?action=mutual-aid.plan.close');
    expect(audit.json<{ items: { reason: string | null }[] }>().items[0]).toMatchObject({ reason: '本年度计划结束' });
  });
});
