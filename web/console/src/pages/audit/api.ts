import { api } from '../../../../shared/api.ts';
import type { ApiResponse } from '../../../../shared/api-types.ts';

/** A record as the server sends it (generated from its OpenAPI document). */
export type AuditRecord = ApiResponse<'/api/console/audit', 'get'>['items'][number];

export interface AuditQuery {
  action?: string;
  actorId?: string;
  targetId?: string;
  from?: string;
  to?: string;
  beforeSeq?: number;
  limit?: number;
}

export const auditApi = {
  list: (query: AuditQuery) =>
    api.get<{ items: AuditRecord[]; nextBeforeSeq: number | null }>('/api/console/audit', { limit: 50, ...query }),
};
