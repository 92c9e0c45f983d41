import { client } from '../../../../shared/api-client.ts';
import type { ApiBody, ApiResponse } from '../../../../shared/api-types.ts';

export const PARTNER_KINDS = ['merchant', 'hospital', 'transport', 'scenic', 'government', 'other'] as const;

export type Partner = ApiResponse<'/api/console/partners/{partnerId}', 'get'>;
export type PartnerKind = Partner['kind'];
export type PartnerKey = Partner['keys'][number];
export type CreatePartnerBody = ApiBody<'/api/console/partners', 'post'>;

const of = (partnerId: string) => ({ params: { partnerId } });

export const partnersApi = {
  list: () => client.get('/api/console/partners'),
  create: (body: CreatePartnerBody) => client.post('/api/console/partners', { body }),
  createKey: (partnerId: string, label?: string) =>
    client.post('/api/console/partners/{partnerId}/keys', { ...of(partnerId), body: label ? { label } : {} }),
  revealContactPhone: (partnerId: string, reason: string) =>
    client.post('/api/console/partners/{partnerId}/reveal-contact-phone', { ...of(partnerId), body: { reason } }),
  revokeKey: (partnerId: string, keyId: string) =>
    client.post('/api/console/partners/{partnerId}/keys/{keyId}/revoke', { params: { partnerId, keyId } }),
};
