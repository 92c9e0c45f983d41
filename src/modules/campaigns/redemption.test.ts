import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useTestApp, type TestApp } from '../../../test/harness/app.js';
import { signRequest, type PartnerCredentials } from '../../platform/auth/partner-client.js';
import { newMember } from '../members/testing.js';
import { newPartner } from '../partners/testing.js';
import { expireCoupons } from './service/index.js';
import { campaignBody, newCampaign } from './testing.js';

function partnerCall(t: TestApp, creds: PartnerCredentials, request: Parameters<typeof signRequest>[1]) {
  const s = signRequest(creds, request);
  return t.app.inject({ method: s.method as 'POST', url: s.path, headers: s.headers, ...(s.body ? { payload: s.body } : {}) });
}

const redeem = (t: TestApp, creds: PartnerCredentials, body: unknown, idempotencyKey: string = randomUUID()) =>
  partnerCall(t, creds, { method: 'POST', path: '/partner/v1/coupons/redeem', body, idempotencyKey });

/** A 柯桥 member holding one 满3元减2.99元 coupon, and a 柯桥 merchant. */
async function couponAndMerchant(t: TestApp) {
  const campaign = await newCampaign(t, campaignBody(t.demo.keqiao.id));
  const m = await newMember(t.platform);
  const claimed = await t.request({ method: 'POST', url: `/api/member/campaigns/${campaign.id}/claim`, cookie: m.cookie });
  expect(claimed.statusCode).toBe(201);
  const { partner, key } = await newPartner(t.platform, t.demo.keqiao, { name: '柯桥便利店' });
  return { campaign, member: m, coupon: claimed.json<{ id: string; code: string }>(), merchant: partner, creds: key };
}

