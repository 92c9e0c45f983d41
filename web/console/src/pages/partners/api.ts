import { api } from '../../../../shared/api.ts';

export const PARTNER_KINDS = ['merchant', 'hospital', 'transport', 'scenic', 'government', 'other'] as const;
export type PartnerKind = (typeof PARTNER_KINDS)[number];

export interface PartnerKey {
  id: string;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface Partner {
  id: string;
  name: string;
  kind: PartnerKind;
  orgId: string;
  status: string;
  contactName: string | null;
  contactPhoneMasked: string | null;
  keys: PartnerKey[];
}

export interface CreatePartnerBody {
  orgId: string;
  name: string;
  kind: PartnerKind;
  uscc?: string;
}

const path = (partnerId: string) => `/api/console/partners/${encodeURIComponent(partnerId)}`;

export const partnersApi = {
  list: () => api.get<{ items: Partner[] }>('/api/console/partners'),
  create: (body: CreatePartnerBody) => api.post<Partner>('/api/console/partners', body),
  createKey: (partnerId: string, label?: string) =>
    api.post<{ keyId: string; secret: string }>(`${path(partnerId)}/keys`, label ? { label } : {}),
  revealContactPhone: (partnerId: string, reason: string) =>
    api.post<{ contactPhone: string | null }>(`${path(partnerId)}/reveal-contact-phone`, { reason }),
  revokeKey: (partnerId: string, keyId: string) => api.post<unknown>(`${path(partnerId)}/keys/${encodeURIComponent(keyId)}/revoke`),
};
