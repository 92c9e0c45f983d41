import { describe, expect, it } from 'vitest';
import { shanghaiDay } from '../../platform/time/shanghai.js';
import { useTestApp, type TestApp } from '../../../test/harness/app.js';
import { loadExcel } from '../../platform/files/excel.js';
import { newMember } from '../members/testing.js';
import { flagScriptedClaims } from './service/index.js';
import { campaignBody, newCampaign } from './testing.js';

const post = (t: TestApp, cookie: string, url: string, body: unknown = {}) => t.request({ method: 'POST', url, cookie, body });

describe('a campaign’s life in the console', () => {
  const h = useTestApp();

  it('refuses terms that do not hold, naming every field', async () => {
    const { t } = h;
    const r = await post(
      t,
      await t.staffCookie('keqiao'),
      '/api/console/campaigns',
      campaignBody(t.demo.keqiao.id, { discountFen: 350, releaseTime: '24:00', budgetFen: 100 }),
    );
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject({ code: 'campaigns.invalid', title: '活动设置有误，请检查标出的 3 处' });
    expect(r.json().errors.map((e: { field: string }) => e.field)).toEqual(['discountFen', 'releaseTime', 'budgetFen']);
  });

  it('is approved by a second person only; the preview counts who it reaches; pause and end close the claims', async () => {
    const { t } = h;
    const keqiao = await t.staffCookie('keqiao');
    await Promise.all([
      newMember(t.platform),
      newMember(t.platform, { trade: 'courier' }),
      newMember(t.platform, { trade: 'care_worker' }),
    ]);
    const { id } = await newCampaign(t, campaignBody(t.demo.keqiao.id), { approve: false });
    expect((await post(t, keqiao, `/api/console/campaigns/${id}/approve`)).json().code).toBe('campaigns.status_change_not_allowed');
    expect((await post(t, keqiao, `/api/console/campaigns/${id}/submit`)).json()).toMatchObject({ status: 'pending', phase: 'pending' });
    const own = await post(t, keqiao, `/api/console/campaigns/${id}/approve`);
    expect(own.statusCode).toBe(409);
    expect(own.json().code).toBe('campaigns.own_approval');
    // Two of the three are in 智送清凉's six trades (the care worker is not).
    const preview = await t.request({ method: 'GET', url: `/api/console/campaigns/${id}/preview`, cookie: keqiao });
    expect(preview.json()).toEqual({ eligibleMembers: 2, maxCoupons: expect.any(Number) });
    const province = await t.staffCookie('zhejiang');
    expect((await post(t, province, `/api/console/campaigns/${id}/approve`)).json()).toMatchObject({
      status: 'approved',
      phase: 'running',
      decidedByName: '省总工会管理员',
    });
    const rider = await newMember(t.platform);
    expect((await post(t, keqiao, `/api/console/campaigns/${id}/pause`, { reason: '商户系统升级' })).json().status).toBe('paused');
    expect((await post(t, rider.cookie, `/api/member/campaigns/${id}/claim`)).json().code).toBe('campaigns.paused');
    await post(t, keqiao, `/api/console/campaigns/${id}/resume`);
    expect((await post(t, rider.cookie, `/api/member/campaigns/${id}/claim`)).statusCode).toBe(201);
    await post(t, keqiao, `/api/console/campaigns/${id}/end`, { reason: '提前完成' });
    expect((await post(t, (await newMember(t.platform)).cookie, `/api/member/campaigns/${id}/claim`)).json().code).toBe('campaigns.ended');
    expect(
      (await t.request({ method: 'PUT', url: `/api/console/campaigns/${id}`, cookie: keqiao, body: campaignBody(t.demo.keqiao.id) }))
        .statusCode,
    ).toBe(409);
  });

  it('lists the subtree’s campaigns newest first, a page at a time, never one twice, and none of the sibling district’s', async () => {
    const { t } = h;
    const created: string[] = [];
    for (const name of ['第一期', '第二期', '第三期']) {
      created.push((await newCampaign(t, campaignBody(t.demo.keqiao.id, { name }), { approve: false })).id);
    }
    const keqiao = await t.staffCookie('keqiao');
    const page = async (cursor?: string) =>
      (
        await t.request({
          method: 'GET',
          url: `/api/console/campaigns?status=draft&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          cookie: keqiao,
        })
      ).json<{ items: { id: string; name: string }[]; nextCursor: string | null }>();
    const first = await page();
    expect(first.items.map((c) => c.name)).toEqual(['第三期', '第二期']);
    expect(first.nextCursor).not.toBeNull();
    const second = await page(first.nextCursor ?? undefined);
    expect(second.items.map((c) => c.id)).toEqual([created[0]]);
    expect(second.nextCursor).toBeNull();
    // A cursor edited by hand starts again at the first page rather than failing.
    expect((await page('not-a-cursor')).items.map((c) => c.name)).toEqual(['第三期', '第二期']);
    const sibling = await t.request({ method: 'GET', url: '/api/console/campaigns?status=draft', cookie: await t.staffCookie('yuecheng') });
    expect(sibling.json().items.filter((c: { id: string }) => created.includes(c.id))).toEqual([]);
  });

  it('shows the member what is open to them, and why not, with the server’s clock for the countdown', async () => {
    const { t } = h;
    const open = await newCampaign(t, campaignBody(t.demo.keqiao.id));
    // Tomorrow in Shanghai: from 16:00 UTC on, UTC's tomorrow is already Shanghai's today.
    const tomorrow = shanghaiDay(new Date(Date.now() + 86_400_000));
    await newCampaign(t, campaignBody(t.demo.keqiao.id, { name: '明日早餐券', startsOn: tomorrow, endsOn: tomorrow }));
    await newCampaign(t, campaignBody(t.demo.keqiao.id, { name: '快递员专享', trades: ['courier'] }));
    await newCampaign(t, campaignBody(t.demo.yuecheng.id, { name: '越城区专享' }), { author: 'yuecheng' });
    const rider = await newMember(t.platform);
    await post(t, rider.cookie, `/api/member/campaigns/${open.id}/claim`);
    const list = await t.request({ method: 'GET', url: '/api/member/campaigns', cookie: rider.cookie });
    const byName = Object.fromEntries(list.json().items.map((c: { name: string }) => [c.name, c]));
    expect(Object.keys(byName).sort()).toEqual(['快递员专享', '明日早餐券', '智送清凉'].sort());
    expect(byName['智送清凉']).toMatchObject({ state: 'claimed', held: 1 });
    expect(byName['明日早餐券']).toMatchObject({ state: 'waiting' });
    expect(new Date(byName['明日早餐券'].nextReleaseAt).getTime()).toBeGreaterThan(Date.now());
    expect(byName['快递员专享']).toMatchObject({ state: 'ineligible', ineligibleReason: '本活动仅限指定行业的会员' });
    expect(typeof list.json().serverTime).toBe('string');
    // The list of live campaigns is cached per instance: a pause shows on the next look, as does the budget spent.
    expect(
      (await post(t, await t.staffCookie('keqiao'), `/api/console/campaigns/${open.id}/pause`, { reason: '商户系统升级' })).statusCode,
    ).toBe(200);
    const again = await t.request({ method: 'GET', url: '/api/member/campaigns', cookie: (await newMember(t.platform)).cookie });
    expect(again.json().items.find((c: { name: string }) => c.name === '智送清凉')).toMatchObject({ state: 'paused' });
  });
});

describe('statistics, settlement and flags', () => {
  const h = useTestApp();

  it('counts claimed, redeemed and the members who joined during the campaign, by day, trade and area', async () => {
    const { t } = h;
    const keqiao = await t.staffCookie('keqiao');
    const { id } = await newCampaign(t, campaignBody(t.demo.keqiao.id, { startsOn: '2026-01-01' }));
    const riders = await Promise.all([newMember(t.platform), newMember(t.platform), newMember(t.platform, { trade: 'courier' })]);
    for (const r of riders) await post(t, r.cookie, `/api/member/campaigns/${id}/claim`);
    const stats = (await t.request({ method: 'GET', url: `/api/console/campaigns/${id}/stats`, cookie: keqiao })).json();
    expect(stats.totals).toMatchObject({ claimed: 3, redeemed: 0, members: 3, joinedDuring: 3, redemptionRate: 0 });
    expect(stats.byTrade).toEqual([
      expect.objectContaining({ key: 'food_delivery', label: '网约送餐员', claimed: 2 }),
      expect.objectContaining({ key: 'courier', label: '快递员', claimed: 1 }),
    ]);
    expect(stats.byArea).toEqual([expect.objectContaining({ key: '330603', label: '浙江省绍兴市柯桥区', claimed: 3 })]);
    expect(stats.byDay).toHaveLength(1);
    // The sibling district sees none of it.
    expect(
      (await t.request({ method: 'GET', url: `/api/console/campaigns/${id}/stats`, cookie: await t.staffCookie('yuecheng') })).statusCode,
    ).toBe(404);
  });

  it('exports the settlement as .xlsx with a total row, and audits the export', async () => {
    const { t } = h;
    const keqiao = await t.staffCookie('keqiao');
    const r = await t.app.inject({
      method: 'GET',
      url: '/api/console/campaign-settlements/export?from=2026-01-01&to=2026-12-31',
      headers: { cookie: keqiao },
    });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    const workbook = new (await loadExcel()).Workbook();
    await workbook.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.getRow(2).values).toEqual([undefined, '日期', '商户', '活动', '核销张数', '订单金额（元）', '应结算优惠金额（元）']);
    expect(sheet?.getRow(3).getCell(1).value).toBe('合计');
    const audit = await t.request({ method: 'GET', url: '/api/console/audit?action=campaign.settlement_exported', cookie: keqiao });
    expect(audit.json().items.length).toBeGreaterThanOrEqual(1);
  });

  it('flags the accounts of a phone farm for their union’s staff', async () => {
    const { t } = h;
    const { id } = await newCampaign(t, campaignBody(t.demo.keqiao.id));
    const farm = await Promise.all(Array.from({ length: 4 }, () => newMember(t.platform)));
    for (const m of farm) {
      await t.request({
        method: 'POST',
        url: `/api/member/campaigns/${id}/claim`,
        cookie: m.cookie,
        headers: { 'x-device-id': 'same-phone-0001' },
      });
    }
    expect(await flagScriptedClaims(t.platform.db, new Date())).toBe(4);
    expect(await flagScriptedClaims(t.platform.db, new Date())).toBe(0);
    const flags = await t.request({ method: 'GET', url: '/api/console/campaign-claim-flags', cookie: await t.staffCookie('keqiao') });
    expect(flags.json().items).toHaveLength(4);
    expect(flags.json().items[0]).toMatchObject({ kind: 'shared_device', status: 'open', details: { accounts: 4 } });
    const sibling = await t.request({ method: 'GET', url: '/api/console/campaign-claim-flags', cookie: await t.staffCookie('yuecheng') });
    expect(sibling.json().items).toHaveLength(0);
    // The four were written by one statement, at one created_at: pages of three still show each once.
    const page = async (cursor?: string) =>
      (
        await t.request({
          method: 'GET',
          url: `/api/console/campaign-claim-flags?limit=3${cursor ? `&cursor=${cursor}` : ''}`,
          cookie: await t.staffCookie('keqiao'),
        })
      ).json<{ items: { id: string }[]; nextCursor: string | null }>();
    const firstPage = await page();
    const rest = await page(firstPage.nextCursor ?? 'none');
    expect([firstPage.items.length, rest.items.length, rest.nextCursor]).toEqual([3, 1, null]);
    expect(new Set([...firstPage.items, ...rest.items].map((f) => f.id))).toEqual(
      new Set(flags.json().items.map((f: { id: string }) => f.id)),
    );
    // The member number to look them up by; cleared with a reason, the flag leaves the open list.
    const first = flags.json().items[0] as { id: string; memberNo: string | null };
    expect(first.memberNo).toMatch(/^\d+/);
    const cleared = await t.request({
      method: 'POST',
      url: `/api/console/campaign-claim-flags/${first.id}/clear`,
      cookie: await t.staffCookie('keqiao'),
      body: { reason: '核实为本人正常领取' },
    });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect(cleared.json()).toMatchObject({ status: 'cleared', memberNo: first.memberNo });
  });
});
