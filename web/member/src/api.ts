// The member H5's calls to the server (same origin, session cookie set by the server).
import { client } from '../../shared/api-client.ts';
import type { ApiResponse } from '../../shared/api-types.ts';

export type MemberAccount = ApiResponse<'/api/member/me', 'get'>;
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
