// The member H5's calls to the server (same origin, session cookie set by the server).
import { client } from '../../shared/api-client.ts';
import type { ApiResponse } from '../../shared/api-types.ts';

type Me = ApiResponse<'/api/member/me', 'get'>;
/** Who is signed in, as sign-in and /me both say it. */
export type MemberAccount = Pick<Me, 'id' | 'phoneMasked'>;
/** Whether this session has an openid from WeChat's 网页授权 (bound), and whether the server offers it (available). */
export type WechatStatus = Me['wechat'];
export type SmsMessage = ApiResponse<'/api/dev/sms-inbox', 'get'>['items'][number];

export const memberApi = {
  me: () => client.get('/api/member/me'),
  sendSmsCode: (phone: string) => client.post('/api/member/auth/sms-codes', { body: { phone } }),
  signIn: (phone: string, code: string) => client.post('/api/member/auth/sign-in', { body: { phone, code } }),
  signOut: () => client.post('/api/member/auth/sign-out'),
  devInbox: (signal?: AbortSignal) => client.get('/api/dev/sms-inbox', signal ? { signal } : {}),
};

export const PHONE_PATTERN = /^1[3-9]\d{9}$/;
export const SMS_CODE_PATTERN = /^\d{6}$/;
