import { client } from '../../../../shared/api-client.ts';
import type { ApiBody, ApiQuery, ApiResponse } from '../../../../shared/api-types.ts';

export type StaffMember = ApiResponse<'/api/console/staff/{staffId}', 'get'>;
export type StaffStatus = StaffMember['status'];
export type CreateStaffBody = ApiBody<'/api/console/staff', 'post'>;
export type UpdateStaffBody = ApiBody<'/api/console/staff/{staffId}', 'patch'>;

const of = (staffId: string) => ({ params: { staffId } });

export const staffApi = {
  list: (query: ApiQuery<'/api/console/staff', 'get'>) => client.get('/api/console/staff', { query }),
  create: (body: CreateStaffBody) => client.post('/api/console/staff', { body }),
  update: (staffId: string, body: UpdateStaffBody) => client.patch('/api/console/staff/{staffId}', { ...of(staffId), body }),
  resetPassword: (staffId: string, password: string) =>
    client.post('/api/console/staff/{staffId}/reset-password', { ...of(staffId), body: { password } }),
  resetTotp: (staffId: string) => client.post('/api/console/staff/{staffId}/reset-totp', of(staffId)),
  unlock: (staffId: string) => client.post('/api/console/staff/{staffId}/unlock', of(staffId)),
  signOutEverywhere: (staffId: string) => client.post('/api/console/staff/{staffId}/sign-out-everywhere', of(staffId)),
};

// Mirrors the server's password policy closely enough for a helpful message; the server decides.
export const MIN_PASSWORD_LENGTH = 12;
export const USERNAME_PATTERN = /^[A-Za-z0-9._-]{3,64}$/;