describe('redeeming a coupon at a merchant', () => {
  const h = useTestApp();

  it('redeems once on an order of at least 3 yuan: 2.99 off, the member pays the rest, the H5 shows it used', async () => {
    const { t } = h;
    const { coupon, creds, member } = await couponAndMerchant(t);
    const r = await redeem(t, creds, { code: coupon.code, orderAmountFen: 450, orderRef: 'POS-0001' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      couponCode: coupon.code,
      orderAmountFen: 450,
      discountFen: 299,
      payFen: 151,
      campaignName: '智送清凉',
    });
    const again = await redeem(t, creds, { code: coupon.code, orderAmountFen: 450 });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'campaigns.coupon_used', title: '该券已经使用过了' });
    const seen = await t.request({ method: 'GET', url: `/api/member/coupons/${coupon.id}`, cookie: member.cookie });
    expect(seen.json()).toMatchObject({ status: 'redeemed' });
  });

  it('refuses an order below the threshold, saying both amounts, and leaves the coupon usable', async () => {
    const { t } = h;
    const { coupon, creds } = await couponAndMerchant(t);
    const low = await redeem(t, creds, { code: coupon.code, orderAmountFen: 250 });
    expect(low.statusCode).toBe(422);
    expect(low.json()).toMatchObject({ code: 'campaigns.below_threshold', title: '订单金额 2.50 元未满 3.00 元，不能用券' });
    expect((await redeem(t, creds, { code: coupon.code, orderAmountFen: 300 })).json()).toMatchObject({ discountFen: 299, payFen: 1 });
  });

  it('answers a replayed request with the first answer, and refuses another body under the same key', async () => {
    const { t } = h;
    const { coupon, creds } = await couponAndMerchant(t);
    const key = randomUUID();
    const first = await redeem(t, creds, { code: coupon.code, orderAmountFen: 500 }, key);
    const retry = await redeem(t, creds, { code: coupon.code, orderAmountFen: 500 }, key);
    expect(retry.statusCode).toBe(200);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.json()).toEqual(first.json());
    const other = await redeem(t, creds, { code: coupon.code, orderAmountFen: 600 }, key);
    expect(other.json().code).toBe('auth.idempotency_key_reused');
    // A replay of the very same signed request (same nonce) is refused by the signature check.
    const s = signRequest(creds, {
      method: 'POST',
      path: '/partner/v1/coupons/redeem',
      body: { code: coupon.code, orderAmountFen: 500 },
      idempotencyKey: randomUUID(),
    });
    await t.app.inject({ method: 'POST', url: s.path, headers: s.headers, payload: s.body });
    const replayed = await t.app.inject({ method: 'POST', url: s.path, headers: s.headers, payload: s.body });
    expect(replayed.json().code).toBe('auth.nonce_replayed');
  });

  it('treats another union’s coupon, and an unknown code, as not found at this merchant', async () => {
    const { t } = h;
    const { coupon } = await couponAndMerchant(t);
    const { key: yuechengShop } = await newPartner(t.platform, t.demo.yuecheng, { name: '越城便利店' });
    const foreign = await redeem(t, yuechengShop, { code: coupon.code, orderAmountFen: 500 });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe('campaigns.coupon_foreign');
    expect((await redeem(t, yuechengShop, { code: '123456789012', orderAmountFen: 500 })).json().code).toBe('campaigns.coupon_foreign');
    // A merchant signed up by the province serves its districts' campaigns.
    const { key: provinceShop } = await newPartner(t.platform, t.demo.province, { name: '全省连锁便利店' });
    expect((await redeem(t, provinceShop, { code: coupon.code, orderAmountFen: 500 })).statusCode).toBe(200);
  });

  it('lets the cashier undo a redemption the same day, after which the coupon is used again once', async () => {
    const { t } = h;
    const { coupon, creds } = await couponAndMerchant(t);
    const done = (await redeem(t, creds, { code: coupon.code, orderAmountFen: 500 })).json<{ redemptionId: string }>();
    const undo = await partnerCall(t, creds, {
      method: 'POST',
      path: `/partner/v1/redemptions/${done.redemptionId}/void`,
      body: { reason: '顾客退货' },
      idempotencyKey: randomUUID(),
    });
    expect(undo.statusCode).toBe(200);
    expect(undo.json().voidedAt).not.toBeNull();
    expect((await redeem(t, creds, { code: coupon.code, orderAmountFen: 500 })).statusCode).toBe(200);
    const settlement = await partnerCall(t, creds, { method: 'GET', path: `/partner/v1/settlements?from=2020-01-01&to=2099-12-31` });
    // The voided redemption is not owed: one line, one coupon, 2.99 yuan.
    expect(settlement.json().items).toEqual([expect.objectContaining({ redeemed: 1, discountFen: 299, orderAmountFen: 500 })]);
  });

  it('refuses an expired coupon and a voided one', async () => {
    const { t } = h;
    const { coupon, creds } = await couponAndMerchant(t);
    expect(await expireCoupons(t.platform.db, new Date(Date.now() + 8 * 86_400_000))).toBe(1);
    expect((await redeem(t, creds, { code: coupon.code, orderAmountFen: 500 })).json().code).toBe('campaigns.coupon_expired');
    const second = await couponAndMerchant(t);
    const keqiao = await t.staffCookie('keqiao');
    const { newClaimFlag } = await import('./testing.js');
    const flagId = await newClaimFlag(t.platform.db, {
      accountId: second.member.accountId,
      memberId: second.member.memberId,
      orgId: second.member.orgId,
    });
    const blocked = await t.request({
      method: 'POST',
      url: `/api/console/campaign-claim-flags/${flagId}/block`,
      cookie: keqiao,
      body: { reason: '同一设备多个账号' },
    });
    expect(blocked.statusCode).toBe(200);
    expect((await redeem(t, second.creds, { code: second.coupon.code, orderAmountFen: 500 })).json().code).toBe('campaigns.coupon_voided');
  });
});

describe('redeeming by the QR', () => {
  const h = useTestApp();

  it('takes the scanned token the member’s coupon page shows, and refuses an old one (a screenshot)', async () => {
    const { t } = h;
    const { coupon, creds, member } = await couponAndMerchant(t);
    const qr = await t.request({ method: 'POST', url: `/api/member/coupons/${coupon.id}/qr`, cookie: member.cookie });
    expect(qr.statusCode).toBe(200);
    const { token } = qr.json<{ token: string }>();
    expect(token).toMatch(/^GHC1\./);
    // One character of the tag changed (not the last, whose low bits base64url may not carry).
    const at = token.length - 5;
    const tampered = `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
    expect(tampered).not.toBe(token);
    expect((await redeem(t, creds, { token: tampered, orderAmountFen: 500 })).json().code).toBe('campaigns.coupon_token_invalid');
    expect((await redeem(t, creds, { token, orderAmountFen: 500 })).json()).toMatchObject({ couponCode: coupon.code, discountFen: 299 });
    // A used coupon shows no fresh QR.
    expect((await t.request({ method: 'POST', url: `/api/member/coupons/${coupon.id}/qr`, cookie: member.cookie })).json().code).toBe(
      'campaigns.coupon_used',
    );
    expect((await redeem(t, creds, { code: coupon.code, token, orderAmountFen: 500 })).statusCode).toBe(400);
  });
});
