import { api } from '../../../../shared/api.ts';
import type { Roles } from '../../access.ts';

export type StaffStatus = 'active' | 'disabled';

export interface StaffMember {
  id: string;
  username: string;
  displayName: string;
  org: { id: string; name: string };
  roles: Roles;
  status: StaffStatus;
  lockedUntil: string | null;
  lastSignInAt: string | null;
  totpEnrolled: boolean;
}

export interface CreateStaffBody {
  orgId: string;
  username: string;
  displayName: string;
  password: string;
  roles: Roles;
}

export interface UpdateStaffBody {
  displayName?: string;
  roles?: Roles;
  status?: StaffStatus;
}

const path = (staffId: string) => `/api/console/staff/${encodeURIComponent(staffId)}`;

export const staffApi = {
  list: (query: { orgId?: string; q?: string }) => api.get<{ items: StaffMember[] }>('/api/console/staff', query),
  create: (body: CreateStaffBody) => api.post<StaffMember>('/api/console/staff', body),
  update: (staffId: string, body: UpdateStaffBody) => api.patch<StaffMember>(path(staffId), body),
  resetPassword: (staffId: string, password: string) => api.post<unknown>(`${path(staffId)}/reset-password`, { password }),
  resetTotp: (staffId: string) => api.post<unknown>(`${path(staffId)}/reset-totp`),
  unlock: (staffId: string) => api.post<unknown>(`${path(staffId)}/unlock`),
  signOutEverywhere: (staffId: string) => api.post<{ revoked?: number } | undefined>(`${path(staffId)}/sign-out-everywhere`),
};

// Mirrors the server's password policy closely enough for a helpful message; the server decides.
export const MIN_PASSWORD_LENGTH = 12;
export const USERNAME_PATTERN = /^[A-Za-z0-9._-]{3,64}$/;
