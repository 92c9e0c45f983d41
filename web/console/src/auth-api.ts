import { api } from '../../shared/api.ts';
import type { StaffMe } from './session.tsx';

export type SignInResult =
  | { status: 'totp_required'; challengeId: string }
  | { status: 'totp_enrolment_required'; challengeId: string; otpauthUrl: string; qrDataUrl: string };

export const authApi = {
  me: () => api.get<StaffMe>('/api/console/me'),
  signIn: (username: string, password: string) => api.post<SignInResult>('/api/console/auth/sign-in', { username, password }),
  totp: (challengeId: string, code: string) => api.post<{ me: StaffMe }>('/api/console/auth/totp', { challengeId, code }),
  signOut: () => api.post<undefined>('/api/console/auth/sign-out'),
  signOutEverywhere: () => api.post<{ revoked: number }>('/api/console/auth/sign-out-everywhere'),
};
