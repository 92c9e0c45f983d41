// The member H5's calls to the server (same origin, session cookie set by the server).
import { api } from '../../shared/api.ts';

export interface MemberAccount {
  id: string;
  phoneMasked: string;
}

export interface SmsMessage {
  id: string;
  phone: string;
  text: string;
  createdAt: string;
}

export const memberApi = {
  me: () => api.get<MemberAccount>('/api/member/me'),
  sendSmsCode: (phone: string) => api.post<{ expiresInSeconds: number }>('/api/member/auth/sms-codes', { phone }),
  signIn: (phone: string, code: string) =>
    api.post<{ account: MemberAccount; firstSignIn: boolean }>('/api/member/auth/sign-in', { phone, code }),
  signOut: () => api.post<undefined>('/api/member/auth/sign-out'),
  devInbox: (signal?: AbortSignal) => api.get<{ items: SmsMessage[] }>('/api/dev/sms-inbox', undefined, signal),
};

export const PHONE_PATTERN = /^1[3-9]\d{9}$/;
export const SMS_CODE_PATTERN = /^\d{6}$/;
