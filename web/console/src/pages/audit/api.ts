import { api } from '../../../../shared/api.ts';

export interface AuditRecord {
  seq: number;
  at: string;
  actorKind: string;
  actorId: string | null;
  actorName: string | null;
  orgId: string | null;
  orgPath: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  reason: string | null;
  requestId: string | null;
  ip: string | null;
  details: unknown;
  hash: string | null;
}

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
