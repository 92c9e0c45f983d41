import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/harness/app.js';
import { fixedWindowStart } from '../../platform/auth/rate-limit.js';
import { shanghaiDay } from '../../platform/db/columns.js';
import { queryRows, type Db } from '../../platform/db/tx.js';
import { newMember } from '../members/testing.js';
import { newStaff } from '../staff/testing.js';
import { campaignErrors } from './errors.js';
import { ClaimBatcher } from './service/claims.js';
import { couponCounts } from './service/index.js';
import { campaignBody, newCampaign } from './testing.js';

const claim = (t: TestApp, cookie: string, campaignId: string, headers: Record<string, string> = {}) =>
  t.request({ method: 'POST', url: `/api/member/campaigns/${campaignId}/claim`, cookie, headers });

describe('claiming in a burst', () => {
  const h = useTestApp();

  it('grants exactly the day’s quota when more members press at once, one coupon per member, the rest sold out', async () => {
    const { t } = h;
    const campaign = await newCampaign(t, campaignBody(t.demo.keqiao.id, { dailyQuota: 12 }));
    const members = await Promise.all(Array.from({ length: 20 }, () => newMember(t.platform)));
    // Every member presses twice in the same instant: 40 claims for 12 coupons.
    const answers = await Promise.all(members.flatMap((m) => [claim(t, m.cookie, campaign.id), claim(t, m.cookie, campaign.id)]));
    const codes = answers.map((a) => (a.statusCode === 201 ? 'granted' : a.json<{ code: string }>().code));
    expect(codes.filter((c) => c === 'granted')).toHaveLength(12);
    expect(new Set(codes)).toEqual(new Set(['granted', 'campaigns.sold_out', 'campaigns.already_claimed']));
    expect(answers.every((a) => a.statusCode < 500)).toBe(true);
    const holders = answers.filter((a) => a.statusCode === 201).map((a) => a.json<{ id: string }>().id);
    expect(new Set(holders).size).toBe(12);
    // The member whose press was granted holds one coupon; the database agrees with the answers.
    expect(await couponCounts(t.platform.db, campaign.id)).toEqual({ issued: 12 });
    const perMember = await Promise.all(
      members.map(
        async (m) =>
          (await t.request({ method: 'GET', url: '/api/member/coupons', cookie: m.cookie })).json<{ items: unknown[] }>().items.length,
      ),
    );
    expect(perMember.every((n) => n <= 1)).toBe(true);
    expect(perMember.reduce((a, b) => a + b, 0)).toBe(12);
  });

  it('lets a member claim again the next day only under a per-day limit; N per campaign counts across days', async () => {
    const { t } = h;
    const campaign = await newCampaign(t, campaignBody(t.demo.keqiao.id, { perMemberPeriod: 'campaign', perMemberLimit: 2 }));
    const m = await newMember(t.platform);
    expect((await claim(t, m.cookie, campaign.id)).statusCode).toBe(201);
    expect((await claim(t, m.cookie, campaign.id)).statusCode).toBe(201);
    const third = await claim(t, m.cookie, campaign.id);
    expect(third.statusCode).toBe(409);
    expect(third.json()).toMatchObject({ code: 'campaigns.already_claimed', title: '您已领过本活动的券（每人限领 2 张）' });
  });

  it('gives a district’s members its own campaign on top of the province’s: 斗门区’s "double" benefits, both the same day', async () => {
    const { t } = h;
    // A second staff member of the province approves the province's campaign.
    const { cookie: reviewer } = await newStaff(t.platform.db, t.demo.province, { campaigns: 'reviewer' });
    const province = await newCampaign(t, campaignBody(t.demo.province.id), { author: 'zhejiang', approverCookie: reviewer });
    const district = await newCampaign(t, campaignBody(t.demo.keqiao.id, { name: '柯桥区加倍清凉' }));
    const local = await newMember(t.platform);
    const neighbour = await newMember(t.platform, { workRegionCode: '330602001' });
    for (const id of [province.id, district.id]) expect((await claim(t, local.cookie, id)).statusCode).toBe(201);
    expect((await claim(t, neighbour.cookie, province.id)).statusCode).toBe(201);
    expect((await claim(t, neighbour.cookie, district.id)).json().code).toBe('campaigns.not_eligible');
  });

  it('stops at the budget cap even when the daily quota has room', async () => {
    const { t } = h;
    // 佛山 智贺新春's cap, scaled: a budget of 10 yuan pays for three 2.99-yuan coupons.
    const campaign = await newCampaign(t, campaignBody(t.demo.keqiao.id, { budgetFen: 1000 }));
    const members = await Promise.all(Array.from({ length: 5 }, () => newMember(t.platform)));
    const answers = await Promise.all(members.map((m) => claim(t, m.cookie, campaign.id)));
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(3);
  });
});

