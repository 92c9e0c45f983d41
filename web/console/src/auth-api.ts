import { client } from '../../shared/api-client.ts';
import type { ApiResponse } from '../../shared/api-types.ts';

export type SignInResult = ApiResponse<'/api/console/auth/sign-in', 'post'>;

export const authApi = {
  me: () => client.get('/api/console/me'),
  signIn: (username: string, password: string) => client.post('/api/console/auth/sign-in', { body: { username, password } }),
  totp: (challengeId: string, code: string) => client.post('/api/console/auth/totp', { body: { challengeId, code } }),
  signOut: () => client.post('/api/console/auth/sign-out'),
  signOutEverywhere: () => client.post('/api/console/auth/sign-out-everywhere'),
};
