// The benefits pages' calls: the member's campaigns, the claim, their coupons.
import { client, pathWith } from '../../../shared/api-client.ts';
import { request } from '../../../shared/api.ts';
import type { ApiResponse } from '../../../shared/api-types.ts';
import { deviceId } from './rules.ts';

export type MemberCampaignList = ApiResponse<'/api/member/campaigns', 'get'>;
export type MemberCampaign = MemberCampaignList['items'][number];
export type MemberCoupon = ApiResponse<'/api/member/coupons/{couponId}', 'get'>;

/** 128 random bits as hex; getRandomValues works on plain-HTTP pages too, where randomUUID does not. */
function randomHex(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export const campaignsApi = {
  list: (signal?: AbortSignal) => client.get('/api/member/campaigns', signal ? { signal } : {}),
  // Through request() rather than the typed client: the claim carries the device header.
  claim: (campaignId: string, smsCode?: string) =>
    request<ApiResponse<'/api/member/campaigns/{campaignId}/claim', 'post'>>(
      pathWith('/api/member/campaigns/{campaignId}/claim', { campaignId }),
      { method: 'POST', body: smsCode ? { smsCode } : {}, headers: { 'x-device-id': deviceId(browserStorage(), randomHex) } },
    ),
  // A campaign that asks for it: a code sent to the member's phone once today's coupons are out.
  claimCode: (campaignId: string) => client.post('/api/member/campaigns/{campaignId}/claim-code', { params: { campaignId } }),
  coupons: () => client.get('/api/member/coupons', { query: { limit: 200 } }),
  coupon: (couponId: string) => client.get('/api/member/coupons/{couponId}', { params: { couponId } }),
  // A signed one-minute token for the QR: a screenshot passed on is useless a minute later.
  couponQr: (couponId: string) => client.post('/api/member/coupons/{couponId}/qr', { params: { couponId } }),
};