describe('claims refused, each with its code and nothing written', () => {
  const h = useTestApp();

  it('refuses before the release time and before the first day, with the time to count down to', async () => {
    const { t } = h;
    const tomorrow = shanghaiDay(new Date(Date.now() + 86_400_000));
    const later = await newCampaign(t, campaignBody(t.demo.keqiao.id, { startsOn: tomorrow, releaseTime: '10:00' }));
    const m = await newMember(t.platform);
    const r = await claim(t, m.cookie, later.id);
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('campaigns.not_started');
    expect(r.json().title).toMatch(/10:00 开抢$/);
    const ended = await newCampaign(t, campaignBody(t.demo.keqiao.id, { startsOn: '2022-07-01', endsOn: '2022-09-30' }));
    expect((await claim(t, m.cookie, ended.id)).json().code).toBe('campaigns.ended');
    expect(await couponCounts(t.platform.db, later.id)).toEqual({});
  });

  it('refuses a member outside the owner union’s subtree and one of another trade, saying why', async () => {
    const { t } = h;
    const yuecheng = await newCampaign(t, campaignBody(t.demo.yuecheng.id), { author: 'yuecheng' });
    const m = await newMember(t.platform);
    const outside = await claim(t, m.cookie, yuecheng.id);
    expect(outside.statusCode).toBe(403);
    expect(outside.json()).toMatchObject({
      code: 'campaigns.not_eligible',
      title: '您不符合本活动的领取条件：本活动仅限主办工会所属会员参加',
    });
    const couriersOnly = await newCampaign(t, campaignBody(t.demo.keqiao.id, { trades: ['courier'] }));
    expect((await claim(t, m.cookie, couriersOnly.id)).json().title).toContain('指定行业');
  });

  it('refuses an account that is not a member, and a draft campaign as not found', async () => {
    const { t } = h;
    const { newMemberAccount } = await import('../members/testing.js');
    const account = await newMemberAccount(t.platform);
    const campaign = await newCampaign(t, campaignBody(t.demo.keqiao.id));
    expect((await claim(t, account.cookie, campaign.id)).json().code).toBe('campaigns.not_a_member');
    const draft = await newCampaign(t, campaignBody(t.demo.keqiao.id), { approve: false });
    const m = await newMember(t.platform);
    expect((await claim(t, m.cookie, draft.id)).json().code).toBe('campaigns.not_found');
  });

  it('refuses a member who has left the union, and one suspended', async () => {
    const { t } = h;
    const campaign = await newCampaign(t, campaignBody(t.demo.keqiao.id));
    const keqiao = await t.staffCookie('keqiao');
    for (const action of ['leave', 'suspend'] as const) {
      const m = await newMember(t.platform);
      const changed = await t.request({
        method: 'POST',
        url: `/api/console/members/${m.memberId}/status`,
        cookie: keqiao,
        body: { action, reason: '本人申请' },
      });
      expect(changed.statusCode, changed.body).toBe(200);
      const r = await claim(t, m.cookie, campaign.id);
      expect(r.statusCode).toBe(403);
      expect(r.json()).toMatchObject({ code: 'campaigns.member_inactive', title: '您的会员资格已停用，不能领取' });
    }
    expect(await couponCounts(t.platform.db, campaign.id)).toEqual({});
  });

  it('refuses more than ten presses a minute from one account', async () => {
    const { t } = h;
    const campaign = await newCampaign(t, campaignBody(t.demo.keqiao.id, { perMemberPeriod: 'campaign', perMemberLimit: 50 }));
    const m = await newMember(t.platform);
    const answers = await Promise.all(Array.from({ length: 14 }, () => claim(t, m.cookie, campaign.id)));
    expect(answers.filter((a) => a.statusCode === 201)).toHaveLength(10);
    const limited = answers.filter((a) => a.statusCode === 429);
    expect(limited).toHaveLength(4);
    expect(limited[0]?.headers['retry-after']).toBeDefined();
  });
});

describe('a campaign that asks for a fresh SMS code at release time', () => {
  const h = useTestApp();

  it('refuses a claim without the code, or with a wrong one, and grants with the code sent to the member’s phone', async () => {
    const { t } = h;
    const campaign = await newCampaign(t, campaignBody(t.demo.keqiao.id, { requireSmsCode: true }));
    const m = await newMember(t.platform);
    const bare = await claim(t, m.cookie, campaign.id);
    expect(bare.statusCode).toBe(403);
    expect(bare.json().code).toBe('campaigns.sms_code_required');
    const sent = await t.request({ method: 'POST', url: `/api/member/campaigns/${campaign.id}/claim-code`, cookie: m.cookie });
    expect(sent.json()).toEqual({ expiresInSeconds: 300 });
    const sms = t.sms.sent.filter((s) => s.phone === m.phone).at(-1);
    expect(sms).toMatchObject({ template: 'campaign_claim_code', params: { campaign: '智送清凉' } });
    const withCode = (smsCode: string) =>
      t.request({ method: 'POST', url: `/api/member/campaigns/${campaign.id}/claim`, cookie: m.cookie, body: { smsCode } });
    const wrong = await withCode(sms?.params.code === '000000' ? '111111' : '000000');
    expect(wrong.json().code).toBe('campaigns.sms_code_invalid');
    expect((await withCode(sms?.params.code ?? '')).statusCode).toBe(201);
    // Single use: the same code does not claim again (and the limit would refuse anyway).
    expect((await withCode(sms?.params.code ?? '')).json().code).toBe('campaigns.sms_code_invalid');
  });

  it('sends no code before the release', async () => {
    const { t } = h;
    const tomorrow = shanghaiDay(new Date(Date.now() + 86_400_000));
    const later = await newCampaign(t, campaignBody(t.demo.keqiao.id, { requireSmsCode: true, startsOn: tomorrow }));
    const m = await newMember(t.platform);
    expect((await t.request({ method: 'POST', url: `/api/member/campaigns/${later.id}/claim-code`, cookie: m.cookie })).json().code).toBe(
      'campaigns.not_started',
    );
  });
});

type Member = Awaited<ReturnType<typeof newMember>>;

describe('a day that sells out while a batch is on its way to the lock', () => {
  const h = useTestApp();

  // Two batchers on one database, as two instances. The first's batch is held in its preparation by
  // a lock on its address's rate counter (PostgreSQL only: PGlite runs one statement at a time).
  it.runIf(Boolean(process.env.TEST_DATABASE_URL))(
    'answers its claims sold out at once, and the batch writes nothing for them',
    async () => {
      const { t } = h;
      const p = t.platform;
      const campaign = await newCampaign(t, campaignBody(t.demo.keqiao.id, { dailyQuota: 1 }));
      const [held, winner, poke, late] = (await Promise.all(Array.from({ length: 4 }, () => newMember(p)))) as [
        Member,
        Member,
        Member,
        Member,
      ];
      const now = new Date();
      const day = shanghaiDay(now);
      const soldOut = { day, answer: () => campaignErrors.soldOut({ at: 'tomorrow' }) };
      const request = (m: { accountId: string }, ip: string) => ({
        accountId: m.accountId,
        campaignId: campaign.id,
        ip,
        deviceId: null,
        now,
      });
      const first = new ClaimBatcher(p.db, p);
      const second = new ClaimBatcher(p.db, p);

      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const counterLocked = new Promise<void>((resolve) => (locked = resolve));
      const holder = p.db.transaction(async (tx) => {
        await tx.execute(
          sql`insert into auth_rate_counter (bucket, window_start, hits) values ('claim:ip:203.0.113.7', ${fixedWindowStart({ bucket: '', window: { seconds: 60 }, limit: 0 }, now)}, 0)`,
        );
        locked();
        await gate;
      });
      await counterLocked;
      const outcome = (claim: Promise<unknown>) =>
        claim.then(
          () => 'granted',
          (error: unknown) => (error as { code?: string }).code,
        );
      const heldClaim = outcome(first.claim(request(held, '203.0.113.7'), soldOut));
      await waitForLockWait(p.db, 'auth_rate_counter');

      try {
        expect(await outcome(second.claim(request(winner, '203.0.113.8'), soldOut))).toBe('granted');
        // The next press on the first instance sweeps its queue, and the batch still preparing with it.
        expect(await outcome(first.claim(request(poke, '203.0.113.9'), soldOut))).toBe('campaigns.sold_out');
        expect(await Promise.race([heldClaim, Promise.resolve('still waiting')])).toBe('campaigns.sold_out');
      } finally {
        release();
        await holder;
      }
      // A claim that no sweep answers goes through the lock and hears the same; by then the held batch has done its work.
      expect(await outcome(first.claim(request(late, '203.0.113.9')))).toBe('campaigns.sold_out');
      expect(await couponCounts(p.db, campaign.id)).toEqual({ issued: 1 });
    },
  );
});

/** Resolves once a statement on `table` waits for a lock (the other side of the test holds it). */
async function waitForLockWait(db: Db, table: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const [row] = await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like ${`%${table}%`}`,
    );
    if ((row?.n ?? 0) > 0) return;
  }
  throw new Error(`no statement on ${table} waited for its lock`);
}
